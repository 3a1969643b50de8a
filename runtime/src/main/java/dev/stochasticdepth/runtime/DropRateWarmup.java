package dev.stochasticdepth.runtime;

import ai.djl.Model;
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
 *
 * <p>The ramp's position travels with the model, so a training resumed from a checkpoint continues
 * it: after every batch the model's properties hold the number of ramp batches trained ({@link
 * #STEP_PROPERTY}) and the targets ({@link #TARGETS_PROPERTY}), which {@code Model.save} (and so
 * DJL's {@code SaveModelTrainingListener}) writes into the parameter file and {@code Model.load}
 * reads back. A trainer created on a model that has them resumes the ramp at that batch, with those
 * targets, so its blocks train at the rates in force when the checkpoint was saved. A model
 * without them (a new one) starts the ramp at 0.
 */
public class DropRateWarmup extends TrainingListenerAdapter {

    /** The model property with the number of ramp batches trained so far. */
    public static final String STEP_PROPERTY = "DropRateWarmup.step";

    /** The model property with every block's target rate, comma separated, in depth order. */
    public static final String TARGETS_PROPERTY = "DropRateWarmup.targets";

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
     * Learns each block's target rate and starts the ramp: at rate 0, or where the model's
     * properties say a checkpointed training stopped.
     *
     * @param trainer the trainer of the model whose blocks ramp
     * @throws IllegalArgumentException if the model's warmup properties are damaged or name
     *     another number of blocks
     */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        Model model = trainer.getModel();
        blocks.clear();
        targets.clear();
        for (StochasticResidualBlock block : StochasticDepth.find(model.getBlock())) {
            blocks.add(block);
            targets.add(block.getDropRate());
        }
        batches = 0;
        String step = model.getProperty(STEP_PROPERTY);
        String saved = model.getProperty(TARGETS_PROPERTY);
        if (step != null && saved != null) {
            resume(step, saved);
        }
        model.setProperty(TARGETS_PROPERTY, join(targets));
        model.setProperty(STEP_PROPERTY, Long.toString(batches));
        applyRates();
    }

    private void resume(String step, String saved) {
        String[] rates = saved.isEmpty() ? new String[0] : saved.split(",");
        try {
            if (rates.length != blocks.size()) {
                throw new IllegalArgumentException(
                        "the model's "
                                + TARGETS_PROPERTY
                                + " names "
                                + rates.length
                                + " blocks, its network has "
                                + blocks.size());
            }
            for (int i = 0; i < rates.length; i++) {
                targets.set(i, Float.parseFloat(rates[i]));
            }
            batches = Math.min(Long.parseLong(step), steps);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "damaged warmup properties of the model: "
                            + STEP_PROPERTY
                            + "="
                            + step
                            + ", "
                            + TARGETS_PROPERTY
                            + "="
                            + saved,
                    e);
        }
    }

    private static String join(List<Float> rates) {
        StringBuilder text = new StringBuilder();
        for (float rate : rates) {
            text.append(text.length() == 0 ? "" : ",").append(rate);
        }
        return text.toString();
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
            trainer.getModel().setProperty(STEP_PROPERTY, Long.toString(batches));
        }
    }

    /**
     * Restores every block's exact target rate.
     *
     * @param trainer the trainer
     */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        // The step property keeps the ramp's position for a later resume.
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
