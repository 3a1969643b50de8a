package dev.stochasticdepth.runtime;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import dev.stochasticdepth.annotations.PostActivation;
import java.util.List;
import java.util.Optional;

/**
 * Recognises the inverted residuals of DJL's model-zoo {@code MobileNetV2} ({@code
 * MobileNetV2.linearBottleNeck} where it adds a skip) by their structure.
 *
 * <p>{@code linearBottleNeck} builds every inverted bottleneck as a {@code SequentialBlock} {@code
 * conv1x1 (expand), batchNorm, ReLU6, conv3x3 depthwise, batchNorm, ReLU6, conv1x1 (project),
 * batchNorm}; where the stride is 1 and the channels stay, it returns {@code new ParallelBlock(add,
 * List.of(bottleneck, Blocks.identityBlock()))}, with nothing after the addition (a "linear"
 * bottleneck); otherwise the bare {@code SequentialBlock}, which has no skip and stays as it is.
 * {@code makeStage} holds a stage's bottlenecks in a {@code SequentialBlock}, so surgery can swap
 * them. A {@code ParallelBlock} keeps its merge function private, so the rule matches the exact
 * layout instead:
 *
 * <ul>
 *   <li>a {@code ParallelBlock} (that exact class) with exactly two children;
 *   <li>the branch (first child) is exactly a {@code SequentialBlock} of those eight layers, the
 *       activations being {@code LambdaBlock}s, the middle convolution depthwise (as many groups as
 *       filters, and as many filters as the expansion) with stride 1, as an identity shortcut
 *       needs;
 *   <li>the shortcut (second child) is {@code Blocks.identityBlock()} itself, not wrapped in a
 *       {@code SequentialBlock}.
 * </ul>
 *
 * <p>The shortcut tells these apart from {@code ResNetV1}'s bottleneck units, whose branch has the
 * same eight-layer outline but whose shortcut is always a {@code SequentialBlock} (and whose sum
 * goes through a ReLU): a unit matches at most one of the two rules. Such a block computes {@code
 * branch(x) + x}, post-activation {@link PostActivation#NONE}.
 */
final class MobileNetV2Units {

    private static final Shape ONE_BY_ONE = new Shape(1, 1);
    private static final Shape THREE_BY_THREE = new Shape(3, 3);
    private static final int LAYERS = 8;

    private MobileNetV2Units() {}

    /**
     * Describes {@code block} if it is a {@code MobileNetV2} inverted residual with a skip.
     *
     * @param block any block
     * @return its branch, identity shortcut and no post-activation, or empty
     */
    static Optional<ResidualMatcher.Match> match(Block block) {
        if (block.getClass() != ParallelBlock.class) {
            return Optional.empty();
        }
        List<Block> children = block.getChildren().values();
        if (children.size() != 2) {
            return Optional.empty();
        }
        Block branch = children.get(0);
        Block shortcut = children.get(1);
        if (isInvertedBottleneck(branch) && isIdentity(shortcut)) {
            return Optional.of(new ResidualMatcher.Match(branch, shortcut, PostActivation.NONE));
        }
        return Optional.empty();
    }

    private static boolean isInvertedBottleneck(Block block) {
        if (block.getClass() != SequentialBlock.class) {
            return false;
        }
        List<Block> layers = block.getChildren().values();
        return layers.size() == LAYERS
                && layers.get(0) instanceof Conv2d expand
                && ONE_BY_ONE.equals(expand.getKernelShape())
                && layers.get(1) instanceof BatchNorm
                && isActivation(layers.get(2))
                && layers.get(3) instanceof Conv2d depthwise
                && THREE_BY_THREE.equals(depthwise.getKernelShape())
                && ONE_BY_ONE.equals(depthwise.getStride())
                && depthwise.getGroups() == depthwise.getFilters()
                && depthwise.getFilters() == expand.getFilters()
                && layers.get(4) instanceof BatchNorm
                && isActivation(layers.get(5))
                && layers.get(6) instanceof Conv2d project
                && ONE_BY_ONE.equals(project.getKernelShape())
                && layers.get(7) instanceof BatchNorm;
    }

    private static boolean isIdentity(Block block) {
        return block.getClass() == LambdaBlock.class
                && "identity".equals(((LambdaBlock) block).getName());
    }

    private static boolean isActivation(Block block) {
        return block.getClass() == LambdaBlock.class;
    }
}
