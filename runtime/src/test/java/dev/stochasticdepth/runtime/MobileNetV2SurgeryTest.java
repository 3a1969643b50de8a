package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.SurgeryModels.loadParameters;
import static dev.stochasticdepth.runtime.SurgeryModels.mobileNetV2;
import static dev.stochasticdepth.runtime.SurgeryModels.parameterBytes;
import static dev.stochasticdepth.runtime.SurgeryModels.smallMobileNetV2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import ai.djl.Model;
import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Surgery on DJL's model-zoo {@code MobileNetV2}: its inverted residuals with an identity skip
 * become stochastic, numbered in forward order across the stages, with no activation after the
 * add; the bottlenecks without a skip stay as they are; parameters are shared and parameter files
 * move both ways between the rewritten and the untouched network.
 */
class MobileNetV2SurgeryTest {

    /** Fashion-MNIST's shape: the zoo's default strides take 28x28 down to 1x1. */
    private static final Shape BATCH = new Shape(4, 1, 28, 28);

    /** The builder's defaults (MobileNetV2.Builder's fields, for the expected counts). */
    private static final int[] REPEAT_TIMES = {1, 1, 2, 3, 4, 3, 3, 1, 1};

    private static final int[] FILTERS = {32, 16, 24, 32, 64, 96, 160, 320, 1280};
    private static final int[] STRIDES = {2, 1, 2, 2, 2, 1, 2, 1, 1};
    private static final int[] MULTI_TIMES = {1, 6, 6, 6, 6, 6, 6};

    private NDManager manager;

