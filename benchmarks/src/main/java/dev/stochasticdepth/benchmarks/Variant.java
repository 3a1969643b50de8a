package dev.stochasticdepth.benchmarks;

/**
 * A benchmarked setting of stochastic depth, or the plain network every setting is compared with.
 */
public enum Variant {
    /** The plain twin: every stochastic residual replaced by its {@code ParallelBlock}. */
    PLAIN("plain (ratios: a second plain twin, the control)"),
    /** Sample-wise drop, inference scaling. */
    SAMPLE("SAMPLE, INFERENCE scaling"),
    /** Sample-wise drop, training scaling. */
    SAMPLE_TRAINING("SAMPLE, TRAINING scaling"),
    /** Sample-wise drop skipping dropped samples, inference scaling. */
    SAMPLE_SKIP("SAMPLE + skipDropped, INFERENCE scaling"),
    /** Sample-wise drop skipping dropped samples, training scaling. */
    SAMPLE_SKIP_TRAINING("SAMPLE + skipDropped, TRAINING scaling"),
    /** Block-wise drop, inference scaling. */
    BLOCK("BLOCK, INFERENCE scaling"),
    /** Block-wise drop, training scaling. */
    BLOCK_TRAINING("BLOCK, TRAINING scaling"),
    /**
     * Sample-wise drop, inference scaling, added to the plain twin by {@code
     * StochasticDepth.apply}: the runtime's own forward instead of the generated one.
     */
    SAMPLE_SURGERY("SAMPLE, INFERENCE scaling, by surgery (runtime forward)");

    private final String label;

    Variant(String label) {
        this.label = label;
    }

    /**
     * Returns the label of the variant in the results table.
     *
     * @return a short description
     */
    public String label() {
        return label;
    }
}
