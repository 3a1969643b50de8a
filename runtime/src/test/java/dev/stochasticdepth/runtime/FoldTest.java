package dev.stochasticdepth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link StochasticDepth#fold}: after real training steps (batch-norm statistics moved), the folded
 * plain network computes the stochastic network's inference outputs, its file loads into the plain
 * twin, and every branch it cannot fold exactly is rejected with the model unchanged.
 */
class FoldTest {

    private static final Shape INPUT = new Shape(8, 3, 8, 8);

    /**
     * Outputs of the folded network agree with the stochastic network's to float rounding: the
     * factor moves from the block's output into the last layer's parameters, which reorders one
     * multiplication per element (relative error about 1e-7 per layer).
     */
    private static final float TOLERANCE = 1e-5f;

    /** Stem, three residual units (the second with a projection), head; branches end in BN. */
    private static SequentialBlock network(Scaling scaling, Supplier<Block> branchEnd) {
        SequentialBlock net =
                new SequentialBlock()
                        .add(conv(8, 3, 1))
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu);
        float[] rates = {0.2f, 0.35f, 0.5f};
        for (int i = 0; i < rates.length; i++) {
            int stride = i == 1 ? 2 : 1;
            SequentialBlock branch =
                    new SequentialBlock()
                            .add(conv(8, 3, stride))
                            .add(BatchNorm.builder().build())
                            .add(Activation::relu)
                            .add(i == 2 ? branchEnd.get() : conv(8, 3, 1));
            if (i != 2) {
                branch.add(BatchNorm.builder().build());
            }
            net.add(
                    StochasticResidualBlock.builder()
                            .setBranch(branch)
                            .optShortcut(
                                    i == 1
                                            ? new SequentialBlock()
                                                    .add(conv(8, 1, 2))
                                                    .add(BatchNorm.builder().build())
                                            : Blocks.identityBlock())
                            .optPostActivation(PostActivation.RELU)
                            .optDropRate(rates[i])
                            .optScaling(scaling)
                            .build());
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .build();
    }

    /** Trains a few steps with an L2 loss on random data, moving weights and BN statistics. */
    private static void train(Trainer trainer) {
        NDManager manager = trainer.getManager();
        for (int step = 0; step < 5; step++) {
            NDArray x = manager.randomNormal(INPUT);
            NDArray y = manager.randomNormal(new Shape(8, 5));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                collector.backward(
                        trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
            }
            trainer.step();
        }
    }

    /** Returns a trainer of {@code model} after {@link #train}. */
    private static Trainer trained(Model model) {
        Trainer trainer = SurgeryModels.trainer(model, new TrainingListenerAdapter() {}, INPUT);
        train(trainer);
        return trainer;
    }

    private static NDArray infer(Block block, NDManager manager, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow();
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        float scale = Math.max(1f, expected.abs().max().getFloat());
        assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(TOLERANCE * scale);
    }

