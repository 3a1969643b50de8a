package dev.stochasticdepth.samples.resnet;

import ai.djl.nn.Block;

/**
 * The benchmarks' window on the samples' package-private ResNet layers, so that the benchmarked
 * networks are built by exactly the code of the samples' ResNet-56 and ResNet-50 definitions.
 *
 * <p>It lives in the samples' package but ships with the benchmarks module: the samples keep
 * their layers package-private, and nothing else needs them public.
 */
public final class SampleLayers {

    private SampleLayers() {}

    /**
     * Returns the CIFAR stem of {@link ResNet56}.
     *
     * @return a 3x3 convolution of 16 filters, batch norm and ReLU
     */
    public static Block cifarStem() {
        return Layers.cifarStem();
    }

    /**
     * Returns the ImageNet stem of {@link ResNet50}.
     *
     * @return a 7x7 stride-2 convolution, batch norm, ReLU and stride-2 max pooling
     */
    public static Block imageNetStem() {
        return Layers.imageNetStem();
    }

    /**
     * Returns global average pooling and the classifier.
     *
     * @param classes the number of outputs
     * @return the head
     */
    public static Block head(int classes) {
        return Layers.head(classes);
    }

    /**
     * Returns unit {@code index} of CIFAR stage {@code stage}, as in {@link ResNet56}.
     *
     * @param stage the 0-based stage
     * @param index the 0-based unit within the stage
     * @return the unit
     */
    public static BasicUnit cifarUnit(int stage, int index) {
        return BasicUnit.cifar(stage, index);
    }

    /**
     * Returns unit {@code index} of ImageNet stage {@code stage}, as in {@link ResNet50}.
     *
     * @param stage the 0-based stage
     * @param index the 0-based unit within the stage
     * @return the unit
     */
    public static BottleneckUnit imageNetUnit(int stage, int index) {
        return BottleneckUnit.imageNet(stage, index);
    }
}
