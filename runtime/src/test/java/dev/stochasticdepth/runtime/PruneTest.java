package dev.stochasticdepth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.stochasticdepth.annotations.PostActivation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link StochasticDepth#prune} and its selections: a pruned block computes {@code
 * post(shortcut(x))} for good, the selections pick the right blocks, the same layers prune a
 * stochastic network, its plain twin and model-zoo ResNetV1, a pruned file loads into a network
 * pruned the same way, and a bad selection changes nothing.
 */
class PruneTest {

    private static final Shape INPUT = new Shape(4, 3, 8, 8);

    /** Rates of the four units; the last two are equal, to show the tie rule. */
    private static final float[] RATES = {0.1f, 0.2f, 0.4f, 0.4f};

    /** Stem, four residual units (the second with a stride-2 projection), head. */
    private static SequentialBlock network(PostActivation post) {
        SequentialBlock net =
                new SequentialBlock()
                        .add(Fixtures.conv(8, 3, 1))
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu);
        for (int i = 0; i < RATES.length; i++) {
            int stride = i == 1 ? 2 : 1;
            net.add(
                    StochasticResidualBlock.builder()
                            .setBranch(Fixtures.convBranch(8, stride))
                            .optShortcut(
                                    stride == 2
                                            ? Fixtures.projection(8, stride)
                                            : Blocks.identityBlock())
                            .optPostActivation(post)
                            .optDropRate(RATES[i])
                            .build());
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
    }

