package test;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/** More rates than one array literal holds: the table is split into chunks. */
@StochasticDepth(drop = 0.5, distribution = Distribution.UNIFORM, target = Basic.class)
final class Deep {
    @Layer(order = 0, repeat = 1030)
    static Basic unit(int i) {
        return new Basic(8);
    }
}
