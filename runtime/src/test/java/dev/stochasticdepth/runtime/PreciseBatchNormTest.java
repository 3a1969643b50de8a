package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.Fixtures.initialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Precise batch norm: the running statistics become the average batch statistics of the
 * network's inference form, the network is restored, and bad networks are rejected unchanged.
 */
class PreciseBatchNormTest {

    private static final Shape INPUT = new Shape(8, 2, 3, 3);

    /**
     * A stochastic block whose branch doubles its input (shortcut identity, no post-activation)
     * followed by a batch norm: at inference the norm sees {@code x + (1 - p) * 2x} with INFERENCE
     * scaling and {@code x + 2x} with TRAINING scaling, never a masked sum.
     */
    private static SequentialBlock doublingThenNorm(float dropRate, Scaling scaling) {
        return new SequentialBlock()
                .add(
                        StochasticResidualBlock.builder()
                                .setBranch(LambdaBlock.singleton(x -> x.mul(2f), "double"))
                                .optShortcut(Blocks.identityBlock())
                                .optPostActivation(PostActivation.NONE)
                                .optDropRate(dropRate)
                                .optScaling(scaling)
                                .build())
                .add(BatchNorm.builder().build());
    }

    private static BatchNorm norm(SequentialBlock net) {
        return (BatchNorm) net.getChildren().values().get(1);
    }

    /** Returns {@code x} of shape (N, C, H, W) as C rows of N * H * W values. */
    private static NDArray channelRows(NDArray x) {
        return x.swapAxes(0, 1).reshape(x.getShape().get(1), -1);
    }

