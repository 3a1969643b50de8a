package dev.stochasticdepth.samples.efficientnet;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/**
 * A small EfficientNet-style network for 28x28 Fashion-MNIST images: a 3x3 stride-2 stem of 16
 * channels, nine mobile inverted bottlenecks (MBConv, with squeeze-and-excitation) in five stages
 * of 16, 24, 40, 80 and 112 channels at 14, 7, 4, 2 and 2 pixels, and a 1x1 head convolution,
 * pooling and a linear classifier. Each stage after the first opens with a block that changes the stride or the
 * channels, which has no skip and is a plain layer, and then has one {@link InvertedBottleneck}
 * with an identity skip; the first stage is one such block. So 5 of the 9 blocks are stochastic.
 *
 * <p>The schedule is EfficientNet's drop connect (Tan and Le, 2019; timm's {@code
 * _efficientnet_builder.py}): the N blocks of the trunk are numbered k = 0..N-1, skip or not, block
 * k gets rate {@code drop_path_rate * k / N}, and only blocks with a skip use it. Here N = 9 and
 * the skips sit at k = 0, 2, 4, 6, 8, evenly spaced from 0, so their rates are exactly {@link
 * Distribution#LINEAR_FROM_ZERO} with the deepest rate {@code drop_path_rate * 8 / 9}:
 * EfficientNet-B0's {@code drop_path_rate} of 0.2 gives 0, 0.044, 0.089, 0.133 and 0.178. (In
 * general no {@code Distribution} gives EfficientNet's rates: they depend on where the blocks
 * without a skip sit, which {@code rate(l, L, drop)} does not know.)
 *
 * <p>Unlike EfficientNet-B0 it has five stages of one or two blocks, 3x3 depthwise kernels only
 * and no dropout before the classifier, so that the plain twin differs from it by stochastic depth
 * alone; like B0 it halves the resolution in its stem, which keeps an epoch of 2,000 images within
 * a minute on one core. The processor generates {@code
 * StochasticMiniEfficientNet} from this definition.
 */
@StochasticDepth(
        drop = MiniEfficientNet.DROP_PATH_RATE * MiniEfficientNet.LAST_SKIP / MiniEfficientNet.BLOCKS,
        distribution = Distribution.LINEAR_FROM_ZERO,
        target = InvertedBottleneck.class)
public final class MiniEfficientNet {

    /** EfficientNet-B0's {@code drop_path_rate}: the rate block k = N would have. */
    static final double DROP_PATH_RATE = 0.2;

    /** The blocks of the trunk, N, with a skip or not. */
    static final int BLOCKS = 9;

    /** The index k of the deepest block with a skip. */
    static final int LAST_SKIP = 8;

    /** The expansion ratio t of every block but the first's. */
    private static final int EXPANSION = 6;

    private final int classes;
    private final boolean squeezeExcite;

    /**
     * Defines the network with squeeze-and-excitation in every block.
     *
     * @param classes the number of outputs of the classifier
     */
    public MiniEfficientNet(int classes) {
        this(classes, true);
    }

    /**
     * Defines the network.
     *
     * @param classes the number of outputs of the classifier
     * @param squeezeExcite whether every block has squeeze-and-excitation
     */
    public MiniEfficientNet(int classes, boolean squeezeExcite) {
        this.classes = classes;
        this.squeezeExcite = squeezeExcite;
    }

    /**
     * Returns a 3x3 stride-2 convolution to 16 channels (14x14), batch norm and SiLU.
     *
     * @return the stem
     */
    @Layer(order = 0)
    Block stem() {
        return new SequentialBlock()
                .add(MBConv.conv(16, 3, 2, 1))
                .add(MBConv.batchNorm())
                .add(MBConv.silu());
    }

    /**
     * Returns block k = 0: depthwise and project, expansion 1, 16 channels: a skip.
     *
     * @return the block
     */
    @Layer(order = 1)
    InvertedBottleneck stage1() {
        return new InvertedBottleneck(16, 1, squeezeExcite);
    }

    /**
     * Returns block k = 1, from 16 to 24 channels at stride 2 (7x7): no skip.
     *
     * @return the block
     */
    @Layer(order = 2)
    Block stage2Entry() {
        return MBConv.layers(16, 24, 2, EXPANSION, squeezeExcite);
    }

    /**
     * Returns block k = 2, 24 channels: a skip.
     *
     * @return the block
     */
    @Layer(order = 3)
    InvertedBottleneck stage2() {
        return new InvertedBottleneck(24, EXPANSION, squeezeExcite);
    }

    /**
     * Returns block k = 3, from 24 to 40 channels at stride 2 (4x4): no skip.
     *
     * @return the block
     */
    @Layer(order = 4)
    Block stage3Entry() {
        return MBConv.layers(24, 40, 2, EXPANSION, squeezeExcite);
    }

    /**
     * Returns block k = 4, 40 channels: a skip.
     *
     * @return the block
     */
    @Layer(order = 5)
    InvertedBottleneck stage3() {
        return new InvertedBottleneck(40, EXPANSION, squeezeExcite);
    }

    /**
     * Returns block k = 5, from 40 to 80 channels at stride 2 (2x2): no skip.
     *
     * @return the block
     */
    @Layer(order = 6)
    Block stage4Entry() {
        return MBConv.layers(40, 80, 2, EXPANSION, squeezeExcite);
    }

    /**
     * Returns block k = 6, 80 channels: a skip.
     *
     * @return the block
     */
    @Layer(order = 7)
    InvertedBottleneck stage4() {
        return new InvertedBottleneck(80, EXPANSION, squeezeExcite);
    }

    /**
     * Returns block k = 7, from 80 to 112 channels at stride 1: no skip, the channels change.
     *
     * @return the block
     */
    @Layer(order = 8)
    Block stage5Entry() {
        return MBConv.layers(80, 112, 1, EXPANSION, squeezeExcite);
    }

    /**
     * Returns block k = 8, 112 channels: a skip, the deepest.
     *
     * @return the block
     */
    @Layer(order = 9)
    InvertedBottleneck stage5() {
        return new InvertedBottleneck(112, EXPANSION, squeezeExcite);
    }

    /**
     * Returns a 1x1 convolution to 320 channels, batch norm, SiLU, global average pooling and the
     * classifier.
     *
     * @return the head, giving {@code (N, classes)} logits
     */
    @Layer(order = 10)
    Block head() {
        return new SequentialBlock()
                .add(MBConv.conv(320, 1, 1, 1))
                .add(MBConv.batchNorm())
                .add(MBConv.silu())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
