package dev.stochasticdepth.runtime;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Ramps the drop rate of every {@link StochasticResidualBlock} of the trained model linearly from 0
 * to its own target over the first {@code steps} training batches, then holds the target exactly
 * (Composer's {@code drop_warmup}, whose rate stays just below the target).
 *
 * <pre>{@code
 * TrainingConfig config = new DefaultTrainingConfig(loss)
 *         .addTrainingListeners(new DropRateWarmup(500));
 * }</pre>
 *
 * <p>Batch {@code b} (counted from 0) trains at {@code target * b / steps} while {@code b < steps}
 * and at the target from then on, for either {@link
 * dev.stochasticdepth.annotations.StochasticMethod}. The targets are the rates the blocks have when
 * the trainer is created ({@code onTrainingBegin}), so apply {@link StochasticDepth} surgery before
 * {@code model.newTrainer(...)}; the trainer's end restores them exactly even if the ramp was cut
 * short.
 */
public class DropRateWarmup extends TrainingListenerAdapter {

    private final int steps;
    private final List<StochasticResidualBlock> blocks = new ArrayList<>();
    private final List<Float> targets = new ArrayList<>();
    private long batches;

    /**
     * Creates a warmup over {@code steps} training batches.
     *
     * @param steps the length of the ramp in batches; 0 disables it
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public DropRateWarmup(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be at least 0, got " + steps);
        }
        this.steps = steps;
    }

    /**
     * Returns the length of the ramp.
     *
     * @return the number of training batches over which rates rise to their targets
     */
    public int getSteps() {
        return steps;
    }

    /**
     * Learns each block's target rate and starts the ramp at rate 0.
     *
     * @param trainer the trainer of the model whose blocks ramp
     */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        blocks.clear();
        targets.clear();
        for (StochasticResidualBlock block : StochasticDepth.find(trainer.getModel().getBlock())) {
            blocks.add(block);
            targets.add(block.getDropRate());
        }
        batches = 0;
        applyRates();
    }

    /**
     * Advances the ramp by one batch.
     *
     * @param trainer the trainer
     * @param batchData the batch just trained
     */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        if (batches < steps) {
            batches++;
            applyRates();
        }
    }

    /**
     * Restores every block's exact target rate.
     *
     * @param trainer the trainer
     */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        batches = steps;
        applyRates();
    }

    private void applyRates() {
        for (int i = 0; i < blocks.size(); i++) {
            float target = targets.get(i);
            blocks.get(i)
                    .setDropRate(
                            batches >= steps
                                    ? target
                                    : (float) ((double) target * batches / steps));
        }
    }
}
