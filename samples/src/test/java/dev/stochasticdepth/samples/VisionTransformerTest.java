package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.runtime.StochasticResidualLayer;
import dev.stochasticdepth.samples.vit.StochasticVisionTransformer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * The generated vision transformer: its schedule counts the encoder layers (timm's linear rise from
 * 0), each layer's two residuals share the layer's rate, and its parameter file moves both ways
 * between it and its plain twin, a {@code SequentialBlock} of plain {@code ParallelBlock}s per
 * layer.
 */
class VisionTransformerTest {

    private static final Shape IMAGES = new Shape(4, 1, 28, 28);

    @TempDir Path folder;

    private final CommandRunner runner = new CommandRunner();

    @Test
    void trainsFromTheCommandLineBesideItsPlainTwin() {
        assertThat(
                        runner.run(
                                "train",
                                "--model",
                                "vit",
                                "--epochs",
                                "1",
                                "--limit",
                                "16",
                                "--batch",
                                "8",
                                "--out",
                                folder.toString()))
                .isZero();

        assertThat(runner.out().lines().findFirst())
                .hasValue(
                        "vit, 6 stochastic layers of 12 residuals, drop 0.1, the definition's"
                                + " schedule, SAMPLE, INFERENCE; 16 training and 16 test images"
                                + " from the bundled subset");
        assertThat(runner.out()).contains("vit stochastic depth ", "vit plain ");
        assertThat(folder.resolve("train-vit.png")).isNotEmptyFile();
    }

    @Test
    void comparesVariantsFromTheCommandLine() {
        assertThat(
                        runner.run(
                                "compare",
                                "--model",
                                "vit",
                                "--epochs",
                                "1",
                                "--limit",
                                "16",
                                "--batch",
                                "8",
                                "--seeds",
                                "1",
                                "--precise-bn",
                                "0",
                                "--variant",
                                "method=BLOCK,label=block",
                                "--out",
                                folder.toString()))
                .isZero();

        assertThat(runner.out()).contains("block ", "plain ");
        assertThat(folder.resolve("compare-vit.csv")).isNotEmptyFile();
        assertThat(folder.resolve("compare-vit.png")).isNotEmptyFile();
    }

    @Test
    void anotherDropKeepsTheDefinitionsDistribution() {
        assertThat(
                        runner.run(
                                "rates",
                                "--model",
                                "vit",
                                "--drop",
                                "0.3",
                                "--out",
                                folder.toString()))
                .isZero();

        List<String> lines = runner.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("vit, drop 0.3 LINEAR_FROM_ZERO");
        assertThat(lines.get(2)).isEqualTo("    1     0.0000    1.0000");
        assertThat(lines.get(7)).isEqualTo("    6     0.3000    0.7000");
    }

    @Test
    void theScheduleCountsLayersAndBothResidualsOfALayerShareItsRate() {
        assertThat(StochasticVisionTransformer.DEPTH).isEqualTo(6);
        SequentialBlock network = new StochasticVisionTransformer(10);

        List<List<StochasticResidualBlock>> positions = StochasticDepth.findPositions(network);

        assertThat(positions).hasSize(6);
        assertThat(StochasticDepth.find(network)).hasSize(12);
        for (int l = 0; l < 6; l++) {
            float rate = (float) Distribution.LINEAR_FROM_ZERO.rate(l + 1, 6, 0.1);
            assertThat(StochasticVisionTransformer.dropRate(l)).isEqualTo(rate);
            assertThat(positions.get(l))
                    .extracting(
                            block -> block.getClass().getSimpleName(), block -> block.getDropRate())
                    .containsExactly(tuple("SelfAttentionBlock", rate), tuple("MlpBlock", rate));
            assertThat(network.getChildren().get(l + 1).getValue())
                    .isInstanceOf(StochasticResidualLayer.class);
        }
        assertThat(positions.get(0))
                .allSatisfy(
                        block -> {
                            assertThat(block.getMethod()).isEqualTo(StochasticMethod.SAMPLE);
                            assertThat(block.getScaling()).isEqualTo(Scaling.INFERENCE);
                        });
    }

    @Test
    void surgeryWithAnotherMethodKeepsTheLayersAndTheirSharedRates() {
        SequentialBlock network = new StochasticVisionTransformer(10);

        StochasticDepth.builder()
                .drop(0.3)
                .distribution(Distribution.LINEAR_FROM_ZERO)
                .method(StochasticMethod.BLOCK)
                .build()
                .apply(network);

        List<List<StochasticResidualBlock>> positions = StochasticDepth.findPositions(network);
        assertThat(positions).hasSize(6);
        for (int l = 0; l < 6; l++) {
            float rate = (float) Distribution.LINEAR_FROM_ZERO.rate(l + 1, 6, 0.3);
            assertThat(positions.get(l))
                    .extracting(
                            StochasticResidualBlock::getDropRate,
                            StochasticResidualBlock::getMethod)
                    .containsExactly(
                            tuple(rate, StochasticMethod.BLOCK),
                            tuple(rate, StochasticMethod.BLOCK));
        }
    }

    /**
     * A trained step later, the stochastic network's saved parameters load into its plain twin
     * (every layer a plain {@code SequentialBlock} of {@code ParallelBlock}s), which then computes
     * the stochastic network's training-free path, the plain residual sum; and the plain file loads
     * back into a fresh generated network.
     */
    @Test
    void savedParametersMoveBothWaysBetweenTheNetworkAndItsPlainTwin() throws Exception {
        Path folder = this.folder.resolve("models");
        Engine.getInstance().setRandomSeed(3);
        try (Model stochastic = Model.newInstance("vit")) {
            stochastic.setBlock(new StochasticVisionTransformer(10));
            try (Trainer trainer =
                    stochastic.newTrainer(
                            new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(IMAGES);
                RandomSteps.step(trainer, IMAGES);
            }
            stochastic.save(folder, "vit");

            Block plainNetwork = StochasticDepth.strip(new StochasticVisionTransformer(10));
            for (int l = 1; l <= 6; l++) {
                Block layer = plainNetwork.getChildren().get(l).getValue();
                assertThat(layer).isNotInstanceOf(StochasticResidualLayer.class);
                assertThat(layer.getChildren().values())
                        .hasSize(2)
                        .allMatch(residual -> residual instanceof ParallelBlock);
            }
            try (Model plain = Model.newInstance("vit");
                    NDManager manager = NDManager.newBaseManager()) {
                plain.setBlock(plainNetwork);
                // Initialized first, as a trainer would: DJL saves a block only with its input
                // names, which loading alone does not set.
                plainNetwork.initialize(manager, DataType.FLOAT32, IMAGES);
                plain.load(folder, "vit");
                NDArray x = manager.randomUniform(0f, 1f, IMAGES);
                Block strippedOriginal = StochasticDepth.strip(stochastic.getBlock());
                assertThat(infer(plainNetwork, x).toFloatArray())
                        .containsExactly(infer(strippedOriginal, x).toFloatArray());

                Path plainFolder = folder.resolve("plain");
                plain.save(plainFolder, "vit");
                try (Model back = Model.newInstance("vit")) {
                    back.setBlock(new StochasticVisionTransformer(10));
                    back.getBlock().initialize(manager, DataType.FLOAT32, IMAGES);
                    back.load(plainFolder, "vit");
                    assertThat(infer(StochasticDepth.strip(back.getBlock()), x).toFloatArray())
                            .containsExactly(infer(plainNetwork, x).toFloatArray());
                }
            }
        }
    }

    private static NDArray infer(Block block, NDArray x) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
                .singletonOrThrow();
    }
}
