package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.SurgeryModels.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.Trainer;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.StochasticMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import java.util.List;

/** The warmup ramp, driven by real training batches. */
class DropRateWarmupTest {

    private static final Shape INPUT = new Shape(4, 3);

    /** LINEAR over three blocks with drop 0.6. */
    private static final float[] TARGETS = {0.2f, 0.4f, 0.6f};

    @ParameterizedTest
    @EnumSource(StochasticMethod.class)
    void rampsLinearlyThenHoldsTheExactTargets(StochasticMethod method) {
        try (Model model = model(method);
                Trainer trainer = trainer(model, new DropRateWarmup(4), INPUT)) {
            List<StochasticResidualBlock> blocks = StochasticDepth.find(model.getBlock());
            assertRates(blocks, 0f);

            trainBatches(trainer, 2);
            assertRates(blocks, 0.5f);
            trainBatches(trainer, 1);
            assertRates(blocks, 0.75f);
            trainBatches(trainer, 1);
            assertThat(blocks)
                    .extracting(StochasticResidualBlock::getDropRate)
                    .containsExactly(0.2f, 0.4f, 0.6f);
            trainBatches(trainer, 3);
            assertThat(blocks)
                    .extracting(StochasticResidualBlock::getDropRate)
                    .containsExactly(0.2f, 0.4f, 0.6f);
        }
    }

    @Test
    void zeroStepsMeansNoRamp() {
        try (Model model = model(StochasticMethod.SAMPLE);
                Trainer trainer = trainer(model, new DropRateWarmup(0), INPUT)) {
            List<StochasticResidualBlock> blocks = StochasticDepth.find(model.getBlock());
            assertRates(blocks, 1f);
            trainBatches(trainer, 1);
            assertRates(blocks, 1f);
        }
    }

    @Test
    void closingTheTrainerRestoresTargetsOfAnUnfinishedRamp() {
        List<StochasticResidualBlock> blocks;
        try (Model model = model(StochasticMethod.SAMPLE)) {
            blocks = StochasticDepth.find(model.getBlock());
            try (Trainer trainer = trainer(model, new DropRateWarmup(10), INPUT)) {
                trainBatches(trainer, 3);
                assertRates(blocks, 0.3f);
            }
            assertRates(blocks, 1f);
        }
    }

    @Test
    void rejectsNegativeSteps() {
        assertThatThrownBy(() -> new DropRateWarmup(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps must be at least 0, got -1");
    }

    /** Asserts that block i trains at {@code TARGETS[i] * fraction}, as the ramp computes it. */
    private static void assertRates(List<StochasticResidualBlock> blocks, float fraction) {
        assertThat(blocks).hasSize(TARGETS.length);
        for (int i = 0; i < TARGETS.length; i++) {
            assertThat(blocks.get(i).getDropRate())
                    .as("block %d", i + 1)
                    .isCloseTo(TARGETS[i] * fraction, offset(1e-7f));
        }
    }

    private static Model model(StochasticMethod method) {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < TARGETS.length; i++) {
            net.add(
                    Residuals.plain(
                            Linear.builder().setUnits(3).build(),
                            Blocks.identityBlock(),
                            PostActivation.RELU));
        }
        StochasticDepth.builder().drop(0.6).method(method).build().apply(net);
        return SurgeryModels.model("warmup", net);
    }

    private static void trainBatches(Trainer trainer, int count) {
        SurgeryModels.trainBatches(trainer, INPUT, count);
    }
}
