package dev.stochasticdepth.samples.training;

/**
 * What one epoch of training measured.
 *
 * @param epoch the 1-based epoch
 * @param trainLoss the mean training loss over the epoch's batches
 * @param trainAccuracy the training accuracy over the epoch, in [0, 1]
 * @param testLoss the mean loss on the test set after the epoch
 * @param testAccuracy the accuracy on the test set after the epoch, in [0, 1]
 * @param seconds the wall time of the epoch, its training and its test pass
 */
public record EpochMetrics(
        int epoch,
        float trainLoss,
        float trainAccuracy,
        float testLoss,
        float testAccuracy,
        double seconds) {}
