package dev.stochasticdepth.samples.training;

import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.listener.TrainingListenerAdapter;

import java.util.ArrayList;
import java.util.List;

/**
 * Records the loss, accuracy and wall time of every epoch.
 *
 * <p>It reads what DJL's {@code EvaluatorTrainingListener} computed for the epoch, so the trainer
 * must hold one, registered before this listener (as {@code TrainingListener.Defaults} do). The
 * training loop measures the epoch's times and hands them over through {@link #time} before it
 * notifies the listeners of the epoch's end.
 */
final class CurveRecorder extends TrainingListenerAdapter {

    private final String accuracyName;
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private double trainSeconds;
    private double evaluationSeconds;
    private float preciseTestLoss = Float.NaN;
    private float preciseTestAccuracy = Float.NaN;

    /**
     * Creates a recorder.
     *
     * @param accuracyName the name of the trainer's accuracy evaluator
     */
    CurveRecorder(String accuracyName) {
        this.accuracyName = accuracyName;
    }

    /**
     * Sets the times of the epoch that is ending.
     *
     * @param trainSeconds the wall time of its training batches
     * @param evaluationSeconds the wall time of its test pass
     */
    void time(double trainSeconds, double evaluationSeconds) {
        this.trainSeconds = trainSeconds;
        this.evaluationSeconds = evaluationSeconds;
    }

    /**
     * Sets the test loss and accuracy of the epoch that is ending, measured after precise batch
     * norm.
     *
     * @param loss the mean test loss
     * @param accuracy the test accuracy, in [0, 1]
     */
    void precise(float loss, float accuracy) {
        this.preciseTestLoss = loss;
        this.preciseTestAccuracy = accuracy;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        TrainingResult result = trainer.getTrainingResult();
        epochs.add(
                new EpochMetrics(
                        epochs.size() + 1,
                        result.getTrainLoss(),
                        result.getTrainEvaluation(accuracyName),
                        result.getValidateLoss(),
                        result.getValidateEvaluation(accuracyName),
                        trainSeconds,
                        evaluationSeconds,
                        preciseTestLoss,
                        preciseTestAccuracy));
    }

    /**
     * Returns the epochs recorded so far.
     *
     * @return a copy, in order
     */
    List<EpochMetrics> epochs() {
        return List.copyOf(epochs);
    }
}
