package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.Fixtures.forward;
import static dev.stochasticdepth.runtime.Fixtures.initialized;
import static dev.stochasticdepth.runtime.Fixtures.rowValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.util.RandomUtils;

import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/** The forward, backward and API of {@link StochasticResidualBlock}, one case at a time. */
class StochasticResidualBlockTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(7);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'7'", "'7, 3'", "'7, 3, 5'", "'7, 2, 3, 5'", "'7, 2, 3, 2, 2'"})
    void masksArePerSampleForEveryRank(String dims) {
        Shape shape = shapeOf(dims);
        NDArray x = manager.zeros(shape);

        NDArray mask = KeepMasks.perSample(x, 0.5f, 1f);
        long[] expected = new long[shape.dimension()];
        Arrays.fill(expected, 1L);
        expected[0] = shape.get(0);
        assertThat(mask.getShape()).isEqualTo(new Shape(expected));
        assertThat(mask.getDataType()).isEqualTo(x.getDataType());
        assertThat(mask.getDevice()).isEqualTo(x.getDevice());

        StochasticResidualBlock block =
                initialized(Fixtures.maskReader(0.5f).build(), manager, shape);
        NDArray output = forward(block, x, true);
        assertThat(output.getShape()).isEqualTo(shape);
        // rowValues fails unless each sample is all kept or all dropped.
        assertThat(rowValues(output)).containsOnly(0f, 1f);
    }

    @Test
    void masksTakeTheInputsDataType() {
        for (DataType type : new DataType[] {DataType.FLOAT16, DataType.FLOAT64}) {
            NDArray x = manager.zeros(new Shape(16, 3), type);
            assertThat(KeepMasks.perSample(x, 0.5f, 2f).getDataType()).isEqualTo(type);
            StochasticResidualBlock block = Fixtures.maskReader(0.5f).build();
            block.initialize(manager, type, x.getShape());
            NDArray output = forward(block, x, true);
            assertThat(output.getDataType()).as("output of a %s batch", type).isEqualTo(type);
            assertThat(rowValues(output)).containsOnly(0f, 1f);
        }
    }

    @Test
    void aBatchOfOneIsKeptOrDroppedWhole() {
        StochasticResidualBlock block =
                initialized(Fixtures.maskReader(0.5f).build(), manager, new Shape(1, 4));
        List<Float> seen = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            seen.add(rowValues(forward(block, manager.zeros(new Shape(1, 4)), true))[0]);
        }
        assertThat(seen).containsOnly(0f, 1f).contains(0f, 1f);
    }

    @Test
    void theSameSeedDrawsTheSameMasks() {
        StochasticResidualBlock block =
                initialized(Fixtures.maskReader(0.5f).build(), manager, new Shape(1_000, 1));
        NDArray x = manager.zeros(new Shape(1_000, 1));
        Engine.getInstance().setRandomSeed(11);
        float[] first = rowValues(forward(block, x, true));
        float[] next = rowValues(forward(block, x, true));
        Engine.getInstance().setRandomSeed(11);
        float[] again = rowValues(forward(block, x, true));
        assertThat(again).containsExactly(first);
        assertThat(next).isNotEqualTo(first);
    }

    /**
     * At p = 0 every configuration computes exactly what DJL's {@code ParallelBlock} twin computes,
     * with the same weights, in training (batch statistics, running averages updated) and at
     * inference (running averages).
     */
    @ParameterizedTest(name = "{0}, {1}, skipDropped = {2}")
    @CsvSource({
        "SAMPLE, INFERENCE, false",
        "SAMPLE, TRAINING, false",
        "SAMPLE, INFERENCE, true",
        "BLOCK, INFERENCE, false",
        "BLOCK, TRAINING, false"
    })
    void rateZeroIsExactlyThePlainResidual(
            StochasticMethod method, Scaling scaling, boolean skipDropped) throws Exception {
        Shape shape = new Shape(4, 3, 6, 6);
        Supplier<Block> branch = () -> Fixtures.convBranch(8, 2);
        Supplier<Block> shortcut = () -> Fixtures.projection(8, 2);
        StochasticResidualBlock block =
                StochasticResidualBlock.builder()
                        .setBranch(branch.get())
                        .optShortcut(shortcut.get())
                        .optMethod(method)
                        .optScaling(scaling)
                        .optSkipDropped(skipDropped)
                        .build();
        Block twin = twinWithSameWeights(block, branch, shortcut, shape);

        for (int step = 0; step < 2; step++) {
            NDArray x = manager.randomNormal(shape);
            assertThat(forward(block, x, true).toFloatArray())
                    .containsExactly(forward(twin, x, true).toFloatArray());
        }
        NDArray x = manager.randomNormal(shape);
        assertThat(forward(block, x, false).toFloatArray())
                .containsExactly(forward(twin, x, false).toFloatArray());

        // At p = 0 a training forward draws nothing: both random streams are where they were, so
        // a warmup that starts at 0 does not shift the draws of the steps after it.
        Engine.getInstance().setRandomSeed(11);
        float engineUntouched = manager.randomUniform(0f, 1f, new Shape(1)).getFloat();
        float hostUntouched = RandomUtils.nextFloat();
        Engine.getInstance().setRandomSeed(11);
        forward(block, x, true);
        assertThat(manager.randomUniform(0f, 1f, new Shape(1)).getFloat())
                .isEqualTo(engineUntouched);
        assertThat(RandomUtils.nextFloat()).isEqualTo(hostUntouched);
    }

    @Test
    void trainingScalingIsThePlainResidualAtInference() throws Exception {
        Shape shape = new Shape(4, 3, 6, 6);
        Supplier<Block> branch = () -> Fixtures.convBranch(3, 1);
        StochasticResidualBlock block =
                StochasticResidualBlock.builder()
                        .setBranch(branch.get())
                        .optDropRate(0.6f)
                        .optScaling(Scaling.TRAINING)
                        .build();
        Block twin = twinWithSameWeights(block, branch, Blocks::identityBlock, shape);
        NDArray x = manager.randomNormal(shape);
        assertThat(forward(block, x, false).toFloatArray())
                .containsExactly(forward(twin, x, false).toFloatArray());
    }

    @Test
    void inferenceScalingMultipliesTheBranchByTheKeepProbabilityAtInference() {
        Shape shape = new Shape(5, 4);
        Block branch = Linear.builder().setUnits(4).build();
        StochasticResidualBlock block =
                initialized(
                        StochasticResidualBlock.builder()
                                .setBranch(branch)
                                .optPostActivation(PostActivation.NONE)
                                .optDropRate(0.3f)
                                .build(),
                        manager,
                        shape);
        NDArray x = manager.randomNormal(shape);
        NDArray expected = x.add(forward(branch, x, false).mul(0.7f));
        assertThat(forward(block, x, false).toFloatArray())
                .containsExactly(expected.toFloatArray());
    }

    /**
     * The input gradient of sum(shortcut(x) + keep * branch(x)) is, row by row, the shortcut's
     * gradient plus the branch's only where the sample was kept; the branch's parameters see only
     * the kept samples: its bias gradient counts them and its weight gradient sums their inputs.
     */
    @ParameterizedTest(name = "skipDropped = {0}")
    @ValueSource(booleans = {false, true})
    void gradientsFlowThroughKeptSamplesOnly(boolean skipDropped) {
        int rows = 16;
        int features = 4;
        Linear branch = Linear.builder().setUnits(features).build();
        Linear shortcut = Linear.builder().setUnits(features).build();
        StochasticResidualBlock block =
                initialized(
                        halfDropped(branch, shortcut).optSkipDropped(skipDropped).build(),
                        manager,
                        new Shape(rows, features));
        NDArray x = manager.randomNormal(new Shape(rows, features));
        x.setRequiresGradient(true);
        NDArray output;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            output = forward(block, x, true);
            collector.backward(output.sum());
        }
        // A dropped sample's output is exactly its shortcut's; a kept one's differs.
        boolean[] kept = new boolean[rows];
        float[] out = output.toFloatArray();
        float[] shortcutOut = forward(shortcut, x, false).toFloatArray();
        int keptCount = 0;
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < features; i++) {
                kept[row] |= out[row * features + i] != shortcutOut[row * features + i];
            }
            keptCount += kept[row] ? 1 : 0;
        }
        assertThat(keptCount).as("kept samples").isBetween(1, rows - 1);

        float[] shortcutGradient = weight(shortcut).sum(new int[] {0}).toFloatArray();
        float[] branchGradient = weight(branch).sum(new int[] {0}).toFloatArray();
        float[] inputGradient = x.getGradient().toFloatArray();
        NDArray keptInputs = manager.zeros(new Shape(features));
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < features; i++) {
                float expected = shortcutGradient[i] + (kept[row] ? branchGradient[i] : 0f);
                assertThat(inputGradient[row * features + i])
                        .as("input gradient [%d, %d], kept = %s", row, i, kept[row])
                        .isCloseTo(expected, within(1e-5f));
            }
            if (kept[row]) {
                keptInputs.addi(x.get(row));
            }
        }
        assertThat(bias(branch).getGradient().toFloatArray()).containsOnly((float) keptCount);
        assertThat(bias(shortcut).getGradient().toFloatArray()).containsOnly((float) rows);
        float[] branchWeightGradient = weight(branch).getGradient().toFloatArray();
        float[] keptInputSums = keptInputs.toFloatArray();
        for (int i = 0; i < branchWeightGradient.length; i++) {
            assertThat(branchWeightGradient[i])
                    .isCloseTo(keptInputSums[i % features], within(1e-5f));
        }
    }

    /**
     * Batch norm over (N, C) needs two rows for its batch statistics; when skipDropped keeps a
     * single sample, the block runs the branch on the whole batch and masks it instead of failing,
     * and the dropped samples still get exactly their shortcut.
     */
    @Test
    void skipDroppedWithOneKeptSampleRunsTheWholeBatch() {
        int rows = 4;
        int features = 3;
        Block branch =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(features).build())
                        .add(ai.djl.nn.norm.BatchNorm.builder().build());
        StochasticResidualBlock block =
                initialized(
                        StochasticResidualBlock.builder()
                                .setBranch(branch)
                                .optPostActivation(PostActivation.NONE)
                                .optDropRate(0.75f)
                                .optSkipDropped(true)
                                .build(),
                        manager,
                        new Shape(rows, features));
        List<Long> keptCounts = new ArrayList<>();
        block.setDropObserver((b, p, kept, samples) -> keptCounts.add(kept));
        NDArray x = manager.randomNormal(new Shape(rows, features));
        float[] input = x.toFloatArray();
        // P(exactly one of 4 kept at p = 0.75) = 0.42, so 40 forwards meet it with probability
        // 1 - 0.58^40 > 1 - 1e-9; the seed makes the run repeatable.
        for (int step = 0; step < 40; step++) {
            float[] out = forward(block, x, true).toFloatArray();
            if (keptCounts.get(step) == 1) {
                int dropped = 0;
                for (int row = 0; row < rows; row++) {
                    boolean equalsShortcut = true;
                    for (int i = 0; i < features; i++) {
                        int at = row * features + i;
                        equalsShortcut &= out[at] == input[at];
                    }
                    dropped += equalsShortcut ? 1 : 0;
                }
                assertThat(dropped).as("rows equal to their shortcut, step %d", step).isEqualTo(3);
            }
        }
        assertThat(keptCounts).contains(1L);
    }

    @Test
    void aDroppedBlockNeverRunsItsBranchNorReachesItsParameters() {
        AtomicInteger branchRuns = new AtomicInteger();
        Linear linear = Linear.builder().setUnits(4).build();
        Block branch =
                new SequentialBlock()
                        .add(linear)
                        .add(LambdaBlock.singleton(countingIdentity(branchRuns)));
        Linear shortcut = Linear.builder().setUnits(4).build();
        StochasticResidualBlock block =
                initialized(
                        halfDropped(branch, shortcut).optMethod(StochasticMethod.BLOCK).build(),
                        manager,
                        new Shape(6, 4));
        NDArray x = manager.randomNormal(new Shape(6, 4));
        x.setRequiresGradient(true);
        boolean dropped = false;
        for (int attempt = 0; attempt < 30 && !dropped; attempt++) {
            int runsBefore = branchRuns.get();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray output = forward(block, x, true);
                NDArray expected = forward(shortcut, x, false);
                dropped = branchRuns.get() == runsBefore;
                if (!dropped) {
                    // Kept: the whole branch is added. No backward, so no gradient accumulates.
                    expected = expected.add(forward(branch, x, false));
                }
                assertThat(output.toFloatArray()).containsExactly(expected.toFloatArray());
                if (dropped) {
                    collector.backward(output.sum());
                }
            }
        }
        assertThat(dropped).as("a drop within 30 forwards at p = 0.5").isTrue();
        assertThat(weight(linear).getGradient().toFloatArray()).containsOnly(0f);
        assertThat(bias(linear).getGradient().toFloatArray()).containsOnly(0f);
        float[] shortcutGradient = weight(shortcut).sum(new int[] {0}).toFloatArray();
        float[] inputGradient = x.getGradient().toFloatArray();
        for (int i = 0; i < inputGradient.length; i++) {
            assertThat(inputGradient[i]).isCloseTo(shortcutGradient[i % 4], within(1e-5f));
        }
    }

    /**
     * With skipDropped, the branch receives exactly the kept rows and its outputs land back on
     * them: the branch doubles its input, so a row of the output is either 0 (dropped) or twice the
     * same row of the input, and the rows the branch received are the nonzero ones (all of them
     * when one row is kept). A batch of 4 at p = 0.5 is all dropped or all kept 1 time in 16, so
     * 200 forwards meet every path.
     */
    @Test
    void skipDroppedRunsTheBranchOnKeptRowsOnly() {
        List<Long> rowsSeen = new ArrayList<>();
        Block doubling =
                LambdaBlock.singleton(
                        x -> {
                            rowsSeen.add(x.getShape().get(0));
                            return x.mul(2);
                        });
        StochasticResidualBlock block =
                initialized(
                        Fixtures.maskReader(0.5f).setBranch(doubling).optSkipDropped(true).build(),
                        manager,
                        new Shape(4, 3));
        int allDropped = 0;
        int allKept = 0;
        int oneKept = 0;
        for (int i = 0; i < 200; i++) {
            try (NDManager step = manager.newSubManager()) {
                rowsSeen.clear();
                NDArray x = step.randomUniform(1f, 2f, new Shape(4, 3));
                float[] in = x.toFloatArray();
                float[] out = forward(block, x, true).toFloatArray();
                long kept = 0;
                for (int row = 0; row < 4; row++) {
                    boolean rowKept = out[row * 3] != 0f;
                    kept += rowKept ? 1 : 0;
                    for (int j = row * 3; j < row * 3 + 3; j++) {
                        assertThat(out[j]).isEqualTo(rowKept ? 2 * in[j] : 0f);
                    }
                }
                if (kept == 0) {
                    allDropped++;
                    assertThat(rowsSeen).as("branch runs when all rows are dropped").isEmpty();
                } else {
                    allKept += kept == 4 ? 1 : 0;
                    oneKept += kept == 1 ? 1 : 0;
                    assertThat(rowsSeen).containsExactly(kept == 1 ? 4L : kept);
                }
            }
        }
        assertThat(allDropped).isPositive();
        assertThat(allKept).isPositive();
        assertThat(oneKept).isPositive();
    }

    /**
     * skipDropped changes only where the branch runs: with the same seed, so the same mask, it
     * computes what the masked full-batch forward computes, up to float rounding (the branch's
     * matrix products run over fewer rows).
     */
    @Test
    void skipDroppedMatchesTheMaskedForwardForTheSameMask() {
        Block branch =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(8).build())
                        .add(Activation::relu)
                        .add(Linear.builder().setUnits(8).build());
        Shape shape = new Shape(32, 8);
        StochasticResidualBlock skipping =
                initialized(
                        StochasticResidualBlock.builder()
                                .setBranch(branch)
                                .optDropRate(0.5f)
                                .optSkipDropped(true)
                                .build(),
                        manager,
                        shape);
        StochasticResidualBlock masking =
                StochasticResidualBlock.builder().setBranch(branch).optDropRate(0.5f).build();
        masking.initialize(manager, DataType.FLOAT32, shape);
        NDArray x = manager.randomNormal(shape);
        for (int seed = 0; seed < 5; seed++) {
            Engine.getInstance().setRandomSeed(seed);
            float[] skipped = forward(skipping, x, true).toFloatArray();
            Engine.getInstance().setRandomSeed(seed);
            float[] masked = forward(masking, x, true).toFloatArray();
            assertThat(skipped).containsExactly(masked, within(1e-5f));
        }
    }

    @Test
    void outputShapesAndInitializationFollowTheChildren() {
        StochasticResidualBlock block =
                StochasticResidualBlock.builder()
                        .setBranch(Fixtures.convBranch(8, 2))
                        .optShortcut(Fixtures.projection(8, 2))
                        .build();
        Shape input = new Shape(2, 3, 6, 6);
        assertThat(block.isInitialized()).isFalse();
        block.initialize(manager, DataType.FLOAT32, input);
        assertThat(block.isInitialized()).isTrue();
        assertThat(block.getBranch().isInitialized()).isTrue();
        assertThat(block.getShortcut().isInitialized()).isTrue();
        assertThat(parameterShape(block.getBranch(), "01Conv2d_weight"))
                .isEqualTo(new Shape(8, 3, 3, 3));
        assertThat(parameterShape(block.getShortcut(), "01Conv2d_weight"))
                .isEqualTo(new Shape(8, 3, 1, 1));
        assertThat(block.getOutputShapes(new Shape[] {input}))
                .containsExactly(new Shape(2, 8, 3, 3));
        assertThat(forward(block, manager.randomNormal(input), true).getShape())
                .isEqualTo(new Shape(2, 8, 3, 3));
    }

    @Test
    void gettersAndToStringDescribeTheBlock() {
        Block branch = Linear.builder().setUnits(3).build();
        Block shortcut = Blocks.identityBlock();
        StochasticResidualBlock block =
                StochasticResidualBlock.builder()
                        .setBranch(branch)
                        .optShortcut(shortcut)
                        .optDropRate(0.25f)
                        .optMethod(StochasticMethod.SAMPLE)
                        .optScaling(Scaling.TRAINING)
                        .optSkipDropped(true)
                        .optPostActivation(PostActivation.NONE)
                        .build();
        assertThat(block.getBranch()).isSameAs(branch);
        assertThat(block.getShortcut()).isSameAs(shortcut);
        assertThat(block.getDropRate()).isEqualTo(0.25f);
        assertThat(block.getMethod()).isEqualTo(StochasticMethod.SAMPLE);
        assertThat(block.getScaling()).isEqualTo(Scaling.TRAINING);
        assertThat(block.isSkipDropped()).isTrue();
        assertThat(block.getPostActivation()).isEqualTo(PostActivation.NONE);
        assertThat(block.toString())
                .startsWith(
                        "StochasticResidualBlock(p=0.25, SAMPLE, TRAINING, skipDropped,"
                                + " post=NONE) {")
                .contains("\tbranch", "\tidentity");

        block.setDropRate(0.5f);
        assertThat(block.getDropRate()).isEqualTo(0.5f);
        assertThat(block.toString()).startsWith("StochasticResidualBlock(p=0.5, ");

        StochasticResidualBlock defaults =
                StochasticResidualBlock.builder().setBranch(branch).build();
        assertThat(defaults.toString())
                .startsWith("StochasticResidualBlock(p=0.0, SAMPLE, INFERENCE, post=RELU) {");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(floats = {1.5f, Float.NaN, -0.1f, 1f, Float.POSITIVE_INFINITY})
    void badRatesAreRejectedWithTheirValue(float rate) {
        StochasticResidualBlock block = Fixtures.maskReader(0.2f).build();
        String message = "drop must be in [0, 1), got " + rate;
        assertThatIllegalArgumentException()
                .isThrownBy(() -> block.setDropRate(rate))
                .withMessage(message);
        assertThat(block.getDropRate()).isEqualTo(0.2f);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Fixtures.maskReader(rate).build())
                .withMessage(message);
    }

    @Test
    void theLargestRateBelowOneIsAccepted() {
        StochasticResidualBlock block = Fixtures.maskReader(0f).build();
        block.setDropRate(Math.nextDown(1f));
        assertThat(block.getDropRate()).isEqualTo(Math.nextDown(1f));
    }

    @Test
    void aScalarInputIsRejectedWithItsValue() {
        StochasticResidualBlock block =
                initialized(Fixtures.maskReader(0.5f).build(), manager, new Shape(2, 3));
        NDArray scalar = manager.create(3f);
        for (boolean training : new boolean[] {true, false}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> forward(block, scalar, training))
                    .withMessage(
                            "stochastic depth needs a batch of rank >= 1 with samples on axis 0,"
                                    + " got the scalar 3.0 (shape ())");
        }
    }

    @Test
    void aBuilderWithoutBranchIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StochasticResidualBlock.builder().build())
                .withMessage("a StochasticResidualBlock needs a branch: call setBranch(Block)");
    }

    @Test
    void skipDroppedWithTheBlockMethodIsRejected() {
        StochasticResidualBlock.Builder builder =
                Fixtures.maskReader(0.2f).optMethod(StochasticMethod.BLOCK).optSkipDropped(true);
        assertThatIllegalArgumentException()
                .isThrownBy(builder::build)
                .withMessage(
                        "skipDropped applies to method SAMPLE only; BLOCK never runs a dropped"
                                + " branch");
    }

    /**
     * Initializes {@code block} and returns its plain {@code ParallelBlock} twin, built by the same
     * factories and loaded with the block's parameter file.
     */
    private Block twinWithSameWeights(
            StochasticResidualBlock block,
            Supplier<Block> branch,
            Supplier<Block> shortcut,
            Shape shape)
            throws Exception {
        initialized(block, manager, shape);
        Block twin = Residuals.plain(branch.get(), shortcut.get(), block.getPostActivation());
        initialized(twin, manager, shape);
        Fixtures.load(twin, manager, Fixtures.parameterFile(block));
        return twin;
    }

    /** Returns a builder of {@code shortcut(x) + keep * branch(x)} at p = 0.5. */
    private static StochasticResidualBlock.Builder halfDropped(Block branch, Block shortcut) {
        return StochasticResidualBlock.builder()
                .setBranch(branch)
                .optShortcut(shortcut)
                .optPostActivation(PostActivation.NONE)
                .optDropRate(0.5f);
    }

    private static Shape parameterShape(Block block, String name) {
        return block.getParameters().get(name).getArray().getShape();
    }

    private static NDArray weight(Block linear) {
        return linear.getParameters().get("weight").getArray();
    }

    private static NDArray bias(Block linear) {
        return linear.getParameters().get("bias").getArray();
    }

    private static Function<NDArray, NDArray> countingIdentity(AtomicInteger runs) {
        return x -> {
            runs.incrementAndGet();
            return x;
        };
    }

    private static Shape shapeOf(String dims) {
        return new Shape(
                Arrays.stream(dims.split(","))
                        .map(String::trim)
                        .mapToLong(Long::parseLong)
                        .toArray());
    }
}
