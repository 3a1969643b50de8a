package test;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.StochasticMethod;

/** A custom name, the whole batch drops together, and a unit without post-activation. */
@StochasticDepth(
        name = "TinyStochasticNet",
        drop = 0.25,
        distribution = Distribution.LINEAR_FROM_ZERO,
        method = StochasticMethod.BLOCK,
        target = PreActivation.class)
public final class TinyNet {
    @Layer(order = 0, repeat = 3)
    static PreActivation unit(int i) {
        return new PreActivation(16);
    }
}
