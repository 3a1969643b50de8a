package dev.stochasticdepth.benchmarks;

/** A measured operation: a {@link ResidualBenchmarks} method and how its results are read. */
enum Operation {
    /** Paired training steps, {@link ResidualBenchmarks#trainingSteps}. */
    TRAINING("trainingSteps"),
    /** Paired inference forwards, {@link ResidualBenchmarks#inferenceForwards}. */
    INFERENCE("inferenceForwards"),
    /** Training steps of the variant alone, {@link ResidualBenchmarks#trainingMemory}. */
    MEMORY("trainingMemory");

    private final String method;

    Operation(String method) {
        this.method = method;
    }

    /**
     * Returns the JMH include pattern that selects exactly this benchmark method.
     *
     * @return a regular expression
     */
    String pattern() {
        return "^" + ResidualBenchmarks.class.getName().replace(".", "\\.") + "\\." + method + "$";
    }
}
