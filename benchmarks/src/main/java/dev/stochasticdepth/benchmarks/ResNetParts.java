package dev.stochasticdepth.benchmarks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.stochasticdepth.samples.resnet.BasicUnit;
import dev.stochasticdepth.samples.resnet.BottleneckUnit;

/**
 * The layers of the two benchmarked networks, shared by every variant definition: the samples'
 * residual units ({@link BasicUnit}, {@link BottleneckUnit}) in the layouts of He et al. (2016),
 * between a stem and a classifier head.
 */
final class ResNetParts {

    /** The drop rate of the deepest block in every variant: the paper's setting, with LINEAR. */
    static final double DROP = 0.5;

    /** The outputs of the classifier. */
    static final int CLASSES = 10;

    /** The residual units of ResNet-56 in the CIFAR layout: 3 stages of 9. */
    static final int RESNET56_UNITS = 27;

    /** The bottleneck units of ResNet-50 per stage, conv2_x to conv5_x. */
    private static final int[] RESNET50_STAGES = {3, 4, 6, 3};

    /** The bottleneck units of ResNet-50. */
    static final int RESNET50_UNITS = 16;

    private ResNetParts() {}

    /**
     * Returns unit {@code i} of CIFAR ResNet-56: 16, 32 and 64 filters, stride 2 (with a projection
     * shortcut) in the first unit of the second and third stages.
     *
     * @param i the 0-based unit, of {@link #RESNET56_UNITS}
     * @return the unit
     */
    static BasicUnit cifarUnit(int i) {
        int stage = i / 9;
        return new BasicUnit(16 << stage, stage > 0 && i % 9 == 0 ? 2 : 1);
    }

    /**
     * Returns unit {@code i} of ImageNet ResNet-50: widths 64 to 512, stride 2 in the first unit of
     * every stage but the first, projection shortcuts in the first unit of every stage.
     *
     * @param i the 0-based unit, of {@link #RESNET50_UNITS}
     * @return the unit
     */
    static BottleneckUnit imageNetUnit(int i) {
        int stage = 0;
        int index = i;
        while (index >= RESNET50_STAGES[stage]) {
            index -= RESNET50_STAGES[stage];
            stage++;
        }
        return new BottleneckUnit(64 << stage, stage > 0 && index == 0 ? 2 : 1, index == 0);
    }

    /**
     * Returns the CIFAR stem: a 3x3 convolution of 16 filters, batch norm and ReLU.
     *
     * @return the stem
     */
    static Block cifarStem() {
        return new SequentialBlock().add(conv(16, 3, 1)).add(batchNorm()).add(Activation::relu);
    }

    /**
     * Returns the ImageNet stem: a 7x7 stride-2 convolution of 64 filters, batch norm, ReLU and 3x3
     * stride-2 max pooling.
     *
     * @return the stem
     */
    static Block imageNetStem() {
        return new SequentialBlock()
                .add(conv(64, 7, 2))
                .add(batchNorm())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }

    /**
     * Returns global average pooling and a linear classifier of {@link #CLASSES} outputs.
     *
     * @return the head
     */
    static Block head() {
        return new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    private static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).build();
    }
}
