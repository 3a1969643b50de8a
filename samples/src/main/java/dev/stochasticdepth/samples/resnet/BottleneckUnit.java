package dev.stochasticdepth.samples.resnet;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.Residual;
import dev.stochasticdepth.annotations.Shortcut;

/**
 * The bottleneck residual unit of ResNet-50/101/152: 1x1, 3x3 and 1x1 convolutions that narrow to
 * {@code width} channels and widen again to {@code 4 * width}, ReLU after the addition.
 *
 * <p>The stride sits on the 3x3 convolution, as in torchvision and DJL's {@code ResNetV1} ("ResNet
 * v1.5"), not on the first 1x1 convolution as in the original paper.
 */
@Residual
public final class BottleneckUnit {

    /** How much the last convolution widens the unit. */
    static final int EXPANSION = 4;

    private final int width;
    private final int stride;
    private final boolean project;

    /**
     * Creates a unit.
     *
     * @param width the channels of the inner convolutions; the unit outputs {@code 4 * width}
     * @param stride the stride of the 3x3 convolution
     * @param project whether the shortcut is a projection (the first unit of every stage)
     */
    public BottleneckUnit(int width, int stride, boolean project) {
        this.width = width;
        this.stride = stride;
        this.project = project;
    }

    /**
     * Returns unit {@code index} of ImageNet stage {@code stage} (0 for conv2_x): widths 64, 128,
     * 256 and 512; the first unit of every stage projects, and halves the resolution in every stage
     * but the first.
     *
     * @param stage the 0-based stage
     * @param index the 0-based unit within the stage
     * @return the unit
     */
    public static BottleneckUnit imageNet(int stage, int index) {
        return new BottleneckUnit(64 << stage, stage > 0 && index == 0 ? 2 : 1, index == 0);
    }

    /**
     * Returns conv1x1, BN, ReLU, conv3x3 (strided), BN, ReLU, conv1x1, BN.
     *
     * @return the residual branch
     */
    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(Layers.conv(width, 1, 1))
                .add(Layers.batchNorm())
                .add(Activation::relu)
                .add(Layers.conv(width, 3, stride))
                .add(Layers.batchNorm())
                .add(Activation::relu)
                .add(Layers.conv(EXPANSION * width, 1, 1))
                .add(Layers.batchNorm());
    }

    /**
     * Returns the identity, or a 1x1 projection to {@code 4 * width} channels.
     *
     * @return the shortcut
     */
    @Shortcut
    public Block shortcut() {
        return Layers.shortcut(project, EXPANSION * width, stride);
    }
}
