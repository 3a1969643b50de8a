package dev.stochasticdepth.samples.vit;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Residual;

/**
 * The attention residual of a pre-norm encoder layer: {@code x + attention(norm(x))} on tokens
 * {@code (N, T, D)}, with DJL's multi-head scaled dot-product self-attention and nothing after the
 * addition.
 */
@Residual(postActivation = PostActivation.NONE)
public final class SelfAttention {

    private final int dim;
    private final int heads;

    /**
     * Creates the residual.
     *
     * @param dim the token width D
     * @param heads the attention heads, a divisor of {@code dim}
     */
    public SelfAttention(int dim, int heads) {
        this.dim = dim;
        this.heads = heads;
    }

    /**
     * Returns layer norm over the token width, then self-attention without attention dropout
     * (stochastic depth is the regulariser here, as in DeiT).
     *
     * @return the residual branch
     */
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
