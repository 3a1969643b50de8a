package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.Fixtures.assertBinomial;
import static dev.stochasticdepth.runtime.Fixtures.forward;
import static dev.stochasticdepth.runtime.Fixtures.initialized;
import static dev.stochasticdepth.runtime.Fixtures.rowValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.core.Linear;

import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** The laws of the keep decisions, checked over many draws. */
class DropLawTest {

    /** 100 batches of 1,000 samples: 100,000 per-sample draws for each rate. */
    private static final int BATCHES = 100;

    private static final int BATCH = 1_000;

    /** Forwards of a BLOCK block: one draw each. */
    private static final int BLOCK_FORWARDS = 4_000;

    /** Fixed so that every run checks the same draws. */
    private static final int SEED = 2016;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(SEED);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest(name = "p = {0}, skipDropped = {1}")
    @CsvSource({"0.1, false", "0.5, false", "0.9, false", "0.1, true", "0.5, true", "0.9, true"})
    void eachSampleIsDroppedIndependentlyWithProbabilityP(float p, boolean skipDropped) {
        StochasticResidualBlock block = Fixtures.maskReader(p).optSkipDropped(skipDropped).build();
        initialized(block, manager, new Shape(BATCH, 2, 3));
        long dropped = 0;
        long afterDrop = 0;
        long droppedAfterDrop = 0;
        for (int batch = 0; batch < BATCHES; batch++) {
            try (NDManager step = manager.newSubManager()) {
                float[] bits = rowValues(forward(block, step.zeros(new Shape(BATCH, 2, 3)), true));
                for (int i = 0; i < BATCH; i++) {
                    assertThat(bits[i]).as("keep bit of sample %d", i).isIn(0f, 1f);
                    if (bits[i] == 0f) {
                        dropped++;
                    }
                    if (i > 0 && bits[i - 1] == 0f) {
                        afterDrop++;
                        droppedAfterDrop += bits[i] == 0f ? 1 : 0;
                    }
                }
            }
        }
        assertBinomial(dropped, (long) BATCHES * BATCH, p, "dropped samples");
        // Neighbours are independent: a sample after a dropped one is dropped with probability p.
        assertBinomial(droppedAfterDrop, afterDrop, p, "drops right after a drop");
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(floats = {0.1f, 0.5f, 0.9f})
    void blockMethodDropsTheWholeBatchTogetherWithProbabilityP(float p) {
        AtomicInteger branchRuns = new AtomicInteger();
        Block ones =
                LambdaBlock.singleton(
                        x -> {
                            branchRuns.incrementAndGet();
                            return x.onesLike();
                        });
        StochasticResidualBlock block =
                Fixtures.maskReader(p).setBranch(ones).optMethod(StochasticMethod.BLOCK).build();
        initialized(block, manager, new Shape(4, 3));
        int dropped = 0;
        for (int i = 0; i < BLOCK_FORWARDS; i++) {
            try (NDManager step = manager.newSubManager()) {
                float[] bits = rowValues(forward(block, step.zeros(new Shape(4, 3)), true));
                assertThat(bits).as("forward %d", i).containsOnly(bits[0]);
                assertThat(bits[0]).isIn(0f, 1f);
                if (bits[0] == 0f) {
                    dropped++;
                }
            }
        }
        assertBinomial(dropped, BLOCK_FORWARDS, p, "dropped forwards");
        assertThat(branchRuns)
                .as("a dropped block never runs its branch")
                .hasValue(BLOCK_FORWARDS - dropped);
    }

    /**
     * With INFERENCE scaling, the mean training output over many samples of one input approaches
     * the inference output: {@code x + mean(keep) f(x)} against {@code x + (1 - p) f(x)}. The
     * sample mean of N keep bits has standard error {@code sqrt(p (1 - p) / N)}, so each element
     * may differ by 4 times that, times {@code |f(x)|}, plus float rounding of the mean.
     */
    @ParameterizedTest(name = "p = {0}")
    @ValueSource(floats = {0.1f, 0.5f, 0.9f})
    void inferenceScalingMakesInferenceTheExpectedTrainingOutput(float p) {
        assertMeanTrainingOutputIsInferenceOutput(Scaling.INFERENCE, p, p * (1.0 - p));
    }

    /**
     * With TRAINING scaling, kept branches are divided by {@code 1 - p} so the mean training output
     * approaches the plain forward, which is the inference output; the scaled keep value has
     * variance {@code p / (1 - p)}.
     */
    @ParameterizedTest(name = "p = {0}")
    @ValueSource(floats = {0.1f, 0.5f, 0.9f})
    void trainingScalingMakesThePlainForwardTheExpectedTrainingOutput(float p) {
        assertMeanTrainingOutputIsInferenceOutput(Scaling.TRAINING, p, p / (1.0 - p));
    }

    private void assertMeanTrainingOutputIsInferenceOutput(
            Scaling scaling, float p, double keepVariance) {
        int samples = 100_000;
        int features = 8;
        Block branch = Linear.builder().setUnits(features).build();
        StochasticResidualBlock block =
                StochasticResidualBlock.builder()
                        .setBranch(branch)
                        .optPostActivation(PostActivation.NONE)
                        .optDropRate(p)
                        .optScaling(scaling)
                        .build();
        initialized(block, manager, new Shape(samples, features));
        NDArray sample = manager.randomNormal(new Shape(1, features));
        NDArray batch = sample.repeat(0, samples);

        double[] mean =
                forward(block, batch, true)
                        .toType(DataType.FLOAT64, false)
                        .mean(new int[] {0})
                        .toDoubleArray();
        float[] inference = forward(block, sample, false).toFloatArray();
        float[] branchOutput = forward(branch, sample, false).toFloatArray();

        double standardError = Math.sqrt(keepVariance / samples);
        for (int i = 0; i < features; i++) {
            double tolerance = 4 * standardError * Math.abs(branchOutput[i]) + 1e-5;
            assertThat(mean[i]).as("feature %d", i).isCloseTo(inference[i], within(tolerance));
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"SAMPLE, INFERENCE", "SAMPLE, TRAINING", "BLOCK, INFERENCE", "BLOCK, TRAINING"})
    void keptBranchesAreScaledOnlyWithTrainingScaling(StochasticMethod method, Scaling scaling) {
        float p = 0.75f;
        StochasticResidualBlock block =
                Fixtures.maskReader(p).optMethod(method).optScaling(scaling).build();
        initialized(block, manager, new Shape(16, 1));
        Set<Float> trainingValues = new TreeSet<>();
        Set<Float> inferenceValues = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.zeros(new Shape(16, 1));
                for (float value : rowValues(forward(block, x, true))) {
                    trainingValues.add(value);
                }
                for (float value : rowValues(forward(block, x, false))) {
                    inferenceValues.add(value);
                }
            }
        }
        boolean scaled = scaling == Scaling.TRAINING;
        assertThat(trainingValues).containsExactly(0f, scaled ? 1f / (1f - p) : 1f);
        assertThat(inferenceValues).containsExactly(scaled ? 1f : 1f - p);
    }
}
