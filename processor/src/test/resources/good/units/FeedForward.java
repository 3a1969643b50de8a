package test;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Residual;

/** The MLP residual of a pre-norm encoder layer: layer norm, Linear, GELU, Linear. */
@Residual(postActivation = PostActivation.NONE)
public record FeedForward(int dim, int hidden) {

    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(LayerNorm.builder().build())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation::gelu)
                .add(Linear.builder().setUnits(dim).build());
    }
}
