package test;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.StochasticMethod;

/** One single-unit network per forward path, to compare with the runtime's general forward. */
final class Forwards {
    private Forwards() {}

    /** The one layer of every network below; they differ only in their annotation. */
    abstract static class OneUnit {
        @Layer(order = 0)
        static Dense unit() {
            return new Dense(16);
        }
    }

    @StochasticDepth(
            drop = 0.5,
            distribution = Distribution.UNIFORM,
            method = StochasticMethod.SAMPLE,
            scaling = Scaling.INFERENCE,
            skipDropped = false,
            target = Dense.class)
    static final class SampleInference extends OneUnit {}

    @StochasticDepth(
            drop = 0.5,
            distribution = Distribution.UNIFORM,
            method = StochasticMethod.SAMPLE,
            scaling = Scaling.TRAINING,
            skipDropped = false,
            target = Dense.class)
    static final class SampleTraining extends OneUnit {}

    @StochasticDepth(
            drop = 0.5,
            distribution = Distribution.UNIFORM,
            method = StochasticMethod.SAMPLE,
            scaling = Scaling.INFERENCE,
            skipDropped = true,
            target = Dense.class)
    static final class SampleInferenceSkipDropped extends OneUnit {}

    @StochasticDepth(
            drop = 0.5,
            distribution = Distribution.UNIFORM,
            method = StochasticMethod.SAMPLE,
            scaling = Scaling.TRAINING,
            skipDropped = true,
            target = Dense.class)
    static final class SampleTrainingSkipDropped extends OneUnit {}

    @StochasticDepth(
            drop = 0.5,
            distribution = Distribution.UNIFORM,
            method = StochasticMethod.BLOCK,
            scaling = Scaling.INFERENCE,
            skipDropped = false,
            target = Dense.class)
    static final class BlockInference extends OneUnit {}

    @StochasticDepth(
            drop = 0.5,
            distribution = Distribution.UNIFORM,
            method = StochasticMethod.BLOCK,
            scaling = Scaling.TRAINING,
            skipDropped = false,
            target = Dense.class)
    static final class BlockTraining extends OneUnit {}
}
