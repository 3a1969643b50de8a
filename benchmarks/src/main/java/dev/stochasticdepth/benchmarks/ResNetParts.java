package dev.stochasticdepth.benchmarks;

import ai.djl.nn.Block;
import dev.stochasticdepth.samples.resnet.BasicUnit;
import dev.stochasticdepth.samples.resnet.BottleneckUnit;
import dev.stochasticdepth.samples.resnet.Layers;

/**
 * The layers of the two benchmarked networks, shared by every variant definition: those of the
 * samples' ResNet-56 (CIFAR layout) and ResNet-50 (ImageNet layout), with the units numbered
 * through all stages so that one repeated layer method lists them.
 */
final class ResNetParts {

    /** The drop rate of the deepest block in every variant: the paper's setting, with LINEAR. */
    static final double DROP = 0.5;

    /**
     * The lower rate of the long experiment (docs/experiments), at which skipping saves less: the
     * mean rate over the blocks is about half the deepest block's.
     */
    static final double LOW_DROP = 0.1;

    /** The outputs of the classifier. */
    static final int CLASSES = 10;

    /** The residual units of ResNet-56: 3 stages of 9. */
    static final int RESNET56_UNITS = 27;

    /** The bottleneck units of ResNet-50. */
    static final int RESNET50_UNITS = 16;

    /** The bottleneck units of ResNet-50 per stage, conv2_x to conv5_x. */
    private static final int[] RESNET50_STAGES = {3, 4, 6, 3};

    private ResNetParts() {}

    /**
     * Returns unit {@code i} of ResNet-56.
     *
     * @param i the 0-based unit, of {@link #RESNET56_UNITS}
     * @return the unit
     */
    static BasicUnit cifarUnit(int i) {
        return BasicUnit.cifar(i / 9, i % 9);
    }

    /**
     * Returns unit {@code i} of ResNet-50.
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
        return BottleneckUnit.imageNet(stage, index);
    }

    /**
     * Returns the stem of ResNet-56.
     *
     * @return the stem
     */
    static Block cifarStem() {
        return Layers.cifarStem();
    }

    /**
     * Returns the stem of ResNet-50.
     *
     * @return the stem
     */
    static Block imageNetStem() {
        return Layers.imageNetStem();
    }

    /**
     * Returns the head of both networks, with {@link #CLASSES} outputs.
     *
     * @return the head
     */
    static Block head() {
        return Layers.head(CLASSES);
    }
}