    /** A trainer of {@code model} after three L2 steps on random data (weights and BN moved). */
    private static Trainer trained(Model model, Shape input, Shape output) {
        Trainer trainer = SurgeryModels.trainer(model, new TrainingListenerAdapter() {}, input);
        NDManager manager = trainer.getManager();
        for (int step = 0; step < 3; step++) {
            NDList x = new NDList(manager.randomNormal(input));
            NDList y = new NDList(manager.randomNormal(output));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                collector.backward(trainer.getLoss().evaluate(y, trainer.forward(x)));
            }
            trainer.step();
        }
        return trainer;
    }

    private static NDArray infer(Block block, NDManager manager, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow();
    }

    /**
     * The network's inference computed layer by layer from its parts, the units at {@code removed}
     * (1-based) computing {@code post(shortcut(x))}: the definition of pruning, by hand.
     */
    private static NDArray byHand(
            List<Block> layers, Set<Integer> removed, NDManager manager, NDArray x) {
        int unit = 0;
        for (Block layer : layers) {
            if (layer instanceof StochasticResidualBlock block && removed.contains(++unit)) {
                NDArray shortcut = infer(block.getShortcut(), manager, x);
                x =
                        block.getPostActivation() == PostActivation.RELU
                                ? Activation.relu(shortcut)
                                : shortcut;
            } else {
                x = infer(layer, manager, x);
            }
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(PostActivation.class)
    void aPrunedNetworkComputesWhatItsBlocksComputeWhenDropped(PostActivation post)
            throws Exception {
        SequentialBlock net = network(post);
        try (Model model = SurgeryModels.model("prune", net);
                Trainer trainer = trained(model, INPUT, new Shape(4, 5))) {
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomNormal(INPUT);
            List<Block> layers = List.copyOf(net.getChildren().values());
            // Unit 2 has the projection, unit 4 an identity shortcut.
            NDArray expected = byHand(layers, Set.of(2, 4), manager, x);

            List<PrunedBlock> pruned = StochasticDepth.prune(net, List.of(4, 2, 4));

            assertThat(pruned)
                    .containsExactly(
                            new PrunedBlock(2, 0.2f, true, post),
                            new PrunedBlock(4, 0.4f, false, post));
            assertThat(StochasticDepth.find(net)).hasSize(2);
            // Exact: the remaining layers are the same blocks computing the same operations.
            assertThat(infer(net, manager, x).contentEquals(expected)).isTrue();
            // An identity unit without post-activation leaves nothing; with ReLU, the ReLU.
            int removedLayers = post == PostActivation.NONE ? 1 : 0;
            int addedLayers = post == PostActivation.RELU ? 1 : 0;
            assertThat(net.getChildren().size())
                    .isEqualTo(layers.size() - removedLayers + addedLayers);
            assertThat(pruned.get(0).leftInPlace())
                    .isEqualTo(
                            post == PostActivation.RELU
                                    ? "the projection, then ReLU"
                                    : "the projection");
            assertThat(pruned.get(1).leftInPlace())
                    .isEqualTo(post == PostActivation.RELU ? "ReLU" : "nothing");
        }
    }

    @Test
    void theHighestRatesGoFirstTheDeeperAmongEqualRates() {
        assertThat(StochasticDepth.pruneHighestRates(network(PostActivation.RELU), 1))
                .extracting(PrunedBlock::layer)
                .containsExactly(4);
        assertThat(StochasticDepth.pruneHighestRates(network(PostActivation.RELU), 3))
                .extracting(PrunedBlock::layer)
                .containsExactly(2, 3, 4);
        assertThat(StochasticDepth.pruneHighestRates(network(PostActivation.RELU), 0)).isEmpty();
        assertThat(StochasticDepth.pruneAbove(network(PostActivation.RELU), 0.2f))
                .extracting(PrunedBlock::layer)
                .containsExactly(3, 4);
        assertThat(StochasticDepth.pruneAbove(network(PostActivation.RELU), 0.1f))
                .extracting(PrunedBlock::layer)
                .containsExactly(2, 3, 4);
    }

    /**
     * Fold, then prune: the served network computes the stochastic network's inference with the
     * pruned units dropped, to the tolerance of fold (float rounding of one reordered
     * multiplication per layer); the plain twin prunes the same layers with rate 0 reported.
     */
    @Test
    void aFoldedNetworkAndThePlainTwinPruneTheSameLayers() throws Exception {
        SequentialBlock net = network(PostActivation.RELU);
        try (Model model = SurgeryModels.model("prune-folded", net);
                Trainer trainer = trained(model, INPUT, new Shape(4, 5))) {
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomNormal(INPUT);
            List<Block> layers = List.copyOf(net.getChildren().values());
            NDArray expected = byHand(layers, Set.of(3, 4), manager, x);
            SequentialBlock twin = network(PostActivation.RELU);
            StochasticDepth.strip(twin);
            twin.initialize(manager, DataType.FLOAT32, INPUT);

            StochasticDepth.fold(net);
            List<PrunedBlock> folded = StochasticDepth.prune(net, List.of(3, 4));
            List<PrunedBlock> plain = StochasticDepth.prune(twin, List.of(3, 4));

            NDArray actual = infer(net, manager, x);
            float scale = Math.max(1f, expected.abs().max().getFloat());
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-5f * scale);
            assertThat(folded).extracting(PrunedBlock::layer).containsExactly(3, 4);
            assertThat(plain)
                    .containsExactly(
                            new PrunedBlock(3, 0f, false, PostActivation.RELU),
                            new PrunedBlock(4, 0f, false, PostActivation.RELU));
            assertThat(twin.getChildren().size()).isEqualTo(net.getChildren().size());
        }
    }

    /**
     * DJL's model-zoo ResNetV1, trained, pruned by its last three units: the file loads into a
     * fresh ResNetV1 pruned the same way, which then predicts the same.
     */
    @Test
    void aPrunedResNetV1SavesAndLoadsIntoAResNetV1PrunedTheSameWay() throws Exception {
        Shape input = new Shape(2, 1, 28, 28);
        SequentialBlock net = SurgeryModels.basicResNet20();
        try (Model model = SurgeryModels.model("prune-resnetv1", net);
                Trainer trainer = trained(model, input, new Shape(2, 10))) {
            NDManager manager = trainer.getManager();
            List<PrunedBlock> pruned = StochasticDepth.prune(net, List.of(7, 8, 9));
            // Unit 7 opens the last stage with a projection; 8 and 9 have identity shortcuts.
            assertThat(pruned)
                    .extracting(PrunedBlock::projection)
                    .containsExactly(true, false, false);
            NDArray x = manager.randomUniform(0, 1, input);
            NDArray expected = infer(net, manager, x);
            byte[] file = SurgeryModels.parameterBytes(net);

            SequentialBlock fresh = SurgeryModels.basicResNet20();
            fresh.initialize(manager, DataType.FLOAT32, input);
            assertThat(StochasticDepth.prune(fresh, List.of(7, 8, 9))).isEqualTo(pruned);
            SurgeryModels.loadParameters(fresh, manager, file);

            assertThat(infer(fresh, manager, x).contentEquals(expected)).isTrue();
        }
    }

    @Test
    void aBadSelectionIsRejectedAndTheModelUnchanged() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = network(PostActivation.RELU);
            net.initialize(manager, DataType.FLOAT32, INPUT);
            byte[] before = SurgeryModels.parameterBytes(net);
            List<Block> children = List.copyOf(net.getChildren().values());

            assertThatThrownBy(() -> StochasticDepth.prune(net, List.of(1, 5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "no residual block 5 to prune: the model has 4 (numbered 1..4 in"
                                    + " forward order)");
            assertThatThrownBy(() -> StochasticDepth.prune(net, List.of(0)))
                    .hasMessageStartingWith("no residual block 0 to prune");
            assertThatThrownBy(() -> StochasticDepth.pruneHighestRates(net, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot prune 5 blocks of a model with 4 residual blocks");
            assertThatThrownBy(() -> StochasticDepth.pruneAbove(net, Float.NaN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the rate must be in [0, 1], got NaN");
            assertThat(SurgeryModels.parameterBytes(net)).isEqualTo(before);
            assertThat(net.getChildren().values()).containsExactlyElementsOf(children);

            Block alone = StochasticDepth.find(network(PostActivation.RELU)).get(0);
            assertThatThrownBy(() -> StochasticDepth.prune(alone, List.of(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot prune residual block 1: it is the model itself");
        }
    }
}
