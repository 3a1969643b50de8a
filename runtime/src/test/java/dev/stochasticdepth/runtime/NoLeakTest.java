package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.Fixtures.forward;
import static dev.stochasticdepth.runtime.Fixtures.initialized;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;

import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The block leaves no NDArray behind: over 1,000 forward and backward steps the number of open
 * arrays of the whole engine stays flat.
 *
 * <p>How the count can fail: every PyTorch array hangs, through its manager, under the engine's
 * system manager, the parent of every base manager, and {@code getManagedArrays()} on it lists
 * every open array recursively. Each step's input lives in a sub-manager closed at the end of the
 * step, so what the block creates from the input goes with it, as DJL intends. An array the block
 * attached anywhere else (to the parameters' manager, to a new base manager, to a sub-manager of
 * one) would stay open and raise the count at every step it happens; the last lines of the test
 * leak one such array on purpose and see the count move.
 */
class NoLeakTest {

    private static final int STEPS = 1_000;

    private static final Shape INPUT = new Shape(8, 16, 4);

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(5);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void openArraysStayFlatOverTrainingSteps() {
        // Every forward path: per-sample masks raw and rescaled, skipped rows, whole-batch draws.
        List<StochasticResidualBlock> blocks =
                List.of(
                        block(StochasticMethod.SAMPLE, Scaling.INFERENCE, false),
                        block(StochasticMethod.SAMPLE, Scaling.TRAINING, false),
                        block(StochasticMethod.SAMPLE, Scaling.INFERENCE, true),
                        block(StochasticMethod.BLOCK, Scaling.TRAINING, false));
        NDManager engine = manager.getParentManager();
        for (StochasticResidualBlock block : blocks) {
            step(block, 0);
        }
        int before = engine.getManagedArrays().size();
        for (int i = 0; i < STEPS; i++) {
            step(blocks.get(i % blocks.size()), i);
        }
        assertThat(engine.getManagedArrays().size()).as("open arrays").isEqualTo(before);

        // The count sees a leak: a gradient read and not closed stays on the parameters' manager.
        blocks.get(0).getBranch().getParameters().valueAt(0).getArray().getGradient();
        assertThat(engine.getManagedArrays().size()).as("open arrays").isEqualTo(before + 1);
    }

    /** One training step (forward, backward) and, every fifth step, an inference forward. */
    private void step(Block block, int index) {
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = step.randomNormal(INPUT);
            x.setRequiresGradient(true);
            collector.backward(forward(block, x, true).sum());
            if (index % 5 == 0) {
                forward(block, x, false);
            }
        }
    }

    private StochasticResidualBlock block(
            StochasticMethod method, Scaling scaling, boolean skipDropped) {
        // Dense layers on the last axis and batch norm over axis 1.
        Block branch =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(4).build())
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu)
                        .add(Linear.builder().setUnits(4).build());
        return initialized(
                StochasticResidualBlock.builder()
                        .setBranch(branch)
                        .optDropRate(0.5f)
                        .optMethod(method)
                        .optScaling(scaling)
                        .optSkipDropped(skipDropped)
                        .build(),
                manager,
                INPUT);
    }
}
