package test;

import dev.stochasticdepth.annotations.ResidualLayer;
import dev.stochasticdepth.annotations.Sublayer;

/** A pre-norm transformer encoder layer: attention, then the MLP, at one rate. */
@ResidualLayer
public final class EncoderLayer {
    private final int dim;

    public EncoderLayer(int dim) {
        this.dim = dim;
    }

    // Declared MLP first: the order member, not the source order, sets the forward order.
    @Sublayer(order = 1)
    public FeedForward mlp() {
        return new FeedForward(dim, 4 * dim);
    }

    @Sublayer(order = 0)
    public Attention attention() {
        return new Attention(dim, 2);
    }
}
