package dev.stochasticdepth.samples.efficientnet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

import java.util.List;

/**
 * The layers of EfficientNet's mobile inverted bottleneck (MBConv; Tan and Le, 2019, after
 * MobileNetV2 and MnasNet), from DJL's own blocks.
 *
 * <p>{@link #layers} is the transformation of every block, with or without a skip: a 1x1
 * convolution expanding the channels {@code expansion} times (left out at expansion 1, as
 * EfficientNet's first stage does), batch norm and SiLU; a 3x3 depthwise convolution (DJL's {@code
 * Conv2d} with one group per channel) carrying the block's stride, batch norm and SiLU; optionally
 * squeeze-and-excitation; a 1x1 projection to the output channels and batch norm, with no
 * activation after it (the "linear bottleneck"). A block whose stride is 1 and whose channels stay
 * adds its input to that ({@link InvertedBottleneck}); any other is these layers alone.
 */
public final class MBConv {

    /** Squeeze-and-excitation reduces to this fraction of the block's input channels. */
    static final double SE_RATIO = 0.25;

    private MBConv() {}

    /**
     * Returns the layers of an inverted bottleneck.
     *
     * @param in the input channels
     * @param out the output channels
     * @param stride the stride of the depthwise convolution, 1 or 2
     * @param expansion the expansion ratio t; 1 leaves out the expansion convolution
     * @param squeezeExcite whether to gate the channels by squeeze-and-excitation
     * @return a {@code SequentialBlock} ending in the projection's batch norm
     */
    public static SequentialBlock layers(
            int in, int out, int stride, int expansion, boolean squeezeExcite) {
        int expanded = in * expansion;
        SequentialBlock layers = new SequentialBlock();
        if (expansion != 1) {
            layers.add(conv(expanded, 1, 1, 1)).add(batchNorm()).add(silu());
        }
        layers.add(conv(expanded, 3, stride, expanded)).add(batchNorm()).add(silu());
        if (squeezeExcite) {
            layers.add(squeezeExcite(expanded, Math.max(1, (int) (in * SE_RATIO))));
        }
        return layers.add(conv(out, 1, 1, 1)).add(batchNorm());
    }

    /**
     * Returns squeeze-and-excitation (Hu et al., 2018): the mean of each channel over the image, a
     * 1x1 convolution to {@code reduced} channels, SiLU, a 1x1 convolution back and a sigmoid give
     * each channel a gate in (0, 1) that multiplies it.
     *
     * @param channels the channels gated
     * @param reduced the channels of the bottleneck between the two convolutions
     * @return a {@code ParallelBlock} of the input and its gate, multiplied
     */
    static Block squeezeExcite(int channels, int reduced) {
        SequentialBlock gate =
                new SequentialBlock()
                        .add(
                                // Height, then width: PyTorch's engine means over one axis.
                                LambdaBlock.singleton(
                                        x -> x.mean(new int[] {2}, true).mean(new int[] {3}, true),
                                        "squeeze"))
                        .add(biasedConv(reduced))
                        .add(silu())
                        .add(biasedConv(channels))
                        .add(Activation.sigmoidBlock());
        return new ParallelBlock(
                outputs ->
                        new NDList(
                                outputs.get(0)
                                        .singletonOrThrow()
                                        .mul(outputs.get(1).singletonOrThrow())),
                List.of(Blocks.identityBlock(), gate));
    }

    /**
     * Returns a bias-free square convolution with "same" padding, as batch norm follows it.
     *
     * @param filters the output channels
     * @param kernel the kernel side, odd
     * @param stride the stride
     * @param groups 1, or {@code filters} for a depthwise convolution
     * @return the convolution
     */
    static Block conv(int filters, int kernel, int stride, int groups) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optGroups(groups)
                .optBias(false)
                .build();
    }

    private static Block biasedConv(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(1, 1)).build();
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
     * Returns SiLU, {@code x * sigmoid(x)}: EfficientNet's activation (Swish with beta 1).
     *
     * @return the block
     */
    static Block silu() {
        return Activation.swishBlock(1f);
    }
}
