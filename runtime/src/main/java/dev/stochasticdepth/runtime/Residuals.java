package dev.stochasticdepth.runtime;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import dev.stochasticdepth.annotations.PostActivation;
import java.util.List;

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
     * Returns a layer of residuals applied one after the other that {@link StochasticDepth}
     * surgery counts as one position in the schedule, all its residuals sharing the layer's rate:
     * the plain twin of a {@link StochasticResidualLayer}, such as a transformer encoder layer.
     *
     * <pre>{@code
     * Block layer = Residuals.plainLayer(List.of(
     *         Residuals.plain(attention, Blocks.identityBlock(), PostActivation.NONE),
     *         Residuals.plain(mlp, Blocks.identityBlock(), PostActivation.NONE)));
     * }</pre>
     *
     * @param residuals the residual blocks, such as those of {@link #plain}, in forward order
     * @return a new {@code SequentialBlock} of {@code residuals}, saved like any other
     * @throws IllegalArgumentException if {@code residuals} is empty
     */
    public static SequentialBlock plainLayer(List<? extends Block> residuals) {
        return new PlainResidualLayer(residuals);
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
