package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.samples.efficientnet.StochasticMiniEfficientNet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue's inverted-residual networks: the EfficientNet-style network generated from its
 * DSL definition, and DJL's model-zoo MobileNetV2 by surgery. They build with their schedules,
 * train, and their parameter files load into their plain twins and back.
 */
class InvertedResidualNetworksTest {

    private static final Shape INPUT = new Shape(8, 1, 28, 28);

    /**
     * EfficientNet's rule, from timm's {@code _efficientnet_builder.py}: the N blocks of the trunk
     * are numbered k = 0..N-1, skip or not, and block k gets {@code drop_path_rate * k / N}; the
     * mini network's skips are blocks 0, 2, 4, 6 and 8 of N = 9, at EfficientNet-B0's 0.2.
     */
    @Test
    void theEfficientNetStyleNetworkHasEfficientNetsScheduleOverItsFiveSkips() {
        int[] skipIndices = {0, 2, 4, 6, 8};
        List<Float> efficientNet = new ArrayList<>();
        for (int k : skipIndices) {
            efficientNet.add((float) (0.2 * k / 9));
        }

        assertThat(StochasticMiniEfficientNet.DEPTH).isEqualTo(5);
        assertThat(SampleNetwork.EFFICIENTNET_MINI.dropRates()).isEqualTo(efficientNet);
        assertThat(SampleNetwork.EFFICIENTNET_MINI.dropRates())
                .isEqualTo(StochasticBlocks.dropRates(SampleNetwork.EFFICIENTNET_MINI.create(10)))
                .isEqualTo(StochasticMiniEfficientNet.dropRates());
        assertThat(SampleNetwork.EFFICIENTNET_MINI.settings())
                .isEqualTo(StochasticMiniEfficientNet.SETTINGS)
                .isEqualTo(
                        StochasticDepthSettings.of(0.2 * 8 / 9)
                                .withDistribution(Distribution.LINEAR_FROM_ZERO));
        // LINEAR, the other candidate, would drop the first block and the last at the full 0.2.
        assertThat(SampleNetwork.EFFICIENTNET_MINI.rates(StochasticDepthSettings.of(0.2)))
                .isNotEqualTo(efficientNet);
    }

