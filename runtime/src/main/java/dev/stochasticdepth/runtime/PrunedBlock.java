package dev.stochasticdepth.runtime;

import dev.stochasticdepth.annotations.PostActivation;

/**
 * A residual block that {@link StochasticDepth#prune} removed, and what it left in its place.
 *
 * <p>A pruned block computes for good what a dropped sample computes in training, {@code
 * post(shortcut(x))}: a block with an identity shortcut and no post-activation leaves nothing, one
 * with a projection leaves the projection, and a post-activation stays where the block had one.
 *
 * @param layer the block's position l = 1..L among the model's residual blocks in forward order,
 *     counted before pruning
 * @param dropRate its drop rate; 0 for a plain residual block
 * @param projection whether its shortcut was a projection, which stays in the model
 * @param postActivation the activation after the addition, which stays in the model unless NONE
 */
public record PrunedBlock(
        int layer, float dropRate, boolean projection, PostActivation postActivation) {

    /**
     * Returns what the model holds where the block was: nothing, the projection, the
     * post-activation, or both.
     *
     * @return for example {@code "the projection, then ReLU"}
     */
    public String leftInPlace() {
        boolean relu = postActivation == PostActivation.RELU;
        if (projection) {
            return relu ? "the projection, then ReLU" : "the projection";
        }
        return relu ? "ReLU" : "nothing";
    }
}
