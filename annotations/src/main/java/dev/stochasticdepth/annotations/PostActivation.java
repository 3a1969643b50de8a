package dev.stochasticdepth.annotations;

/**
 * The activation a {@link Residual} unit applies after adding shortcut and branch.
 *
 * <p>For example {@code @Residual(postActivation = PostActivation.NONE)} for a pre-activation
 * unit.
 */
public enum PostActivation {
    /** ReLU after the addition, as in the original ResNet; the default. */
    RELU,
    /** Nothing after the addition, as in pre-activation ResNets and ConvNeXt. */
    NONE
}