    /**
     * The blocks with a skip are the generated ones, at the odd positions of the 11 layers; the
     * blocks without (stride 2 or new channels) are plain {@code SequentialBlock}s between them.
     */
    @Test
    void onlyTheBlocksWithASkipAreStochasticAndTheirBranchesAreInvertedBottlenecks() {
        SequentialBlock net = SampleNetwork.EFFICIENTNET_MINI.create(10);
        List<Block> layers = net.getChildren().values();
        List<StochasticResidualBlock> found = StochasticDepth.find(net);

        assertThat(layers).hasSize(11);
        assertThat(found).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(layers.get(2 * i + 1)).isSameAs(found.get(i));
        }
        for (int i : new int[] {0, 2, 4, 6, 8, 10}) {
            assertThat(layers.get(i)).isExactlyInstanceOf(SequentialBlock.class);
        }
        assertThat(found)
                .allSatisfy(
                        block -> {
                            assertThat(block.getPostActivation()).isEqualTo(PostActivation.NONE);
                            assertThat(block.getShortcut()).isInstanceOf(LambdaBlock.class);
                            assertThat(block.getMethod()).isEqualTo(StochasticMethod.SAMPLE);
                            assertThat(block.getScaling()).isEqualTo(Scaling.INFERENCE);
                        });
        // Block 2 (24 channels, t = 6): expand, BN, SiLU, depthwise, BN, SiLU, SE, project, BN.
        List<Block> branch = found.get(1).getBranch().getChildren().values();
        assertThat(branch).hasSize(9);
        assertThat(((Conv2d) branch.get(0)).getFilters()).isEqualTo(144);
        Conv2d depthwise = (Conv2d) branch.get(3);
        assertThat(depthwise.getKernelShape()).isEqualTo(new Shape(3, 3));
        assertThat(depthwise.getGroups()).isEqualTo(144).isEqualTo(depthwise.getFilters());
        assertThat(branch.get(6)).isExactlyInstanceOf(ParallelBlock.class);
        assertThat(((Conv2d) branch.get(7)).getFilters()).isEqualTo(24);
        assertThat(branch.get(8)).isInstanceOf(BatchNorm.class);
        // Block 1 has expansion 1: no expansion convolution.
        assertThat(found.get(0).getBranch().getChildren()).hasSize(6);
        // Squeeze-and-excitation is optional.
        List<StochasticResidualBlock> withoutSe =
                StochasticDepth.find(new StochasticMiniEfficientNet(10, false));
        assertThat(withoutSe.get(1).getBranch().getChildren().values())
                .hasSize(8)
                .noneMatch(ParallelBlock.class::isInstance);
    }

    /**
     * Other settings than the definition's go through surgery, which must find the five generated
     * blocks and not take a squeeze-and-excitation {@code ParallelBlock} for a residual.
     */
    @Test
    void surgeryOnTheGeneratedNetworkFindsTheSameFiveBlocks() {
        List<Float> rates = SampleNetwork.EFFICIENTNET_MINI.dropRates();

        Block net =
                SampleNetwork.EFFICIENTNET_MINI.create(
                        10, StochasticMiniEfficientNet.SETTINGS.withMethod(StochasticMethod.BLOCK));

        List<StochasticResidualBlock> found = StochasticDepth.find(net);
        assertThat(found).hasSize(5).allMatch(b -> b.getMethod() == StochasticMethod.BLOCK);
        assertThat(StochasticBlocks.dropRates(net)).isEqualTo(rates);
    }

    @Test
    void theMobileNetV2EntryIsTheZooNetworkBySurgeryAndItsTwinTheUntouchedOne() {
        SequentialBlock stochastic = SampleNetwork.MOBILENETV2.create(10);
        SequentialBlock plain = SampleNetwork.MOBILENETV2.plain(10);

        assertThat(StochasticBlocks.dropRates(stochastic))
                .isEqualTo(SampleNetwork.MOBILENETV2.rates(StochasticDepthSettings.of(0.2)))
                .isEqualTo(SampleNetwork.MOBILENETV2.dropRates());
        assertThat(StochasticDepth.find(stochastic))
                .allMatch(block -> block.getPostActivation() == PostActivation.NONE);
        assertThat(StochasticDepth.find(plain)).isEmpty();
        long zooResiduals =
                plain.getChildren().values().stream()
                        .flatMap(child -> child.getChildren().values().stream())
                        .filter(block -> block.getClass() == ParallelBlock.class)
                        .count();
        assertThat(zooResiduals).isEqualTo(10);
        assertThat(SampleNetwork.MOBILENETV2.settings().distribution())
                .isEqualTo(Distribution.LINEAR);
        // Other settings rebuild the zoo network by surgery with them.
        assertThat(
                        StochasticDepth.find(
                                SampleNetwork.MOBILENETV2.create(
                                        10,
                                        StochasticDepthSettings.of(0.3)
                                                .withMethod(StochasticMethod.BLOCK))))
                .hasSize(10)
                .allMatch(block -> block.getMethod() == StochasticMethod.BLOCK)
                .last()
                .extracting(StochasticResidualBlock::getDropRate)
                .isEqualTo(0.3f);
    }

    @ParameterizedTest
    @EnumSource(
            value = SampleNetwork.class,
            names = {"MOBILENETV2", "EFFICIENTNET_MINI"})
    void aTrainedNetworksFileLoadsIntoItsPlainTwinAndBack(SampleNetwork network)
            throws MalformedModelException {
        Engine.getInstance().setRandomSeed(3);
        SequentialBlock net = network.create(10);
        try (Model model = Model.newInstance(network.id());
                Trainer trainer = newTrainer(model, net)) {
            NDManager manager = trainer.getManager();
            NDArray before = net.getParameters().valueAt(0).getArray().duplicate();
            RandomSteps.step(trainer, INPUT);
            assertThat(net.getParameters().valueAt(0).getArray().contentEquals(before)).isFalse();
            byte[] file = bytes(net);

            SequentialBlock twin = network.plain(10);
            twin.initialize(manager, DataType.FLOAT32, INPUT);
            load(twin, manager, file);
            SequentialBlock back = network.create(10);
            back.initialize(manager, DataType.FLOAT32, INPUT);
            load(back, manager, bytes(twin));

            assertThat(bytes(twin)).isEqualTo(file);
            assertThat(bytes(back)).isEqualTo(file);
            NDArray x = manager.randomUniform(0f, 1f, INPUT);
            assertThat(infer(back, manager, x).contentEquals(infer(net, manager, x))).isTrue();
            // At rate 0 the stochastic network computes what its twin does.
            StochasticDepth.find(back).forEach(block -> block.setDropRate(0));
            assertThat(infer(back, manager, x).contentEquals(infer(twin, manager, x))).isTrue();
        }
    }

    /** Under one seed the stochastic network and its plain twin start from the same weights. */
    @ParameterizedTest
    @EnumSource(
            value = SampleNetwork.class,
            names = {"MOBILENETV2", "EFFICIENTNET_MINI"})
    void theTwinsStartFromTheSameWeightsUnderOneSeed(SampleNetwork network) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            SequentialBlock stochastic = network.create(10);
            stochastic.initialize(manager, DataType.FLOAT32, INPUT);
            Engine.getInstance().setRandomSeed(11);
            SequentialBlock plain = network.plain(10);
            plain.initialize(manager, DataType.FLOAT32, INPUT);

            assertThat(bytes(plain)).isEqualTo(bytes(stochastic));
        }
    }

    /** Fold: the branches end in the projection's batch norm, which takes the factor 1 - p. */
    @ParameterizedTest
    @EnumSource(
            value = SampleNetwork.class,
            names = {"MOBILENETV2", "EFFICIENTNET_MINI"})
    void theFoldedNetworkPredictsAsItDidAtInferenceAndLoadsIntoThePlainTwin(SampleNetwork network)
            throws MalformedModelException {
        Engine.getInstance().setRandomSeed(5);
        SequentialBlock net = network.create(10);
        try (Model model = Model.newInstance("fold-" + network.id());
                Trainer trainer = newTrainer(model, net)) {
            NDManager manager = trainer.getManager();
            for (int step = 0; step < 3; step++) {
                RandomSteps.step(trainer, INPUT);
            }
            NDArray x = manager.randomUniform(0f, 1f, INPUT);
            NDArray expected = infer(net, manager, x);

            StochasticDepth.fold(net);

            SequentialBlock twin = network.plain(10);
            twin.initialize(manager, DataType.FLOAT32, INPUT);
            load(twin, manager, bytes(net));
            float scale = Math.max(1f, expected.abs().max().getFloat());
            assertThat(infer(net, manager, x).sub(expected).abs().max().getFloat())
                    .isLessThan(1e-4f * scale);
            assertThat(infer(twin, manager, x).sub(expected).abs().max().getFloat())
                    .isLessThan(1e-4f * scale);
        }
    }

    private static Trainer newTrainer(Model model, SequentialBlock net) {
        model.setBlock(net);
        Trainer trainer =
                model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
        trainer.initialize(INPUT);
        return trainer;
    }

    private static NDArray infer(Block block, NDManager manager, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow();
    }

    private static byte[] bytes(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void load(Block block, NDManager manager, byte[] file)
            throws MalformedModelException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
            block.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
