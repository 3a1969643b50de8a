package test;

import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/**
 * Residual blocks and layers in one schedule: a target layer whose sublayers are a target unit
 * (they share its nested block class), and a layer that is no target, left plain.
 */
@StochasticDepth(drop = 0.3, target = {BasicPair.class, Basic.class})
final class Hybrid {
    @Layer(order = 0, repeat = 2)
    static Basic units(int i) {
        return new Basic(16);
    }

    @Layer(order = 1, repeat = 2)
    static BasicPair pairs(int i) {
        return new BasicPair(16);
    }

    @Layer(order = 2)
    static EncoderLayer plain() {
        return new EncoderLayer(16);
    }
}
