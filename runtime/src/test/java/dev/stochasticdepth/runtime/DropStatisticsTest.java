package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.SurgeryModels.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import ai.djl.Model;
import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.Trainer;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.StochasticMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.util.List;

/**
 * The listener's counts against the masks actually drawn. Every block's branch outputs ones and its
 * shortcut is the identity, so on a zero input the network outputs, per sample, how many blocks
 * kept their branch: an independent count of the keep decisions.
 */
class DropStatisticsTest {

    private static final int BLOCKS = 5;
    private static final double DROP = 0.5;
    private static final int BATCH = 64;
    private static final int BATCHES = 20;

    @ParameterizedTest(name = "{0}, skipDropped {1}")
    @CsvSource({"SAMPLE, false", "SAMPLE, true", "BLOCK, false"})
    void countsExactlyTheDecisionsTheBlocksDrew(StochasticMethod method, boolean skipDropped) {
        DropStatistics statistics = new DropStatistics();
        try (Model model = model(method, skipDropped);
                Trainer trainer = trainer(model, statistics, new Shape(BATCH, 2))) {
            long kept = trainEpoch(trainer);

            List<DropStatistics.Epoch> epochs = statistics.getEpochs();
            assertThat(epochs).hasSize(1);
            DropStatistics.Epoch epoch = epochs.get(0);
            long decisions = (long) BLOCKS * BATCH * BATCHES;
            assertThat(epoch.epoch()).isEqualTo(1);
            assertThat(epoch.decisions()).isEqualTo(decisions);
            assertThat(epoch.dropped()).isEqualTo(decisions - kept);
            // LINEAR over 5 blocks: rates 0.1 .. 0.5, mean 0.3.
            assertThat(epoch.meanDropRate()).isCloseTo(0.3, offset(1e-7));
            assertWithinFourSigma(epoch, method);

            Metrics metrics = trainer.getMetrics();
            assertThat(metrics.getMetric(DropStatistics.DROP_RATE_METRIC))
                    .extracting(Metric::getValue)
                    .containsExactly(epoch.meanDropRate());
            assertThat(metrics.getMetric(DropStatistics.DROPPED_FRACTION_METRIC))
                    .extracting(Metric::getValue)
                    .containsExactly(epoch.droppedFraction());
        }
    }

    @Test
    void startsEveryEpochAfreshAndDetachesAtTheEnd() {
        DropStatistics statistics = new DropStatistics();
        List<StochasticResidualBlock> blocks;
        try (Model model = model(StochasticMethod.SAMPLE, false)) {
            blocks = StochasticDepth.find(model.getBlock());
            try (Trainer trainer = trainer(model, statistics, new Shape(BATCH, 2))) {
                assertThat(blocks).allMatch(block -> block.getDropObserver() == statistics);
                long firstKept = trainEpoch(trainer);
                // An epoch of inference only records nothing.
                trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                long thirdKept = trainEpoch(trainer);

                assertThat(statistics.getEpochs())
                        .extracting(DropStatistics.Epoch::epoch)
                        .containsExactly(1, 3);
                long decisions = (long) BLOCKS * BATCH * BATCHES;
                assertThat(statistics.getEpochs())
                        .extracting(DropStatistics.Epoch::dropped)
                        .containsExactly(decisions - firstKept, decisions - thirdKept);
            }
            assertThat(blocks).allMatch(block -> block.getDropObserver() == null);
        }
    }

    /**
     * Checks the dropped fraction against its expectation, the mean rate. Decisions are independent
     * Bernoulli draws (per sample, or per batch for BLOCK, where one draw decides the whole batch),
     * so the count has variance {@code sum n^2 p (1 - p)} over draws of n samples; four standard
     * deviations make a false failure about a 1 in 15,000 event.
     */
    private static void assertWithinFourSigma(DropStatistics.Epoch epoch, StochasticMethod method) {
        int samplesPerDraw = method == StochasticMethod.BLOCK ? BATCH : 1;
        double variance = 0;
        for (int l = 1; l <= BLOCKS; l++) {
            double p = DROP * l / BLOCKS;
            long draws = (long) BATCH * BATCHES / samplesPerDraw;
            variance += draws * (double) samplesPerDraw * samplesPerDraw * p * (1 - p);
        }
        double sigma = Math.sqrt(variance) / epoch.decisions();
        assertThat(epoch.droppedFraction()).isCloseTo(0.3, offset(4 * sigma));
    }

    /** Runs {@link #BATCHES} training forwards and an epoch end; returns the kept count seen. */
    private static long trainEpoch(Trainer trainer) {
        long kept = 0;
        for (int i = 0; i < BATCHES; i++) {
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDArray zeros = manager.zeros(new Shape(BATCH, 2));
                NDArray output = trainer.forward(new NDList(zeros)).singletonOrThrow();
                // Both columns count the same keeps; read one.
                kept += output.get(":, 0").sum().toType(DataType.INT64, false).getLong();
            }
        }
        trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        return kept;
    }

    private static Model model(StochasticMethod method, boolean skipDropped) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < BLOCKS; i++) {
            net.add(
                    Residuals.plain(
                            new LambdaBlock(x -> new NDList(x.singletonOrThrow().onesLike())),
                            Blocks.identityBlock(),
                            PostActivation.NONE));
        }
        StochasticDepth.builder()
                .drop(DROP)
                .method(method)
                .skipDropped(skipDropped)
                .build()
                .apply(net);
        return SurgeryModels.model("statistics", net);
    }
}
