package test;

import dev.stochasticdepth.annotations.ResidualLayer;
import dev.stochasticdepth.annotations.Sublayer;

/** Two basic units that share one rate. */
@ResidualLayer
public record BasicPair(int filters) {

    @Sublayer(order = 0)
    Basic first() {
        return new Basic(filters);
    }

    @Sublayer(order = 1)
    Basic second() {
        return new Basic(filters);
    }
}
