package dev.stochasticdepth.samples.training;

import java.util.List;

/**
 * The learning curve of one network.
 *
 * @param label the network's name in tables and charts
 * @param epochs one entry per epoch, in order; at least one
 */
public record TrainingRun(String label, List<EpochMetrics> epochs) {

    /**
     * Copies the epochs.
     *
     * @throws IllegalArgumentException if there are none
     */
    public TrainingRun {
        epochs = List.copyOf(epochs);
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one epoch");
        }
    }

    /**
     * Returns the last epoch.
     *
     * @return the metrics after training
     */
    public EpochMetrics last() {
        return epochs.get(epochs.size() - 1);
    }

    /**
     * Returns the mean wall time of an epoch.
     *
     * @return seconds per epoch
     */
    public double secondsPerEpoch() {
        return epochs.stream().mapToDouble(EpochMetrics::seconds).average().orElseThrow();
    }
}
