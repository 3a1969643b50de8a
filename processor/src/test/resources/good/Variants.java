package test;

import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.StochasticMethod;

/** The forward paths not covered elsewhere: each method, scaling and skipDropped combination. */
final class Variants {
    private Variants() {}

    @StochasticDepth(drop = 0.5, scaling = Scaling.TRAINING, target = Basic.class)
    static final class SampleTraining {
        @Layer(order = 0, repeat = 2)
        static Basic unit(int i) {
            return new Basic(8);
        }
    }

    @StochasticDepth(drop = 0.5, skipDropped = true, target = Basic.class)
    static final class SampleSkipDropped {
        @Layer(order = 0, repeat = 2)
        static Basic unit(int i) {
            return new Basic(8);
        }
    }

    @StochasticDepth(
            drop = 0.5,
            scaling = Scaling.TRAINING,
            skipDropped = true,
            target = Basic.class)
    static final class SampleTrainingSkipDropped {
        @Layer(order = 0, repeat = 2)
        static Basic unit(int i) {
            return new Basic(8);
        }
    }

    @StochasticDepth(
            drop = 0.5,
            method = StochasticMethod.BLOCK,
            scaling = Scaling.TRAINING,
            target = Basic.class)
    static final class BlockTraining {
        @Layer(order = 0, repeat = 2)
        static Basic unit(int i) {
            return new Basic(8);
        }
    }
}
