package dev.stochasticdepth.samples.training;

/**
 * What one epoch of training measured.
 *
 * @param epoch the 1-based epoch
 * @param trainLoss the mean training loss over the epoch's batches
 * @param trainAccuracy the training accuracy over the epoch, in [0, 1]
 * @param testLoss the mean loss on the test set after the epoch
 * @param testAccuracy the accuracy on the test set after the epoch, in [0, 1]
 * @param trainSeconds the wall time of the epoch's training batches (forward, backward and
 *     optimizer step of each), without the test pass
 * @param evaluationSeconds the wall time of the test pass after the epoch
 * @param preciseTestLoss the test loss with batch norm's running statistics re-estimated by
 *     {@link dev.stochasticdepth.runtime.PreciseBatchNorm} after the epoch; NaN if not measured
 * @param preciseTestAccuracy the test accuracy measured that way; NaN if not measured
 */
public record EpochMetrics(
        int epoch,
        float trainLoss,
        float trainAccuracy,
        float testLoss,
        float testAccuracy,
        double trainSeconds,
        double evaluationSeconds,
        float preciseTestLoss,
        float preciseTestAccuracy) {

    /**
     * Creates the metrics of an epoch evaluated only with the running statistics of training.
     *
     * @param epoch the 1-based epoch
     * @param trainLoss the mean training loss over the epoch's batches
     * @param trainAccuracy the training accuracy over the epoch, in [0, 1]
     * @param testLoss the mean loss on the test set after the epoch
     * @param testAccuracy the accuracy on the test set after the epoch, in [0, 1]
     * @param trainSeconds the wall time of the epoch's training batches
     * @param evaluationSeconds the wall time of the test pass after the epoch
     */
    public EpochMetrics(
            int epoch,
            float trainLoss,
            float trainAccuracy,
            float testLoss,
            float testAccuracy,
            double trainSeconds,
            double evaluationSeconds) {
        this(
                epoch,
                trainLoss,
                trainAccuracy,
                testLoss,
                testAccuracy,
                trainSeconds,
                evaluationSeconds,
                Float.NaN,
                Float.NaN);
    }

    /**
     * Returns whether the epoch was also evaluated after precise batch norm.
     *
     * @return {@code true} if {@link #preciseTestAccuracy} is a number
     */
    public boolean hasPrecise() {
        return !Float.isNaN(preciseTestAccuracy);
    }

    /**
     * Returns the wall time of the whole epoch.
     *
     * @return {@link #trainSeconds} plus {@link #evaluationSeconds}
     */
    public double seconds() {
        return trainSeconds + evaluationSeconds;
    }
}
