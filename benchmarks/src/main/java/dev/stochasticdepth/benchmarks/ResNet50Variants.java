package dev.stochasticdepth.benchmarks;

import ai.djl.nn.Block;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.samples.resnet.BottleneckUnit;

/**
 * ImageNet-layout ResNet-50 as one stochastic-depth definition per benchmarked setting, all with
 * drop 0.5 and the linear schedule of Huang et al. (2016); the processor generates {@code
 * StochasticResNet50Variants_Xxx} from each nested class. Each extends {@link Layers}, whose layers
 * come from {@link ResNetParts}, so the variants differ only in their annotation.
 */
final class ResNet50Variants {

    private ResNet50Variants() {}

    /** The layers of the ImageNet-layout ResNet-50, which every variant inherits. */
    abstract static class Layers {
        private Layers() {}

        @Layer(order = 0)
        static Block stem() {
            return ResNetParts.imageNetStem();
        }

        @Layer(order = 1, repeat = ResNetParts.RESNET50_UNITS)
        static BottleneckUnit unit(int i) {
            return ResNetParts.imageNetUnit(i);
        }

        @Layer(order = 2)
        static Block head() {
            return ResNetParts.head();
        }
    }

    /** Sample-wise drop, branches scaled by 1 - p at inference. */
    @StochasticDepth(drop = ResNetParts.DROP, target = BottleneckUnit.class)
    static final class Sample extends Layers {
        private Sample() {}
    }

    /** Sample-wise drop, kept branches divided by 1 - p in training. */
    @StochasticDepth(
            drop = ResNetParts.DROP,
            scaling = Scaling.TRAINING,
            target = BottleneckUnit.class)
    static final class SampleTraining extends Layers {
        private SampleTraining() {}
    }

    /** Sample-wise drop, branches scaled by 1 - p at inference, dropped samples skip the branch. */
    @StochasticDepth(drop = ResNetParts.DROP, skipDropped = true, target = BottleneckUnit.class)
    static final class SampleSkip extends Layers {
        private SampleSkip() {}
    }

    /**
     * Sample-wise drop, kept branches divided by 1 - p in training, dropped samples skip the
     * branch.
     */
    @StochasticDepth(
            drop = ResNetParts.DROP,
            scaling = Scaling.TRAINING,
            skipDropped = true,
            target = BottleneckUnit.class)
    static final class SampleSkipTraining extends Layers {
        private SampleSkipTraining() {}
    }

    /** Block-wise drop, branches scaled by 1 - p at inference. */
    @StochasticDepth(
            drop = ResNetParts.DROP,
            method = StochasticMethod.BLOCK,
            target = BottleneckUnit.class)
    static final class BlockWise extends Layers {
        private BlockWise() {}
    }

    /** Block-wise drop, kept branches divided by 1 - p in training. */
    @StochasticDepth(
            drop = ResNetParts.DROP,
            method = StochasticMethod.BLOCK,
            scaling = Scaling.TRAINING,
            target = BottleneckUnit.class)
    static final class BlockWiseTraining extends Layers {
        private BlockWiseTraining() {}
    }
}
