package dev.stochasticdepth.samples.resnet;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Residual;
import dev.stochasticdepth.annotations.Shortcut;

/**
 * The pre-activation residual unit of He et al., "Identity Mappings in Deep Residual Networks"
 * (2016): batch norm and ReLU come before each convolution, and nothing follows the addition, so
 * the shortcut path stays a pure identity through the whole stage.
 */
@Residual(postActivation = PostActivation.NONE)
public final class PreActivationUnit {

    private final int filters;
    private final int stride;

    /**
     * Creates a unit.
     *
     * @param filters the output channels of both convolutions
     * @param stride the stride of the first convolution
     */
    public PreActivationUnit(int filters, int stride) {
        this.filters = filters;
        this.stride = stride;
    }

    /**
     * Returns unit {@code index} of CIFAR stage {@code stage}: 16, 32 and 64 filters, stride 2 in
     * the first unit of the second and third stages.
     *
     * @param stage the 0-based stage
     * @param index the 0-based unit within the stage
     * @return the unit
     */
    static PreActivationUnit cifar(int stage, int index) {
        return new PreActivationUnit(16 << stage, stage > 0 && index == 0 ? 2 : 1);
    }

    /**
     * Returns BN, ReLU, conv3x3, BN, ReLU, conv3x3.
     *
     * @return the residual branch
     */
    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(Layers.batchNorm())
                .add(Activation::relu)
                .add(Layers.conv(filters, 3, stride))
                .add(Layers.batchNorm())
                .add(Activation::relu)
                .add(Layers.conv(filters, 3, 1));
    }

    /**
     * Returns the identity, or a bare 1x1 convolution where the unit halves the resolution.
     *
     * @return the shortcut
     */
    @Shortcut
    public Block shortcut() {
        return stride == 1 ? Blocks.identityBlock() : Layers.conv(filters, 1, stride);
    }
}
