package dev.stochasticdepth.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import dev.stochasticdepth.annotations.PostActivation;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code ParallelBlock} that {@link Residuals#plain} returns: it remembers its branch, shortcut
 * and post-activation, which a plain {@code ParallelBlock} hides in its merge function, so that
 * model surgery can recognise it.
 */
final class PlainResidualBlock extends ParallelBlock {

    private final Block branch;
    private final Block shortcut;
    private final PostActivation postActivation;

    PlainResidualBlock(Block branch, Block shortcut, PostActivation postActivation) {
        // ParallelBlock.add skips nulls, which would shift the children: reject them first.
        super(
                merge(Objects.requireNonNull(postActivation, "postActivation")),
                Arrays.asList(
                        Objects.requireNonNull(branch, "branch"),
                        Objects.requireNonNull(shortcut, "shortcut")));
        this.branch = branch;
        this.shortcut = shortcut;
        this.postActivation = postActivation;
    }

    private static Function<List<NDList>, NDList> merge(PostActivation postActivation) {
        boolean relu = postActivation == PostActivation.RELU;
        return outputs -> {
            NDArray sum = outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow());
            return new NDList(relu ? Activation.relu(sum) : sum);
        };
    }

    Block getBranch() {
        return branch;
    }

    Block getShortcut() {
        return shortcut;
    }

    PostActivation getPostActivation() {
        return postActivation;
    }

    /**
     * Takes over the input shapes of the initialized block this one replaces in model surgery, so
     * that the rewritten model saves and runs without being initialized again.
     *
     * @param replaced the block this one replaces, with the same branch and shortcut
     */
    void adoptInputShapes(Block replaced) {
        if (replaced.isInitialized()) {
            inputShapes = replaced.getInputShapes();
        }
    }
}