    private static List<NDList> batches(NDManager manager, int count) {
        List<NDList> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Batches with different means, so that an average differs from a last value.
            batches.add(new NDList(manager.randomNormal(INPUT).add(i)));
        }
        return batches;
    }

    @ParameterizedTest
    @EnumSource(Scaling.class)
    void runningStatisticsAreTheAverageBatchStatisticsOfTheInferenceForm(Scaling scaling) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = initialized(doublingThenNorm(0.5f, scaling), manager, INPUT);
            List<NDList> batches = batches(manager, 4);
            float factor = 1f + (scaling == Scaling.INFERENCE ? 0.5f : 1f) * 2f;
            float[] expectedMean = new float[2];
            float[] expectedVariance = new float[2];
            for (NDList batch : batches) {
                // Per channel: mean over N, H, W, and the unbiased variance (72 values).
                NDArray seen = channelRows(batch.singletonOrThrow().mul(factor));
                float[] mean = seen.mean(new int[] {1}).toFloatArray();
                float[] variance =
                        seen.sub(seen.mean(new int[] {1}, true))
                                .square()
                                .sum(new int[] {1})
                                .div(8 * 9 - 1)
                                .toFloatArray();
                for (int c = 0; c < 2; c++) {
                    expectedMean[c] += mean[c] / batches.size();
                    expectedVariance[c] += variance[c] / batches.size();
                }
            }

            int updated =
                    PreciseBatchNorm.recompute(net, new ParameterStore(manager, false), batches);

            assertThat(updated).isEqualTo(1);
            float[] runningMean =
                    norm(net).getParameters().get("runningMean").getArray().toFloatArray();
            float[] runningVar =
                    norm(net).getParameters().get("runningVar").getArray().toFloatArray();
            for (int c = 0; c < 2; c++) {
                assertThat(runningMean[c]).isCloseTo(expectedMean[c], within(1e-4f));
                assertThat(runningVar[c]).isCloseTo(expectedVariance[c], within(1e-3f));
            }
        }
    }

    @Test
    void theNetworkIsRestoredAndOnlyRunningStatisticsChange() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net =
                    initialized(doublingThenNorm(0.3f, Scaling.INFERENCE), manager, INPUT);
            List<Block> children = new ArrayList<>(net.getChildren().values());
            NDArray gamma = norm(net).getParameters().get("gamma").getArray().duplicate();
            NDArray beta = norm(net).getParameters().get("beta").getArray().duplicate();

            PreciseBatchNorm.recompute(
                    net, new ParameterStore(manager, false), batches(manager, 2));

            assertThat(net.getChildren().values()).containsExactlyElementsOf(children);
            assertThat(norm(net).getParameters().get("gamma").getArray()).isEqualTo(gamma);
            assertThat(norm(net).getParameters().get("beta").getArray()).isEqualTo(beta);
            assertThat(norm(net).getParameters().get("runningMean").getArray().toFloatArray())
                    .isNotEqualTo(new float[] {0f, 0f});
        }
    }

    @Test
    void theInputsAreLeftAsTheyWere() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net =
                    initialized(doublingThenNorm(0.3f, Scaling.INFERENCE), manager, INPUT);
            List<NDList> batches = batches(manager, 2);
            NDArray first = batches.get(0).singletonOrThrow().duplicate();

            PreciseBatchNorm.recompute(net, new ParameterStore(manager, false), batches);

            assertThat(batches.get(0).singletonOrThrow().getManager()).isSameAs(manager);
            assertThat(batches.get(0).singletonOrThrow()).isEqualTo(first);
        }
    }

    @Test
    void aTrainerAveragesOverItsFirstBatchesAndClosesThem()
            throws IOException, TranslateException {
        SequentialBlock net = doublingThenNorm(0.5f, Scaling.INFERENCE);
        try (Model model = SurgeryModels.model("precise", net);
                Trainer trainer =
                        SurgeryModels.trainer(model, new TrainingListenerAdapter() {}, INPUT)) {
            NDManager manager = trainer.getManager();
            NDArray data = manager.randomNormal(new Shape(32, 2, 3, 3)).add(3f);
            ArrayDataset dataset =
                    new ArrayDataset.Builder()
                            .setData(data)
                            .optLabels(manager.zeros(new Shape(32)))
                            .setSampling(8, false)
                            .build();
            // Two of the four batches: the first 16 rows, which the mean must come from.
            int updated = PreciseBatchNorm.recompute(trainer, trainer.iterateDataset(dataset), 2);

            assertThat(updated).isEqualTo(1);
            float[] expected =
                    channelRows(data.get("0:16").mul(2f)).mean(new int[] {1}).toFloatArray();
            float[] runningMean =
                    norm(net).getParameters().get("runningMean").getArray().toFloatArray();
            assertThat(runningMean[0]).isCloseTo(expected[0], within(1e-4f));
            assertThat(runningMean[1]).isCloseTo(expected[1], within(1e-4f));
        }
    }

    @Test
    void aBatchNormOutsideASequentialBlockIsRejectedAndTheNetworkUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchNorm inParallel = BatchNorm.builder().build();
            ParallelBlock parallel =
                    new ParallelBlock(
                            outputs -> outputs.get(0), List.of(inParallel, Blocks.identityBlock()));
            SequentialBlock net = initialized(new SequentialBlock().add(parallel), manager, INPUT);
            NDArray before =
                    inParallel.getParameters().get("runningMean").getArray().duplicate();

            assertThatThrownBy(
                            () ->
                                    PreciseBatchNorm.recompute(
                                            net,
                                            new ParameterStore(manager, false),
                                            batches(manager, 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("directly in a ai.djl.nn.ParallelBlock");
            assertThat(parallel.getChildren().values()).containsExactly(inParallel, parallel
                    .getChildren().values().get(1));
            assertThat(inParallel.getParameters().get("runningMean").getArray()).isEqualTo(before);
        }
    }

    @Test
    void noBatchesAndNoBatchCountAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net =
                    initialized(doublingThenNorm(0.3f, Scaling.INFERENCE), manager, INPUT);
            assertThatThrownBy(
                            () ->
                                    PreciseBatchNorm.recompute(
                                            net, new ParameterStore(manager, false), List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("precise batch norm needs at least one batch");
            assertThat(net.getChildren().values().get(1)).isInstanceOf(BatchNorm.class);
        }
        SequentialBlock net = doublingThenNorm(0.3f, Scaling.INFERENCE);
        try (Model model = SurgeryModels.model("zero", net);
                Trainer trainer =
                        SurgeryModels.trainer(model, new TrainingListenerAdapter() {}, INPUT)) {
            assertThatThrownBy(() -> PreciseBatchNorm.recompute(trainer, List.of(), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxBatches must be at least 1, got 0");
        }
    }
}
