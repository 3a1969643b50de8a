package dev.stochasticdepth.annotations;

/**
 * Where a stochastic residual block compensates for dropped branches, so that the expected
 * training output equals the inference output.
 *
 * <p>For example {@code @StochasticDepth(drop = 0.1, scaling = Scaling.TRAINING, ...)}.
 */
public enum Scaling {
    /**
     * Training multiplies the branch by the raw keep bit; inference multiplies it by the keep
     * probability {@code 1 - p}. The paper's form, and the default.
     */
    INFERENCE,
    /**
     * Training divides kept branches by {@code 1 - p}; inference is the plain residual forward
     * (timm's and inverted dropout's form).
     */
    TRAINING
}
