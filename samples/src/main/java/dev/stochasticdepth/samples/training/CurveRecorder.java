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
 * must hold one, registered before this listener (as {@code TrainingListener.Defaults} do).
 */
final class CurveRecorder extends TrainingListenerAdapter {

    private final String accuracyName;
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private long epochStart;

    /**
     * Creates a recorder.
     *
     * @param accuracyName the name of the trainer's accuracy evaluator
     */
    CurveRecorder(String accuracyName) {
        this.accuracyName = accuracyName;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        epochStart = System.nanoTime();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        long now = System.nanoTime();
        TrainingResult result = trainer.getTrainingResult();
        epochs.add(
                new EpochMetrics(
                        epochs.size() + 1,
                        result.getTrainLoss(),
                        result.getTrainEvaluation(accuracyName),
                        result.getValidateLoss(),
                        result.getValidateEvaluation(accuracyName),
                        (now - epochStart) / 1e9));
        epochStart = now;
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
