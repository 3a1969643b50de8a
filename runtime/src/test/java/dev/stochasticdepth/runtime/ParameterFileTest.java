package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.Fixtures.forward;
import static dev.stochasticdepth.runtime.Fixtures.initialized;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parameter files: a stochastic block saves and loads like the plain {@code ParallelBlock} residual
 * that {@link Residuals#plain} builds, byte for byte, so weights move both ways.
 */
class ParameterFileTest {

    private static final Shape INPUT = new Shape(4, 3, 8, 8);

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(3);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void theBlockAndItsParallelTwinWriteTheSameFile() throws Exception {
        StochasticResidualBlock block = initialized(stochastic(0.5f), manager, INPUT);
        // A training forward moves the batch norm running statistics off their initial values.
        forward(block, manager.randomNormal(INPUT), true);
        byte[] file = Fixtures.parameterFile(block);

        Block twin = initialized(plain(), manager, INPUT);
        assertThat(Fixtures.parameterFile(twin)).as("freshly initialized twin").isNotEqualTo(file);
        Fixtures.load(twin, manager, file);
        assertThat(Fixtures.parameterFile(twin)).isEqualTo(file);

        StochasticResidualBlock back = initialized(stochastic(0.5f), manager, INPUT);
        Fixtures.load(back, manager, Fixtures.parameterFile(twin));
        assertThat(Fixtures.parameterFile(back)).isEqualTo(file);

        NDArray x = manager.randomNormal(INPUT);
        assertThat(forward(back, x, false).toFloatArray())
                .containsExactly(forward(block, x, false).toFloatArray());
    }

    /**
     * A model whose network contains the stochastic block saves and loads through {@code Model};
     * the file loads into the same network built around the plain twin and back, and each save of
     * the loaded weights is the same file byte for byte.
     */
    @Test
    void modelsSaveAndLoadBothWays(@TempDir Path directory) throws Exception {
        Path original = directory.resolve("stochastic");
        Path viaTwin = directory.resolve("plain");
        Path back = directory.resolve("back");
        NDArray x = manager.randomNormal(INPUT);
        float[] expected;
        try (Model model = Model.newInstance("net")) {
            model.setBlock(network(stochastic(0.3f)));
            initialized(model.getBlock(), model.getNDManager(), INPUT);
            forward(model.getBlock(), x, true);
            expected = forward(model.getBlock(), x, false).toFloatArray();
            model.save(original, "net");
        }
        try (Model twin = Model.newInstance("net")) {
            // Initialized first: DJL's describeInput, which save calls, needs input names that
            // loading alone does not set.
            twin.setBlock(initialized(network(plain()), twin.getNDManager(), INPUT));
            twin.load(original, "net");
            // TRAINING scaling: the stochastic network's inference is the plain forward.
            assertThat(forward(twin.getBlock(), x, false).toFloatArray()).containsExactly(expected);
            twin.save(viaTwin, "net");
        }
        try (Model model = Model.newInstance("net")) {
            model.setBlock(initialized(network(stochastic(0.3f)), model.getNDManager(), INPUT));
            model.load(viaTwin, "net");
            assertThat(forward(model.getBlock(), x, false).toFloatArray())
                    .containsExactly(expected);
            model.save(back, "net");
        }
        byte[] file = onlyFileIn(original);
        assertThat(onlyFileIn(viaTwin)).isEqualTo(file);
        assertThat(onlyFileIn(back)).isEqualTo(file);
    }

    private static byte[] onlyFileIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.collect(Collectors.toList());
            assertThat(all).hasSize(1);
            assertThat(all.get(0).getFileName().toString()).startsWith("net-").endsWith(".params");
            return Files.readAllBytes(all.get(0));
        }
    }

    private static StochasticResidualBlock stochastic(float dropRate) {
        return StochasticResidualBlock.builder()
                .setBranch(Fixtures.convBranch(8, 2))
                .optShortcut(Fixtures.projection(8, 2))
                .optDropRate(dropRate)
                .optScaling(Scaling.TRAINING)
                .build();
    }

    private static Block plain() {
        return Residuals.plain(
                Fixtures.convBranch(8, 2), Fixtures.projection(8, 2), PostActivation.RELU);
    }

    /** A small classifier around {@code residual}: residual, stochastic or not, then a head. */
    private static Block network(Block residual) {
        return new SequentialBlock()
                .add(residual)
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build())
                .add(Activation::relu);
    }
}
