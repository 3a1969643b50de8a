package dev.stochasticdepth.annotations;

/**
 * Which unit draws the keep decision of a stochastic residual block (Composer's
 * {@code stochastic_method}).
 *
 * <p>For example {@code @StochasticDepth(drop = 0.5, method = StochasticMethod.BLOCK, ...)}.
 */
public enum StochasticMethod {
    /** Every sample of the batch draws its own keep bit; the default. */
    SAMPLE,
    /**
     * One draw per block per forward for the whole batch; a dropped block does not run its
     * branch at all.
     */
    BLOCK
}
