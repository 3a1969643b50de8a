package dev.stochasticdepth.samples.resnet;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.Residual;
import dev.stochasticdepth.annotations.Shortcut;

/**
 * The basic residual unit of ResNet-18/34 and the CIFAR ResNets: two 3x3 convolutions, ReLU after
 * the addition.
 */
@Residual
public final class BasicUnit {

    private final int filters;
    private final int stride;

    /**
     * Creates a unit.
     *
     * @param filters the output channels of both convolutions
     * @param stride the stride of the first convolution, 2 where a stage halves the resolution
     */
    public BasicUnit(int filters, int stride) {
        this.filters = filters;
        this.stride = stride;
    }

    /**
     * Returns unit {@code index} of ImageNet stage {@code stage} (0 for conv2_x): 64, 128, 256 and
     * 512 filters, stride 2 in the first unit of every stage but the first.
     *
     * @param stage the 0-based stage
     * @param index the 0-based unit within the stage
     * @return the unit
     */
    static BasicUnit imageNet(int stage, int index) {
        return new BasicUnit(64 << stage, stage > 0 && index == 0 ? 2 : 1);
    }

    /**
     * Returns unit {@code index} of CIFAR stage {@code stage}: 16, 32 and 64 filters, stride 2 in
     * the first unit of the second and third stages.
     *
     * @param stage the 0-based stage
     * @param index the 0-based unit within the stage
     * @return the unit
     */
    public static BasicUnit cifar(int stage, int index) {
        return new BasicUnit(16 << stage, stage > 0 && index == 0 ? 2 : 1);
    }

    /**
     * Returns conv3x3, batch norm, ReLU, conv3x3, batch norm.
     *
     * @return the residual branch
     */
    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(Layers.conv(filters, 3, stride))
                .add(Layers.batchNorm())
                .add(Activation::relu)
                .add(Layers.conv(filters, 3, 1))
                .add(Layers.batchNorm());
    }

    /**
     * Returns the identity, or a 1x1 projection in a unit that halves the resolution.
     *
     * @return the shortcut
     */
    @Shortcut
    public Block shortcut() {
        return Layers.shortcut(stride != 1, filters, stride);
    }
}
