package dev.stochasticdepth.benchmarks;

import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;

/**
 * A benchmarked setting of stochastic depth, or the plain network every setting is compared with.
 * Each stochastic variant is named by its {@link StochasticDepthSettings}, all with the linear
 * schedule and drop {@value ResNetParts#DROP} unless the label names another; a {@link Network}
 * finds the generated definition that compiles them by these settings, or applies them by surgery.
 */
public enum Variant {
    /** The plain twin: every stochastic residual replaced by its {@code ParallelBlock}. */
    PLAIN("plain (ratios: a second plain twin, the control)", null, false),
    /** Sample-wise drop, inference scaling. */
    SAMPLE("SAMPLE, INFERENCE scaling", StochasticDepthSettings.of(ResNetParts.DROP), false),
    /** Sample-wise drop, training scaling. */
    SAMPLE_TRAINING(
            "SAMPLE, TRAINING scaling",
            StochasticDepthSettings.of(ResNetParts.DROP).withScaling(Scaling.TRAINING),
            false),
    /** Sample-wise drop skipping dropped samples, inference scaling. */
    SAMPLE_SKIP(
            "SAMPLE + skipDropped, INFERENCE scaling",
            StochasticDepthSettings.of(ResNetParts.DROP).withSkipDropped(true),
            false),
    /** Sample-wise drop skipping dropped samples, training scaling. */
    SAMPLE_SKIP_TRAINING(
            "SAMPLE + skipDropped, TRAINING scaling",
            StochasticDepthSettings.of(ResNetParts.DROP)
                    .withScaling(Scaling.TRAINING)
                    .withSkipDropped(true),
            false),
    /** Block-wise drop, inference scaling. */
    BLOCK(
            "BLOCK, INFERENCE scaling",
            StochasticDepthSettings.of(ResNetParts.DROP).withMethod(StochasticMethod.BLOCK),
            false),
    /** Block-wise drop, training scaling. */
    BLOCK_TRAINING(
            "BLOCK, TRAINING scaling",
            StochasticDepthSettings.of(ResNetParts.DROP)
                    .withMethod(StochasticMethod.BLOCK)
                    .withScaling(Scaling.TRAINING),
            false),
    /**
     * Sample-wise drop, inference scaling, added to the plain twin by {@code
     * StochasticDepth.apply}: the runtime's own forward instead of the generated one.
     */
    SAMPLE_SURGERY(
            "SAMPLE, INFERENCE scaling, by surgery (runtime forward)",
            StochasticDepthSettings.of(ResNetParts.DROP),
            true),
    /**
     * Sample-wise drop skipping dropped samples, by surgery: the runtime's forward, as {@code
     * compare} trains this setting in the long experiment.
     */
    SAMPLE_SKIP_SURGERY(
            "SAMPLE + skipDropped, INFERENCE scaling, by surgery",
            StochasticDepthSettings.of(ResNetParts.DROP).withSkipDropped(true),
            true),
    /** Block-wise drop, by surgery, as {@code compare} trains it in the long experiment. */
    BLOCK_SURGERY(
            "BLOCK, INFERENCE scaling, by surgery",
            StochasticDepthSettings.of(ResNetParts.DROP).withMethod(StochasticMethod.BLOCK),
            true),
    /**
     * Sample-wise drop skipping dropped samples at drop {@value ResNetParts#LOW_DROP}, by surgery,
     * as {@code compare} trains it in the long experiment: what skipping saves at the low rate.
     */
    SAMPLE_SKIP_LOW_DROP(
            "SAMPLE + skipDropped, INFERENCE scaling, drop 0.1, by surgery",
            StochasticDepthSettings.of(ResNetParts.LOW_DROP).withSkipDropped(true),
            true),
    /**
     * Block-wise drop at drop {@value ResNetParts#LOW_DROP}, by surgery, as {@code compare} trains
     * it in the long experiment.
     */
    BLOCK_LOW_DROP(
            "BLOCK, INFERENCE scaling, drop 0.1, by surgery",
            StochasticDepthSettings.of(ResNetParts.LOW_DROP).withMethod(StochasticMethod.BLOCK),
            true);

    private final String label;
    private final StochasticDepthSettings settings;
    private final boolean bySurgery;

    Variant(String label, StochasticDepthSettings settings, boolean bySurgery) {
        this.label = label;
        this.settings = settings;
        this.bySurgery = bySurgery;
    }

    /**
     * Returns the label of the variant in the results table.
     *
     * @return a short description
     */
    public String label() {
        return label;
    }

    /**
     * Returns the settings of the variant's stochastic blocks.
     *
     * @return the settings, or {@code null} for {@link #PLAIN}, which has none
     */
    public StochasticDepthSettings settings() {
        return settings;
    }

    /**
     * Returns whether the variant is the plain twin rewritten by surgery rather than a generated
     * network.
     *
     * @return {@code true} for {@link #SAMPLE_SURGERY} and the variants after it
     */
    public boolean bySurgery() {
        return bySurgery;
    }
}
