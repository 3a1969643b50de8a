package dev.stochasticdepth.runtime;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import dev.stochasticdepth.annotations.PostActivation;

/**
 * Plain residual blocks: the deterministic twins of {@link StochasticResidualBlock}.
 *
 * <pre>{@code
 * Block unit = Residuals.plain(branch, Blocks.identityBlock(), PostActivation.RELU);
 * }</pre>
 */
public final class Residuals {

    private Residuals() {}

    /**
     * Returns {@code post(branch(x) + shortcut(x))} as a DJL {@code ParallelBlock} of the two, the
     * form of DJL's model-zoo {@code ResNetV1}; its parameter file matches that of a
     * {@link StochasticResidualBlock} with the same children, and {@link StochasticDepth} surgery
     * recognises it.
     *
     * @param branch the residual branch
     * @param shortcut the shortcut
     * @param postActivation the activation after the addition
     * @return a new parallel block whose children are {@code branch} and {@code shortcut}
     */
    public static ParallelBlock plain(Block branch, Block shortcut, PostActivation postActivation) {
        return new PlainResidualBlock(branch, shortcut, postActivation);
    }

    /**
     * Whether {@code block} is an identity: DJL's {@code Blocks.identityBlock()}, or a {@code
     * SequentialBlock} of nothing but identities (model-zoo {@code ResNetV1} wraps its identity
     * shortcut in one).
     */
    static boolean isIdentity(Block block) {
        if (block instanceof LambdaBlock lambda) {
            return "identity".equals(lambda.getName());
        }
        return block.getClass() == SequentialBlock.class
                && block.getChildren().values().stream().allMatch(Residuals::isIdentity);
    }
}
