package dev.stochasticdepth.samples.vit;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Residual;

/**
 * The MLP residual of a pre-norm encoder layer: {@code x + fc2(gelu(fc1(norm(x))))} on every token,
 * nothing after the addition.
 */
@Residual(postActivation = PostActivation.NONE)
public final class Mlp {

    private final int dim;
    private final int hidden;

    /**
     * Creates the residual.
     *
     * @param dim the token width D
     * @param hidden the width of the hidden layer
     */
    public Mlp(int dim, int hidden) {
        this.dim = dim;
        this.hidden = hidden;
    }

    /**
     * Returns layer norm, Linear to {@code hidden}, GELU, Linear back to {@code dim}.
     *
     * @return the residual branch
     */
    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(LayerNorm.builder().build())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation::gelu)
                .add(Linear.builder().setUnits(dim).build());
    }
}
