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
 * Recognises the residual units of DJL's model-zoo {@code ResNetV1} ({@code ResNetV1.residualUnit})
 * by their structure.
 *
 * <p>A {@code ParallelBlock} keeps its merge function private, so the rule cannot look at the
 * addition; it matches the exact layer layout {@code residualUnit} builds instead, which no other
 * two-way {@code ParallelBlock} of DJL's model zoo has:
 *
 * <ul>
 *   <li>a {@code ParallelBlock} (that exact class) with exactly two children, both exactly {@code
 *       SequentialBlock};
 *   <li>the branch (first child) is the basic unit {@code conv3x3, batchNorm, activation, conv3x3,
 *       batchNorm} or the bottleneck unit {@code conv1x1, batchNorm, activation, conv3x3,
 *       batchNorm, activation, conv1x1, batchNorm}, activations being {@code LambdaBlock}s;
 *   <li>the shortcut (second child) is {@code Blocks.identityBlock()} alone or the projection
 *       {@code conv1x1, batchNorm}.
 * </ul>
 *
 * <p>Such a unit computes {@code relu(branch(x) + shortcut(x))}.
 */
final class ResNetV1Units {

    private static final Shape ONE_BY_ONE = new Shape(1, 1);
    private static final Shape THREE_BY_THREE = new Shape(3, 3);

    private ResNetV1Units() {}

    /**
     * Describes {@code block} if it is a {@code ResNetV1} residual unit.
     *
     * @param block any block
     * @return its branch, shortcut and ReLU, or empty
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
        if (isBranch(branch) && isShortcut(shortcut)) {
            return Optional.of(new ResidualMatcher.Match(branch, shortcut, PostActivation.RELU));
        }
        return Optional.empty();
    }

    private static boolean isBranch(Block block) {
        List<Block> layers = layers(block);
        if (layers.size() == 5) {
            return isConvNorm(layers, 0, THREE_BY_THREE)
                    && isActivation(layers.get(2))
                    && isConvNorm(layers, 3, THREE_BY_THREE);
        }
        return layers.size() == 8
                && isConvNorm(layers, 0, ONE_BY_ONE)
                && isActivation(layers.get(2))
                && isConvNorm(layers, 3, THREE_BY_THREE)
                && isActivation(layers.get(5))
                && isConvNorm(layers, 6, ONE_BY_ONE);
    }

    private static boolean isShortcut(Block block) {
        List<Block> layers = layers(block);
        if (layers.size() == 1) {
            return layers.get(0) instanceof LambdaBlock && Residuals.isIdentity(layers.get(0));
        }
        return layers.size() == 2 && isConvNorm(layers, 0, ONE_BY_ONE);
    }

    /** Returns the children of an exact {@code SequentialBlock}, or no layers for anything else. */
    private static List<Block> layers(Block block) {
        return block.getClass() == SequentialBlock.class ? block.getChildren().values() : List.of();
    }

    private static boolean isConvNorm(List<Block> layers, int at, Shape kernel) {
        return layers.get(at) instanceof Conv2d conv
                && kernel.equals(conv.getKernelShape())
                && layers.get(at + 1) instanceof BatchNorm;
    }

    private static boolean isActivation(Block block) {
        return block.getClass() == LambdaBlock.class;
    }
}
