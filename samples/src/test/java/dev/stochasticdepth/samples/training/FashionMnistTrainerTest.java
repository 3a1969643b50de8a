package dev.stochasticdepth.samples.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.samples.data.FashionMnist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

class FashionMnistTrainerTest {

    private static FashionMnist data;

    @BeforeAll
    static void readData() throws IOException {
        data = FashionMnist.bundled();
    }

    /** A small residual network built by hand from the runtime's block. */
    private static SequentialBlock network(float dropRate) {
        SequentialBlock network =
                new SequentialBlock()
                        .add(conv())
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu);
        for (int i = 0; i < 2; i++) {
            network.add(
                    StochasticResidualBlock.builder()
                            .setBranch(
                                    new SequentialBlock()
                                            .add(conv())
                                            .add(BatchNorm.builder().build()))
                            .optDropRate(dropRate)
                            .build());
        }
        return network.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(FashionMnist.CLASSES).build());
    }

    private static Conv2d conv() {
        return Conv2d.builder()
                .setFilters(8)
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .build();
    }

    @Test
    void recordsOneEntryPerEpochAndLearns() throws Exception {
        FashionMnistTrainer trainer =
                new FashionMnistTrainer(
                        data.train().first(1024),
                        data.test().first(256),
                        new TrainingSettings(3, 64, 0.01f, 1));

        List<EpochMetrics> handedOver = new ArrayList<>();
        TrainingRun run = trainer.train("tiny", network(0.5f), List.of(), handedOver::add);

        assertThat(run.label()).isEqualTo("tiny");
        assertThat(handedOver).isEqualTo(run.epochs());
        assertThat(run.epochs()).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        for (EpochMetrics epoch : run.epochs()) {
            assertThat(epoch.trainAccuracy()).isBetween(0f, 1f);
            assertThat(epoch.testAccuracy()).isBetween(0f, 1f);
            assertThat(epoch.trainLoss()).isPositive().isFinite();
            assertThat(epoch.testLoss()).isPositive().isFinite();
            assertThat(epoch.trainSeconds()).isPositive();
            assertThat(epoch.evaluationSeconds()).isPositive();
            assertThat(epoch.seconds()).isEqualTo(epoch.trainSeconds() + epoch.evaluationSeconds());
        }
        // Chance is 10% and its loss ln 10 = 2.30; three epochs of 1,024 images take this small
        // network well beyond both (about 60% with this seed), so a broken update cannot pass.
        assertThat(run.last().testAccuracy()).isGreaterThan(0.3f);
        assertThat(run.last().trainLoss()).isLessThan(run.epochs().get(0).trainLoss());
        assertThat(run.secondsPerEpoch())
                .isEqualTo(run.epochs().stream().mapToDouble(EpochMetrics::seconds).sum() / 3);
    }
}