    @BeforeEach
    void openManager() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /**
     * Configurations of the zoo's builder: the defaults, deeper stages, a narrow one with a stage
     * whose first block keeps stride and channels (and so has a skip) and an expansion of 1, and
     * one without a stride-2 stage; each with the schedule to check it under.
     */
    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of(
                        "the builder's defaults",
                        REPEAT_TIMES,
                        FILTERS,
                        STRIDES,
                        MULTI_TIMES,
                        Distribution.LINEAR),
                Arguments.of(
                        "deeper stages",
                        new int[] {1, 2, 3, 4, 5, 3, 3, 2, 1},
                        FILTERS,
                        STRIDES,
                        new int[] {1, 6, 6, 6, 4, 4, 6},
                        Distribution.LINEAR_FROM_ZERO),
                Arguments.of(
                        "narrow, a first block with a skip, t = 1",
                        new int[] {1, 2, 1, 3, 2, 1, 2, 1, 1},
                        new int[] {8, 8, 16, 16, 24, 24, 32, 32, 64},
                        new int[] {1, 1, 2, 1, 2, 1, 2, 1, 1},
                        new int[] {1, 2, 3, 6, 1, 4, 2},
                        Distribution.UNIFORM),
                Arguments.of(
                        "no stride-2 stage, equal widths",
                        new int[] {1, 2, 2, 2, 2, 2, 2, 2, 1},
                        new int[] {8, 8, 8, 8, 8, 8, 8, 8, 16},
                        new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1},
                        new int[] {1, 1, 2, 2, 3, 3, 4},
                        Distribution.LINEAR));
    }

    /**
     * The inverted residuals with a skip of a configuration, from the builder's options alone:
     * stage i (i = 0..6) has {@code repeatTimes[i + 1]} bottlenecks from {@code filters[i]} to
     * {@code filters[i + 1]} channels; its first has a skip if {@code strides[i + 1] == 1} and the
     * channels stay, every later one has.
     */
    private static int skips(int[] repeatTimes, int[] filters, int[] strides) {
        int skips = 0;
        for (int stage = 0; stage < 7; stage++) {
            boolean firstKeepsShape = strides[stage + 1] == 1 && filters[stage] == filters[stage + 1];
            skips += (firstKeepsShape ? 1 : 0) + repeatTimes[stage + 1] - 1;
        }
        return skips;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void rewritesTheInvertedResidualsWithASkipInForwardOrderAndNothingElse(
            String name,
            int[] repeatTimes,
            int[] filters,
            int[] strides,
            int[] multiTimes,
            Distribution distribution) {
        SequentialBlock net = mobileNetV2(repeatTimes, filters, strides, multiTimes);
        // The zoo's layout: pre, the 7 stages, conv1, pooling, reshape, conv2, reshape.
        List<SequentialBlock> stages = new ArrayList<>();
        for (Block child : net.getChildren().values().subList(1, 8)) {
            stages.add((SequentialBlock) child);
        }
        List<List<Block>> before = new ArrayList<>();
        List<Block> units = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            List<Block> blocks = List.copyOf(stages.get(i).getChildren().values());
            assertThat(blocks).hasSize(repeatTimes[i + 1]);
            before.add(blocks);
            blocks.stream().filter(ParallelBlock.class::isInstance).forEach(units::add);
        }
        int expected = skips(repeatTimes, filters, strides);
        assertThat(units).as("the zoo's inverted residuals with a skip").hasSize(expected);

        Block rewritten =
                StochasticDepth.builder()
                        .drop(0.3)
                        .distribution(distribution)
                        .method(StochasticMethod.BLOCK)
                        .scaling(Scaling.TRAINING)
                        .build()
                        .apply(net);

        assertThat(rewritten).isSameAs(net);
        List<StochasticResidualBlock> found = StochasticDepth.find(net);
        assertThat(found).hasSize(expected);
        for (int l = 1; l <= expected; l++) {
            StochasticResidualBlock block = found.get(l - 1);
            Block unit = units.get(l - 1);
            assertThat(block.getDropRate())
                    .isEqualTo((float) distribution.rate(l, expected, 0.3));
            assertThat(block.getBranch()).isSameAs(unit.getChildren().valueAt(0));
            assertThat(block.getShortcut()).isSameAs(unit.getChildren().valueAt(1));
            assertThat(block.getPostActivation()).isEqualTo(PostActivation.NONE);
            assertThat(block.getMethod()).isEqualTo(StochasticMethod.BLOCK);
            assertThat(block.getScaling()).isEqualTo(Scaling.TRAINING);
        }
        // Each stage keeps its blocks in place: the stochastic one where its unit was, the
        // bottlenecks without a skip the very same objects.
        int l = 0;
        for (int i = 0; i < 7; i++) {
            List<Block> after = stages.get(i).getChildren().values();
            assertThat(after).hasSameSizeAs(before.get(i));
            for (int j = 0; j < after.size(); j++) {
                if (before.get(i).get(j) instanceof ParallelBlock) {
                    assertThat(after.get(j)).isSameAs(found.get(l++));
                } else {
                    assertThat(after.get(j))
                            .isSameAs(before.get(i).get(j))
                            .isExactlyInstanceOf(SequentialBlock.class);
                }
            }
        }
        assertThat(l).isEqualTo(expected);
    }

    @Test
    void theDefaultMobileNetV2HasTenInvertedResidualsWithASkip() {
        SequentialBlock net = mobileNetV2();

        StochasticDepth.builder().drop(0.2).build().apply(net);

        List<StochasticResidualBlock> found = StochasticDepth.find(net);
        assertThat(found).hasSize(10);
        assertThat(found)
                .extracting(StochasticResidualBlock::getDropRate)
                .containsExactly(
                        0.02f, 0.04f, 0.06f, 0.08f, 0.1f, 0.12f, 0.14f, 0.16f, 0.18f, 0.2f);
        // Expansion 6 of 24, 32 (twice), 64 (three times), 96 (twice), 160 (twice) channels.
        assertThat(found)
                .extracting(block -> ((Conv2d) block.getBranch().getChildren().valueAt(3)).getGroups())
                .containsExactly(144, 192, 192, 384, 384, 384, 576, 576, 960, 960);
    }

    @Test
    void rewritesALinearBottleneckItself() {
        Block unit = MobileNetV2.linearBottleNeck(16, 16, 1, 6, 0.9f);

        Block rewritten = StochasticDepth.builder().drop(0.2).build().apply(unit);

        assertThat(rewritten).isInstanceOf(StochasticResidualBlock.class);
        assertThat(((StochasticResidualBlock) rewritten).getBranch())
                .isSameAs(unit.getChildren().valueAt(0));
        assertThat(((StochasticResidualBlock) rewritten).getPostActivation())
                .isEqualTo(PostActivation.NONE);
    }

    @Test
    void aMobileNetV2WithoutASkipIsRefusedUnchanged() {
        // One bottleneck per stage, each changing channels or stride: no identity skip anywhere.
        SequentialBlock net =
                mobileNetV2(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, FILTERS, STRIDES, MULTI_TIMES);
        List<Block> children = List.copyOf(net.getChildren().values());

        assertThatThrownBy(() -> StochasticDepth.builder().drop(0.2).build().apply(net))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no residual block found in ai.djl.nn.SequentialBlock");
        assertThat(net.getChildren().values()).containsExactlyElementsOf(children);
    }

    /** The rule is the exact layout: a bottleneck whose 3x3 convolution is not depthwise is not. */
    @Test
    void aBottleneckWithAFullThreeByThreeConvolutionIsNotAnInvertedResidual() {
        SequentialBlock branch =
                new SequentialBlock()
                        .add(conv(96, 1, 1))
                        .add(BatchNorm.builder().build())
                        .add(Activation.relu6Block())
                        .add(conv(96, 3, 1))
                        .add(BatchNorm.builder().build())
                        .add(Activation.relu6Block())
                        .add(conv(16, 1, 1))
                        .add(BatchNorm.builder().build());
        ParallelBlock residual =
                new ParallelBlock(
                        outputs ->
                                new NDList(
                                        NDArrays.add(
                                                outputs.get(0).singletonOrThrow(),
                                                outputs.get(1).singletonOrThrow())),
                        List.of(branch, Blocks.identityBlock()));
        SequentialBlock net = new SequentialBlock().add(residual);

        assertThatThrownBy(() -> StochasticDepth.builder().drop(0.2).build().apply(net))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no residual block found");
    }

    @Test
    void aTrainingStepUpdatesTheSharedParameters() {
        try (Model model = Model.newInstance("mobilenetv2-surgery")) {
            SequentialBlock net = smallMobileNetV2();
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, BATCH);
            List<NDArray> arrays = arrays(net);
            StochasticDepth.builder().drop(0.5).build().apply(net);
            float[] before = arrays.get(0).toFloatArray();

            try (Trainer trainer =
                    model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(BATCH);
                try (NDManager batchManager = model.getNDManager().newSubManager();
                        Batch batch =
                                new Batch(
                                        batchManager,
                                        new NDList(batchManager.randomUniform(0, 1, BATCH)),
                                        new NDList(batchManager.create(new float[] {1, 7, 0, 3})),
                                        4,
                                        Batchifier.STACK,
                                        Batchifier.STACK,
                                        0,
                                        1)) {
                    EasyTrain.trainBatch(trainer, batch);
                    trainer.step();
                }
            }

            List<NDArray> trained = arrays(net);
            for (int i = 0; i < arrays.size(); i++) {
                assertThat(trained.get(i)).isSameAs(arrays.get(i));
            }
            assertThat(arrays.get(0).toFloatArray()).isNotEqualTo(before);
            assertThat(StochasticDepth.find(net)).hasSize(9);
        }
    }

    @Test
    void parameterFilesMoveBothWaysWithTheUntouchedMobileNetV2() throws Exception {
        SequentialBlock trained = mobileNetV2();
        trained.initialize(manager, DataType.FLOAT32, BATCH);
        StochasticDepth.builder().drop(0.3).build().apply(trained);
        byte[] stochasticFile = parameterBytes(trained);

        Block untouched = loadParameters(mobileNetV2(), manager, stochasticFile);
        byte[] plainFile = parameterBytes(untouched);
        Block back = StochasticDepth.builder().drop(0.3).build().apply(mobileNetV2());
        loadParameters(back, manager, plainFile);

        assertThat(plainFile).isEqualTo(stochasticFile);
        assertThat(parameterBytes(back)).isEqualTo(stochasticFile);
        NDArray x = manager.randomUniform(0, 1, BATCH);
        assertThat(infer(back, x)).isEqualTo(infer(trained, x));
    }

    @Test
    void rewritingAnInitializedMobileNetV2KeepsItsArraysItsFileAndAtRateZeroItsOutputs() {
        SequentialBlock net = mobileNetV2();
        net.initialize(manager, DataType.FLOAT32, BATCH);
        byte[] file = parameterBytes(net);
        List<NDArray> arrays = arrays(net);
        NDArray x = manager.randomUniform(0, 1, BATCH);
        float[] plainOutput = infer(net, x);

        StochasticDepth.builder().drop(0).build().apply(net);

        assertThat(StochasticDepth.find(net)).hasSize(10).allMatch(Block::isInitialized);
        assertThat(parameterBytes(net)).isEqualTo(file);
        List<NDArray> after = arrays(net);
        for (int i = 0; i < arrays.size(); i++) {
            assertThat(after.get(i)).isSameAs(arrays.get(i));
        }
        assertThat(infer(net, x)).isEqualTo(plainOutput);
    }

    @Test
    void findListsTheRewrittenBlocksAndStripGivesBackThePlainMobileNetV2() {
        SequentialBlock net = mobileNetV2();
        net.initialize(manager, DataType.FLOAT32, BATCH);
        byte[] file = parameterBytes(net);
        NDArray x = manager.randomUniform(0, 1, BATCH);
        float[] plainOutput = infer(net, x);
        assertThat(StochasticDepth.find(net)).isEmpty();
        StochasticDepth.builder().drop(0.5).build().apply(net);
        List<StochasticResidualBlock> stochastic = StochasticDepth.find(net);
        assertThat(stochastic).hasSize(10);
        assertThat(infer(net, x)).isNotEqualTo(plainOutput);

        assertThat(StochasticDepth.strip(net)).isSameAs(net);

        assertThat(StochasticDepth.find(net)).isEmpty();
        assertThat(parameterBytes(net)).isEqualTo(file);
        assertThat(infer(net, x)).isEqualTo(plainOutput);
        List<Block> plain = new ArrayList<>();
        for (Block stage : net.getChildren().values().subList(1, 8)) {
            stage.getChildren().values().stream()
                    .filter(ParallelBlock.class::isInstance)
                    .forEach(plain::add);
        }
        assertThat(plain).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(plain.get(i).getChildren().values())
                    .containsExactly(
                            stochastic.get(i).getBranch(), stochastic.get(i).getShortcut());
        }
        // The plain twins are recognised again.
        StochasticDepth.builder().drop(0.5).build().apply(net);
        assertThat(StochasticDepth.find(net)).hasSize(10);
    }

    /**
     * Fold after training steps: each branch ends in the projection's batch norm, whose gamma and
     * beta take {@code 1 - p}; the folded file serves the untouched MobileNetV2.
     */
    @Test
    void aFoldedMobileNetV2LoadsIntoTheUntouchedOneAndPredictsTheSame() throws Exception {
        SequentialBlock net = smallMobileNetV2();
        StochasticDepth.builder().drop(0.5).build().apply(net);
        try (Model model = SurgeryModels.model("fold-mobilenetv2", net);
                Trainer trainer =
                        SurgeryModels.trainer(model, new TrainingListenerAdapter() {}, BATCH)) {
            NDManager trainerManager = trainer.getManager();
            for (int step = 0; step < 3; step++) {
                NDList images = new NDList(trainerManager.randomUniform(0, 1, BATCH));
                NDList targets = new NDList(trainerManager.randomNormal(new Shape(4, 10)));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    collector.backward(
                            trainer.getLoss().evaluate(targets, trainer.forward(images)));
                }
                trainer.step();
            }
            NDArray x = trainerManager.randomUniform(0, 1, BATCH);
            NDArray expected = inferArray(net, trainerManager, x);
            StochasticResidualBlock last = StochasticDepth.find(net).get(8);
            BatchNorm lastNorm = (BatchNorm) last.getBranch().getChildren().valueAt(7);
            NDArray gamma = lastNorm.getParameters().get("gamma").getArray().duplicate();

            StochasticDepth.fold(net);

            assertThat(lastNorm.getParameters().get("gamma").getArray().contentEquals(gamma.mul(0.5f)))
                    .isTrue();
            SequentialBlock untouched = smallMobileNetV2();
            untouched.initialize(trainerManager, DataType.FLOAT32, BATCH);
            loadParameters(untouched, trainerManager, parameterBytes(net));
            NDArray actual = inferArray(untouched, trainerManager, x);
            // One reordered product per layer: float rounding, relative to the logits' size.
            float scale = Math.max(1f, expected.abs().max().getFloat());
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-5f * scale);
        }
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    private float[] infer(Block block, NDArray x) {
        return inferArray(block, manager, x).toFloatArray();
    }

    private static NDArray inferArray(Block block, NDManager manager, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow();
    }

    private static List<NDArray> arrays(Block block) {
        return block.getParameters().values().stream().map(Parameter::getArray).toList();
    }
}