    @ParameterizedTest
    @EnumSource(Scaling.class)
    void theFoldedNetworkComputesTheStochasticNetworksInferenceAndLoadsIntoThePlainTwin(
            Scaling scaling) throws Exception {
        SequentialBlock net = network(scaling, () -> conv(8, 3, 1));
        // The third branch ends in a conv with bias: the factor goes into weight and bias.
        try (Model model = SurgeryModels.model("fold", net);
                Trainer trainer = trained(model)) {
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomNormal(INPUT);
            NDArray expected = infer(net, manager, x);
            byte[] unfolded = SurgeryModels.parameterBytes(net);

            Block folded = StochasticDepth.fold(net);

            assertThat(folded).isSameAs(net);
            assertThat(StochasticDepth.find(net)).isEmpty();
            assertClose(infer(net, manager, x), expected);
            if (scaling == Scaling.TRAINING) {
                // Nothing to fold: the folded network is exactly the stripped one.
                assertThat(infer(net, manager, x).contentEquals(expected)).isTrue();
            }
            // The file loads into the plain twin of a fresh network, which then predicts the same.
            byte[] file = SurgeryModels.parameterBytes(net);
            Block twin = StochasticDepth.strip(network(scaling, () -> conv(8, 3, 1)));
            twin.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, INPUT);
            SurgeryModels.loadParameters(twin, manager, file);
            assertClose(infer(twin, manager, x), expected);
            if (scaling == Scaling.INFERENCE) {
                // What strip alone gives: the same layout, another function.
                SurgeryModels.loadParameters(twin, manager, unfolded);
                NDArray stripped = infer(twin, manager, x);
                assertThat(stripped.sub(expected).abs().max().getFloat()).isGreaterThan(1e-2f);
            }
        }
    }

    /** Surgery on DJL's model-zoo ResNetV1, trained, folded: the file serves the untouched one. */
    @Test
    void aFoldedSurgeryResNetV1LoadsIntoTheUntouchedResNetV1AndPredictsTheSame()
            throws Exception {
        Shape input = new Shape(4, 1, 28, 28);
        SequentialBlock net = SurgeryModels.basicResNet20();
        StochasticDepth.builder().drop(0.5).build().apply(net);
        try (Model model = SurgeryModels.model("fold-resnetv1", net);
                Trainer trainer =
                        SurgeryModels.trainer(model, new TrainingListenerAdapter() {}, input)) {
            NDManager manager = trainer.getManager();
            for (int step = 0; step < 3; step++) {
                NDList images = new NDList(manager.randomUniform(0, 1, input));
                NDList targets = new NDList(manager.randomNormal(new Shape(4, 10)));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    collector.backward(
                            trainer.getLoss().evaluate(targets, trainer.forward(images)));
                }
                trainer.step();
            }
            NDArray x = manager.randomUniform(0, 1, input);
            NDArray expected = infer(net, manager, x);

            StochasticDepth.fold(net);

            SequentialBlock untouched = SurgeryModels.basicResNet20();
            untouched.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, input);
            SurgeryModels.loadParameters(untouched, manager, SurgeryModels.parameterBytes(net));
            assertClose(infer(untouched, manager, x), expected);
        }
    }

    @Test
    void aBranchEndingInBatchNormTakesTheFactorInGammaAndBeta() throws Exception {
        SequentialBlock net = network(Scaling.INFERENCE, () -> BatchNorm.builder().build());
        try (Model model = SurgeryModels.model("fold-bn", net);
                Trainer trainer = trained(model)) {
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomNormal(INPUT);
            NDArray expected = infer(net, manager, x);
            StochasticResidualBlock third = StochasticDepth.find(net).get(2);
            List<Block> branch = third.getBranch().getChildren().values();
            BatchNorm last = (BatchNorm) branch.get(branch.size() - 1);
            NDArray gamma = last.getParameters().get("gamma").getArray().duplicate();

            StochasticDepth.fold(net);

            assertClose(infer(net, manager, x), expected);
            assertThat(last.getParameters().get("gamma").getArray().contentEquals(gamma.mul(0.5f)))
                    .isTrue();
        }
    }

    @Test
    void aBranchEndingInAnActivationIsRejectedAndTheModelUnchanged() throws Exception {
        SequentialBlock net = network(Scaling.INFERENCE, () -> Activation.reluBlock());
        try (Model model = SurgeryModels.model("fold-relu", net);
                Trainer trainer = trained(model)) {
            byte[] before = SurgeryModels.parameterBytes(net);
            List<Block> children = List.copyOf(net.getChildren().values());

            assertThatThrownBy(() -> StochasticDepth.fold(net))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot fold residual block 3 (")
                    .hasMessageContaining("drop rate 0.5")
                    .hasMessageContaining("its branch ends in ai.djl.nn.LambdaBlock");
            // The first two blocks could be folded, but nothing was: the bytes and blocks stand.
            assertThat(SurgeryModels.parameterBytes(net)).isEqualTo(before);
            assertThat(net.getChildren().values()).containsExactlyElementsOf(children);
        }
    }

    @Test
    void aLastLayerSharedWithAnotherBlockIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block shared = conv(3, 3, 1);
            SequentialBlock net = new SequentialBlock();
            for (float rate : new float[] {0.25f, 0.5f}) {
                net.add(
                        StochasticResidualBlock.builder()
                                .setBranch(new SequentialBlock().add(shared))
                                .optDropRate(rate)
                                .build());
            }
            net.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, INPUT);
            byte[] before = SurgeryModels.parameterBytes(net);

            assertThatThrownBy(() -> StochasticDepth.fold(net))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot fold residual block 1 (")
                    .hasMessageContaining("shared with another block");
            assertThat(SurgeryModels.parameterBytes(net)).isEqualTo(before);
        }
    }

    @Test
    void anUninitializedModelIsRejected() {
        SequentialBlock net = network(Scaling.INFERENCE, () -> conv(8, 3, 1));
        assertThatThrownBy(() -> StochasticDepth.fold(net))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not initialized");
        assertThat(StochasticDepth.find(net)).hasSize(3);
    }
}
