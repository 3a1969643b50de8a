package dev.stochasticdepth.annotations;

import java.util.Objects;

/**
 * The settings of one stochastic-depth network: the members of {@link StochasticDepth} that decide
 * what its blocks do, as one immutable value with its rules and its schedule.
 *
 * <p>The annotation processor reads a definition's annotation into it and writes it into the
 * generated network as {@code SETTINGS}; the runtime's model surgery is built from it; the samples'
 * command lines and the benchmarks name their variants by it. Every rule about the settings (the
 * range of {@code drop}, {@code skipDropped} with {@link StochasticMethod#SAMPLE} only) and the
 * per-block rates are defined here and nowhere else:
 *
 * <pre>{@code
 * StochasticDepthSettings settings = StochasticDepthSettings.of(0.5).withMethod(StochasticMethod.BLOCK);
 * float[] rates = settings.rates(27);   // {0.5/27, 1/27, ..., 0.5}
 * }</pre>
 *
 * @param drop the drop rate of the deepest block, in [0, 1)
 * @param distribution how the rate grows with depth
 * @param method whether each sample or the whole batch draws the keep decision
 * @param scaling where the branch is rescaled
 * @param skipDropped with {@link StochasticMethod#SAMPLE}, whether the branch runs on the kept
 *     samples only
 */
public record StochasticDepthSettings(
        double drop,
        Distribution distribution,
        StochasticMethod method,
        Scaling scaling,
        boolean skipDropped) {

    /**
     * Checks the settings.
     *
     * @param drop the drop rate of the deepest block, in [0, 1)
     * @param distribution how the rate grows with depth
     * @param method whether each sample or the whole batch draws the keep decision
     * @param scaling where the branch is rescaled
     * @param skipDropped whether the branch runs on the kept samples only ({@code SAMPLE} only)
     * @throws IllegalArgumentException if {@code drop} is NaN or outside [0, 1), or {@code
     *     skipDropped} is combined with {@link StochasticMethod#BLOCK}
     * @throws NullPointerException if an enum setting is {@code null}
     */
    public StochasticDepthSettings {
        Distribution.checkDrop(drop);
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scaling, "scaling");
        checkSkipDropped(method, skipDropped);
    }

    /**
     * Returns the settings {@code @StochasticDepth(drop = drop)} declares: {@link
     * Distribution#LINEAR}, {@link StochasticMethod#SAMPLE}, {@link Scaling#INFERENCE}, no skipping.
     *
     * @param drop the drop rate of the deepest block, in [0, 1)
     * @return the settings with the annotation's defaults
     * @throws IllegalArgumentException if {@code drop} is NaN or outside [0, 1)
     */
    public static StochasticDepthSettings of(double drop) {
        return new StochasticDepthSettings(
                drop, Distribution.LINEAR, StochasticMethod.SAMPLE, Scaling.INFERENCE, false);
    }

    /**
     * Returns whether {@code skipDropped} may be combined with {@code method}: only {@link
     * StochasticMethod#SAMPLE} runs a branch that dropped samples could skip.
     *
     * @param method the method
     * @return {@code true} for {@code SAMPLE}
     */
    public static boolean canSkipDropped(StochasticMethod method) {
        return method == StochasticMethod.SAMPLE;
    }

    /**
     * Checks that {@code skipDropped} may be combined with {@code method} ({@link
     * #canSkipDropped}), for a single block as for a network.
     *
     * @param method the method
     * @param skipDropped whether dropped samples skip the branch
     * @throws IllegalArgumentException if {@code skipDropped} is set with {@link
     *     StochasticMethod#BLOCK}
     */
    public static void checkSkipDropped(StochasticMethod method, boolean skipDropped) {
        if (skipDropped && !canSkipDropped(method)) {
            throw new IllegalArgumentException(
                    "skipDropped applies to method SAMPLE only; BLOCK never runs a dropped branch");
        }
    }

    /**
     * Returns the drop rate of block {@code layer} of {@code layers}, as the blocks hold it.
     *
     * @param layer the 1-based position of the block in forward order, in [1, layers]
     * @param layers the number L of stochastic blocks, at least 1
     * @return {@link Distribution#rate distribution.rate(layer, layers, drop)} as a float
     * @throws IllegalArgumentException if {@code layer} or {@code layers} is out of range
     */
    public float rate(int layer, int layers) {
        return (float) distribution.rate(layer, layers, drop);
    }

    /**
     * Returns the drop rates of {@code layers} stochastic blocks in forward order.
     *
     * @param layers the number L of stochastic blocks, at least 1
     * @return a new array whose element {@code l - 1} is {@link #rate rate(l, layers)}
     * @throws IllegalArgumentException if {@code layers} is less than 1
     */
    public float[] rates(int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        }
        float[] rates = new float[layers];
        for (int layer = 1; layer <= layers; layer++) {
            rates[layer - 1] = rate(layer, layers);
        }
        return rates;
    }

    /**
     * Returns these settings with another deepest rate.
     *
     * @param drop the new rate, in [0, 1)
     * @return the new settings
     * @throws IllegalArgumentException if {@code drop} is NaN or outside [0, 1)
     */
    public StochasticDepthSettings withDrop(double drop) {
        return new StochasticDepthSettings(drop, distribution, method, scaling, skipDropped);
    }

    /**
     * Returns these settings with another distribution.
     *
     * @param distribution the new distribution
     * @return the new settings
     */
    public StochasticDepthSettings withDistribution(Distribution distribution) {
        return new StochasticDepthSettings(drop, distribution, method, scaling, skipDropped);
    }

    /**
     * Returns these settings with another method.
     *
     * @param method the new method
     * @return the new settings
     * @throws IllegalArgumentException if {@code skipDropped} is set and {@code method} is {@link
     *     StochasticMethod#BLOCK}
     */
    public StochasticDepthSettings withMethod(StochasticMethod method) {
        return new StochasticDepthSettings(drop, distribution, method, scaling, skipDropped);
    }

    /**
     * Returns these settings with another scaling.
     *
     * @param scaling the new scaling
     * @return the new settings
     */
    public StochasticDepthSettings withScaling(Scaling scaling) {
        return new StochasticDepthSettings(drop, distribution, method, scaling, skipDropped);
    }

    /**
     * Returns these settings with dropped samples skipping the branch or not.
     *
     * @param skipDropped whether dropped samples skip the branch
     * @return the new settings
     * @throws IllegalArgumentException if {@code skipDropped} is set with {@link
     *     StochasticMethod#BLOCK}
     */
    public StochasticDepthSettings withSkipDropped(boolean skipDropped) {
        return new StochasticDepthSettings(drop, distribution, method, scaling, skipDropped);
    }

    /**
     * Returns the settings in words, as generated files and reports print them, for example
     * {@code "LINEAR drop rates up to drop = 0.2, SAMPLE method, INFERENCE scaling"}.
     *
     * @return one line
     */
    public String describe() {
        return distribution
                + " drop rates up to drop = "
                + drop
                + ", "
                + describeForward(method, scaling, skipDropped);
    }

    /**
     * Returns what a block's forward does in words, for example {@code "SAMPLE method, TRAINING
     * scaling, dropped samples skip the branch"}: the part of {@link #describe()} one block shares.
     *
     * @param method the method
     * @param scaling the scaling
     * @param skipDropped whether dropped samples skip the branch
     * @return one line
     */
    public static String describeForward(
            StochasticMethod method, Scaling scaling, boolean skipDropped) {
        return method
                + " method, "
                + scaling
                + " scaling"
                + (skipDropped ? ", dropped samples skip the branch" : "");
    }
}
