package dev.stochasticdepth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.listener.SaveModelTrainingListener;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import dev.stochasticdepth.annotations.PostActivation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training restored from a checkpoint of DJL's {@code SaveModelTrainingListener} ({@code
 * Model.load}, then a new {@code Trainer}) continues where it stopped: {@link DropRateWarmup}
 * resumes at the restored batch with the saved targets, so every block trains at the rate an
 * uninterrupted run has at the same batch, and {@link DropStatistics} numbers its epochs on.
 */
class ResumedTrainingTest {

    private static final Shape INPUT = new Shape(4, 3);
    private static final int RAMP = 10;
    private static final int BATCHES_PER_EPOCH = 3;

    @Test
    void aResumedTrainingMatchesAnUninterruptedOne(@TempDir Path checkpoints) throws Exception {
        // Uninterrupted: two epochs, the rates after every batch.
        List<List<Float>> uninterrupted = new ArrayList<>();
        DropStatistics straight = new DropStatistics();
        try (Model model = model();
                Trainer trainer = trainer(model, true, new DropRateWarmup(RAMP), straight)) {
            for (int epoch = 0; epoch < 2; epoch++) {
                uninterrupted.addAll(trainEpoch(trainer));
            }
        }

        // Interrupted after one epoch, with a checkpoint.
        try (Model model = model();
                Trainer trainer =
                        trainer(
                                model,
                                true,
                                new DropRateWarmup(RAMP),
                                new DropStatistics(),
                                new SaveModelTrainingListener(checkpoints.toString(), "ckpt"))) {
            assertThat(trainEpoch(trainer)).isEqualTo(uninterrupted.subList(0, 3));
        }

        // Restored into a freshly built network, whose blocks start at the definition's rates.
        DropStatistics resumed = new DropStatistics();
        try (Model model = model()) {
            model.load(checkpoints, "ckpt");
            assertThat(model.getProperty(DropRateWarmup.STEP_PROPERTY)).isEqualTo("3");
            try (Trainer trainer = trainer(model, false, new DropRateWarmup(RAMP), resumed)) {
                // The rates in force when the checkpoint was saved, before any new batch.
                assertThat(rates(model)).isEqualTo(uninterrupted.get(2));
                assertThat(trainEpoch(trainer)).isEqualTo(uninterrupted.subList(3, 6));
            }
        }
        assertThat(straight.getEpochs())
                .extracting(DropStatistics.Epoch::epoch)
                .containsExactly(1, 2);
        assertThat(resumed.getEpochs())
                .extracting(DropStatistics.Epoch::epoch)
                .containsExactly(2);
    }

    @Test
    void warmupPropertiesForAnotherNetworkAreRejected() {
        try (Model model = model()) {
            model.setProperty(DropRateWarmup.STEP_PROPERTY, "2");
            model.setProperty(DropRateWarmup.TARGETS_PROPERTY, "0.1,0.2");
            assertThatThrownBy(() -> trainer(model, true, new DropRateWarmup(RAMP)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "the model's DropRateWarmup.targets names 2 blocks, its network has"
                                    + " 3");
        }
    }

    /** Three stochastic residual blocks over Linear layers, LINEAR with drop 0.6. */
    private static Model model() {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < 3; i++) {
            net.add(
                    Residuals.plain(
                            Linear.builder().setUnits(3).build(),
                            Blocks.identityBlock(),
                            PostActivation.RELU));
        }
        StochasticDepth.builder().drop(0.6).build().apply(net);
        return SurgeryModels.model("resume", net);
    }

    private static Trainer trainer(
            Model model, boolean initialize, TrainingListener... listeners) {
        Engine.getInstance().setRandomSeed(7);
        Trainer trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(Loss.l2Loss()).addTrainingListeners(listeners));
        trainer.setMetrics(new Metrics());
        if (initialize) {
            trainer.initialize(INPUT);
        }
        return trainer;
    }

    /** Trains one epoch as EasyTrain.fit does and returns the rates after each batch. */
    private static List<List<Float>> trainEpoch(Trainer trainer) {
        List<List<Float>> rates = new ArrayList<>();
        for (int i = 0; i < BATCHES_PER_EPOCH; i++) {
            SurgeryModels.trainBatches(trainer, INPUT, 1);
            rates.add(rates(trainer.getModel()));
        }
        trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        return rates;
    }

    private static List<Float> rates(Model model) {
        return StochasticDepth.find(model.getBlock()).stream()
                .map(StochasticResidualBlock::getDropRate)
                .toList();
    }
}
