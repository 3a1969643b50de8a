package dev.stochasticdepth.samples.efficientnet;

import ai.djl.nn.Block;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Residual;

/**
 * EfficientNet's inverted bottleneck where it has a skip: stride 1 and as many output channels as
 * input channels, so the shortcut is the identity (no {@code @Shortcut} method) and nothing follows
 * the addition. This is the only place EfficientNet drops a path: its blocks that change stride or
 * channels have no skip, and the definition adds them as plain layers ({@link MBConv#layers}).
 */
@Residual(postActivation = PostActivation.NONE)
public final class InvertedBottleneck {

    private final int channels;
    private final int expansion;
    private final boolean squeezeExcite;

    /**
     * Creates a block.
     *
     * @param channels the input and output channels
     * @param expansion the expansion ratio t
     * @param squeezeExcite whether the branch has squeeze-and-excitation
     */
    public InvertedBottleneck(int channels, int expansion, boolean squeezeExcite) {
        this.channels = channels;
        this.expansion = expansion;
        this.squeezeExcite = squeezeExcite;
    }

    /**
     * Returns expand, depthwise, squeeze-and-excitation if chosen, project: {@link MBConv#layers}
     * at stride 1 from {@code channels} to {@code channels}.
     *
     * @return the residual branch, ending in batch norm
     */
    @Branch
    public Block branch() {
        return MBConv.layers(channels, channels, 1, expansion, squeezeExcite);
    }
}
