package dev.stochasticdepth.runtime;

import ai.djl.metric.Metrics;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records, per epoch, how much stochastic depth the trained model really used: the mean drop rate
 * of its {@link StochasticResidualBlock}s over their training forwards, and the fraction of (block,
 * sample) pairs whose branch was dropped, which tends to that mean.
 *
 * <pre>{@code
 * DropStatistics statistics = new DropStatistics();
 * TrainingConfig config = new DefaultTrainingConfig(loss).addTrainingListeners(statistics);
 * }</pre>
 *
 * <p>At every epoch's end it adds both numbers to the trainer's {@link Metrics} (if the trainer has
 * any) as {@value #DROP_RATE_METRIC} and {@value #DROPPED_FRACTION_METRIC}, logs them at info level
 * and keeps them in {@link #getEpochs()}. It attaches itself as the {@link DropObserver} of every
 * block found when the trainer is created (so apply {@link StochasticDepth} surgery before {@code
 * model.newTrainer(...)}) and detaches when the trainer closes; blocks count kept samples only
 * while observed. Inference and validation forwards are not counted.
 */
public class DropStatistics extends TrainingListenerAdapter implements DropObserver {

    /** The metric name of an epoch's mean drop rate. */
    public static final String DROP_RATE_METRIC = "train_stochastic_depth_drop_rate";

    /** The metric name of an epoch's fraction of dropped (block, sample) pairs. */
    public static final String DROPPED_FRACTION_METRIC = "train_stochastic_depth_dropped_fraction";

    private static final Logger logger = LoggerFactory.getLogger(DropStatistics.class);

    private final List<StochasticResidualBlock> blocks = new ArrayList<>();
    private final List<Epoch> epochs = new ArrayList<>();
    private final DoubleAdder rateSum = new DoubleAdder();
    private final LongAdder forwards = new LongAdder();
    private final LongAdder decisions = new LongAdder();
    private final LongAdder kept = new LongAdder();
    private int epochCount;

    /** Creates a listener with no epochs recorded. */
    public DropStatistics() {}

    /**
     * Returns what was recorded so far, one entry per epoch that ran training forwards.
     *
     * @return an unmodifiable view of the epochs, oldest first
     */
    public List<Epoch> getEpochs() {
        return Collections.unmodifiableList(epochs);
    }

    /**
     * Attaches this listener to every stochastic residual block of the trainer's model, and
     * numbers the epochs it records after the model's {@code Epoch} property (set by DJL's {@code
     * SaveModelTrainingListener}, restored by {@code Model.load}), from 1 for a new model.
     *
     * @param trainer the trainer
     */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        // A model restored from a checkpoint of DJL's SaveModelTrainingListener knows how many
        // epochs it trained: the epochs recorded here continue from there.
        epochCount = Math.max(epochCount, trainer.getModel().intProperty("Epoch", 0));
        blocks.clear();
        blocks.addAll(StochasticDepth.find(trainer.getModel().getBlock()));
        blocks.forEach(block -> block.setDropObserver(this));
    }

    /**
     * Counts one training forward of {@code block}.
     *
     * @param block the block that ran
     * @param dropRate the drop rate the decisions were drawn with
     * @param kept how many samples of the batch kept the branch
     * @param samples the batch size
     */
    @Override
    public void onDraw(StochasticResidualBlock block, float dropRate, long kept, long samples) {
        rateSum.add(dropRate);
        forwards.increment();
        decisions.add(samples);
        this.kept.add(kept);
    }

    /**
     * Closes the epoch: records, reports and logs its numbers, then starts counting afresh.
     *
     * @param trainer the trainer
     */
    @Override
    public void onEpoch(Trainer trainer) {
        epochCount++;
        long forwardCount = forwards.sumThenReset();
        long decisionCount = decisions.sumThenReset();
        long keptCount = kept.sumThenReset();
        double rates = rateSum.sumThenReset();
        if (forwardCount == 0) {
            return;
        }
        Epoch epoch =
                new Epoch(
                        epochCount, rates / forwardCount, decisionCount, decisionCount - keptCount);
        epochs.add(epoch);
        Metrics metrics = trainer.getMetrics();
        if (metrics != null) {
            metrics.addMetric(DROP_RATE_METRIC, epoch.meanDropRate());
            metrics.addMetric(DROPPED_FRACTION_METRIC, epoch.droppedFraction());
        }
        if (logger.isInfoEnabled()) {
            logger.info(
                    String.format(
                            Locale.ROOT,
                            "Epoch %d stochastic depth: mean drop rate %.4f, dropped %.4f of %d"
                                    + " block-samples",
                            epoch.epoch(),
                            epoch.meanDropRate(),
                            epoch.droppedFraction(),
                            epoch.decisions()));
        }
    }

    /**
     * Detaches this listener from the blocks it observes.
     *
     * @param trainer the trainer
     */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        for (StochasticResidualBlock block : blocks) {
            if (block.getDropObserver() == this) {
                block.setDropObserver(null);
            }
        }
        blocks.clear();
    }

    /**
     * The stochastic depth one epoch of training used.
     *
     * @param epoch the 1-based number of the epoch
     * @param meanDropRate the mean drop rate over every training forward of every block
     * @param decisions the number of (block, sample) keep decisions made
     * @param dropped how many of them dropped the branch
     */
    public record Epoch(int epoch, double meanDropRate, long decisions, long dropped) {

        /**
         * Returns the fraction of decisions that dropped the branch.
         *
         * @return {@code dropped / decisions}
         */
        public double droppedFraction() {
            return (double) dropped / decisions;
        }
    }
}
