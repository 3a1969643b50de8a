package dev.stochasticdepth.samples.resnet;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The building blocks shared by the ResNet definitions: convolutions, batch normalisation, the
 * stems and the classification head.
 *
 * <p>Convolutions infer their input channels when the network is initialised, so the same
 * definitions take 1-channel Fashion-MNIST as well as 3-channel images.
 */
public final class Layers {

    private Layers() {}

    /**
     * Returns a bias-free square convolution with "same" padding, as batch norm follows it.
     *
     * @param filters the output channels
     * @param kernel the kernel side, odd
     * @param stride the stride
     * @return the convolution
     */
    static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    /**
     * Returns batch normalisation over the channel axis with PyTorch's epsilon.
     *
     * @return the block
     */
    static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-5f).build();
    }

    /**
     * Returns a 1x1 convolution and batch norm: the projection shortcut that changes the channel
     * count or the resolution of a residual unit.
     *
     * @param filters the output channels
     * @param stride the stride
     * @return the shortcut
     */
    static Block projection(int filters, int stride) {
        return new SequentialBlock().add(conv(filters, 1, stride)).add(batchNorm());
    }

    /**
     * Returns the identity, or a projection when the unit changes shape.
     *
     * @param project whether the shape changes
     * @param filters the output channels
     * @param stride the stride
     * @return the shortcut
     */
    static Block shortcut(boolean project, int filters, int stride) {
        return project ? projection(filters, stride) : Blocks.identityBlock();
    }

    /**
     * Returns the ImageNet stem of He et al. (2016): a 7x7 stride-2 convolution of 64 filters,
     * batch norm, ReLU and 3x3 stride-2 max pooling; it divides the resolution by 4.
     *
     * @return the stem
     */
    public static Block imageNetStem() {
        return new SequentialBlock()
                .add(conv(64, 7, 2))
                .add(batchNorm())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
    }

    /**
     * Returns the CIFAR stem of He et al. (2016): a 3x3 convolution of 16 filters, batch norm and
     * ReLU, at full resolution.
     *
     * @return the stem
     */
    public static Block cifarStem() {
        return new SequentialBlock().add(conv(16, 3, 1)).add(batchNorm()).add(Activation::relu);
    }

    /**
     * Returns global average pooling followed by a fully connected layer.
     *
     * @param classes the number of outputs
     * @return the head, giving {@code (N, classes)} logits
     */
    public static Block head(int classes) {
        return new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /**
     * Returns batch norm and ReLU, then {@link #head}: the end of a pre-activation network, whose
     * last unit leaves its sum unnormalised.
     *
     * @param classes the number of outputs
     * @return the head, giving {@code (N, classes)} logits
     */
    static Block preActivationHead(int classes) {
        return new SequentialBlock().add(batchNorm()).add(Activation::relu).add(head(classes));
    }
}
