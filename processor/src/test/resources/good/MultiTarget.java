package test;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepth;

/**
 * Two target types, a plain residual between them that never drops, and the same target type as
 * {@link ResNet50} in the same package: both networks nest their own {@code BottleneckBlock}.
 */
@StochasticDepth(
        drop = 0.1,
        distribution = Distribution.UNIFORM,
        scaling = Scaling.TRAINING,
        target = {Basic.class, Bottleneck.class})
final class MultiTarget {
    @Layer(order = 1, repeat = 2)
    static Basic stage1(int i) {
        return new Basic(64);
    }

    @Layer(order = 2)
    static Transition down() {
        return new Transition(128);
    }

    @Layer(order = 3, repeat = 3)
    static Bottleneck stage2(int i) {
        return new Bottleneck(128, 1, i == 0);
    }

    @Layer(order = 4)
    static Basic last(int i) {
        return new Basic(128);
    }

    @Layer(order = 5)
    static Block head() {
        return Blocks.batchFlattenBlock();
    }
}
