package test;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Residual;

/** The attention residual of a pre-norm encoder layer: layer norm, then self-attention. */
@Residual(postActivation = PostActivation.NONE)
public record Attention(int dim, int heads) {

    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(LayerNorm.builder().build())
                .add(
                        ScaledDotProductAttentionBlock.builder()
                                .setEmbeddingSize(dim)
                                .setHeadCount(heads)
                                .optAttentionProbsDropoutProb(0f)
                                .build());
    }
}
