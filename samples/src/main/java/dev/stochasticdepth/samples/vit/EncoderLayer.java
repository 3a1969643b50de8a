package dev.stochasticdepth.samples.vit;

import dev.stochasticdepth.annotations.ResidualLayer;
import dev.stochasticdepth.annotations.Sublayer;

/**
 * A pre-norm transformer encoder layer (timm's and DeiT's {@code Block}): the attention residual,
 * then the MLP residual, both at the layer's one drop rate, each drawing its own keep bits.
 */
@ResidualLayer
public final class EncoderLayer {

    private final int dim;
    private final int heads;
    private final int hidden;

    /**
     * Creates the layer.
     *
     * @param dim the token width D
     * @param heads the attention heads, a divisor of {@code dim}
     * @param hidden the width of the MLP's hidden layer
     */
    public EncoderLayer(int dim, int heads, int hidden) {
        this.dim = dim;
        this.heads = heads;
        this.hidden = hidden;
    }

    /**
     * Returns the attention residual, the layer's first.
     *
     * @return the residual
     */
    @Sublayer(order = 0)
    public SelfAttention attention() {
        return new SelfAttention(dim, heads);
    }

    /**
     * Returns the MLP residual, the layer's second.
     *
     * @return the residual
     */
    @Sublayer(order = 1)
    public Mlp mlp() {
        return new Mlp(dim, hidden);
    }
}
