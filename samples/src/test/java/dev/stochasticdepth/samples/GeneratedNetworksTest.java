package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.samples.resnet.StochasticPreActResNet20;
import dev.stochasticdepth.samples.resnet.StochasticResNet101;
import dev.stochasticdepth.samples.resnet.StochasticResNet110;
import dev.stochasticdepth.samples.resnet.StochasticResNet1202;
import dev.stochasticdepth.samples.resnet.StochasticResNet152;
import dev.stochasticdepth.samples.resnet.StochasticResNet18;
import dev.stochasticdepth.samples.resnet.StochasticResNet20;
import dev.stochasticdepth.samples.resnet.StochasticResNet34;
import dev.stochasticdepth.samples.resnet.StochasticResNet50;
import dev.stochasticdepth.samples.resnet.StochasticResNet56;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks every network the processor generated from the sample definitions. */
class GeneratedNetworksTest {

    /** Each network with its depth L and the drop rate of its definition's deepest block. */
    static Stream<Arguments> definitions() {
        return Stream.of(
                Arguments.of(SampleNetwork.RESNET20, StochasticResNet20.DEPTH, 9, 0.5),
                Arguments.of(SampleNetwork.RESNET56, StochasticResNet56.DEPTH, 27, 0.5),
                Arguments.of(SampleNetwork.RESNET110, StochasticResNet110.DEPTH, 54, 0.5),
                Arguments.of(SampleNetwork.RESNET1202, StochasticResNet1202.DEPTH, 600, 0.5),
                Arguments.of(SampleNetwork.PREACT_RESNET20, StochasticPreActResNet20.DEPTH, 9, 0.5),
                Arguments.of(SampleNetwork.RESNET18, StochasticResNet18.DEPTH, 8, 0.1),
                Arguments.of(SampleNetwork.RESNET34, StochasticResNet34.DEPTH, 16, 0.1),
                Arguments.of(SampleNetwork.RESNET50, StochasticResNet50.DEPTH, 16, 0.1),
                Arguments.of(SampleNetwork.RESNET101, StochasticResNet101.DEPTH, 33, 0.1),
                Arguments.of(SampleNetwork.RESNET152, StochasticResNet152.DEPTH, 50, 0.1));
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void depthAndRatesFollowTheDefinitionsLinearSchedule(
            SampleNetwork network, int generatedDepth, int depth, double drop) {
        List<Float> expected = new ArrayList<>();
        for (int layer = 1; layer <= depth; layer++) {
            expected.add((float) Distribution.LINEAR.rate(layer, depth, drop));
        }

        assertThat(generatedDepth).isEqualTo(depth);
        assertThat(network.dropRates()).containsExactlyElementsOf(expected);
        SequentialBlock block = network.create(10);
        assertThat(StochasticBlocks.dropRates(block)).containsExactlyElementsOf(expected);
        assertThat(StochasticDepth.find(block))
                .allSatisfy(
                        unit -> {
                            assertThat(unit.getMethod()).isEqualTo(StochasticMethod.SAMPLE);
                            assertThat(unit.getScaling()).isEqualTo(Scaling.INFERENCE);
                            assertThat(unit.isSkipDropped()).isFalse();
                        });
    }

    @Test
    void staticAccessorsAgreeWithTheList() {
        for (int block = 0; block < StochasticResNet20.DEPTH; block++) {
            assertThat(StochasticResNet20.dropRate(block))
                    .isEqualTo(StochasticResNet20.dropRates().get(block));
        }
    }

    @Test
    void onlyThePreActivationUnitsAddWithoutReLU() {
        assertThat(StochasticDepth.find(SampleNetwork.PREACT_RESNET20.create(10)))
                .extracting(StochasticResidualBlock::getPostActivation)
                .containsOnly(PostActivation.NONE);
        assertThat(StochasticDepth.find(SampleNetwork.RESNET20.create(10)))
                .extracting(StochasticResidualBlock::getPostActivation)
                .containsOnly(PostActivation.RELU);
    }

    /**
     * Runs a training forward, whose batch norms use batch statistics: at inference an untrained
     * ResNet-1202 adds 600 branches normalised only by the initial running statistics, and its
     * logits overflow, which says nothing about the generated code.
     */
    @ParameterizedTest
    @EnumSource(SampleNetwork.class)
    void mapsFashionMnistImagesToLogits(SampleNetwork network) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = network.create(10);
            Shape input = new Shape(2, 1, 28, 28);
            block.initialize(manager, DataType.FLOAT32, input);

            assertThat(block.getOutputShapes(new Shape[] {input})).containsExactly(new Shape(2, 10));
            NDArray logits =
                    block.forward(
                                    new ai.djl.training.ParameterStore(manager, false),
                                    new NDList(manager.randomUniform(0f, 1f, input)),
                                    true)
                            .singletonOrThrow();
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 10));
            assertThat(logits.isInfinite().any().getBoolean()).isFalse();
            assertThat(logits.isNaN().any().getBoolean()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = SampleNetwork.class,
            names = {"RESNET20", "PREACT_RESNET20", "RESNET18"})
    void takesATrainingStepThatChangesTheWeights(SampleNetwork network) {
        try (Model model = Model.newInstance(network.id())) {
            model.setBlock(network.create(10));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.1f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                Shape input = new Shape(4, 1, 28, 28);
                trainer.initialize(input);
                NDManager manager = trainer.getManager();
                NDArray images = manager.randomUniform(0f, 1f, input);
                NDArray labels = manager.create(new float[] {0, 1, 2, 3});
                NDArray firstWeight =
                        model.getBlock().getParameters().valueAt(0).getArray().duplicate();
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray loss =
                            trainer.getLoss()
                                    .evaluate(new NDList(labels), trainer.forward(new NDList(images)));
                    assertThat(loss.getFloat()).isPositive().isFinite();
                    collector.backward(loss);
                }
                trainer.step();

                NDArray updated = model.getBlock().getParameters().valueAt(0).getArray();
                assertThat(updated.contentEquals(firstWeight)).isFalse();
            }
        }
    }
}
