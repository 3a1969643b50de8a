package test;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/** ResNet-50 for ten classes, all layers static: the paper's linear decay up to 0.2. */
@StochasticDepth(drop = 0.2, distribution = Distribution.LINEAR, target = Bottleneck.class)
public final class ResNet50 {
    private ResNet50() {}

    @Layer(order = 0)
    static Block stem() {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setFilters(64)
                                .setKernelShape(new Shape(7, 7))
                                .optStride(new Shape(2, 2))
                                .optPadding(new Shape(3, 3))
                                .build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }

    @Layer(order = 1, repeat = 3)
    static Bottleneck conv2(int i) {
        return new Bottleneck(256, 1, i == 0);
    }

    @Layer(order = 2, repeat = 4)
    static Bottleneck conv3(int i) {
        return new Bottleneck(512, i == 0 ? 2 : 1, i == 0);
    }

    @Layer(order = 3, repeat = 6)
    static Bottleneck conv4(int i) {
        return new Bottleneck(1024, i == 0 ? 2 : 1, i == 0);
    }

    @Layer(order = 4, repeat = 3)
    static Bottleneck conv5(int i) {
        return new Bottleneck(2048, i == 0 ? 2 : 1, i == 0);
    }

    @Layer(order = 5)
    static Block head() {
        return new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }
}
