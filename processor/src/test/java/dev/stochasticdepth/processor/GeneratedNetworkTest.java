package dev.stochasticdepth.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.runtime.StochasticResidualLayer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import javax.tools.JavaFileObject;

/**
 * Loads networks generated from {@code runtime/} and runs them on the PyTorch engine (CPU): their
 * rates, one training step, and the generated forwards against the runtime's general one.
 */
class GeneratedNetworkTest {

    private static final int FEATURES = 16;

    private static CompiledClassLoader loader;

    @BeforeAll
    static void compile() {
        Compilation compilation = TestCompiler.JAVAC.compile(TestCompiler.resources("runtime"));
        assertThat(compilation).succeededWithoutWarnings();
        loader = new CompiledClassLoader(compilation);
    }

    @Test
    void ratesAreTheDistributionsAtCompileTime() throws ReflectiveOperationException {
        Class<?> network = loader.loadClass("test.StochasticMlp");
        int depth = network.getField("DEPTH").getInt(null);
        Method dropRate = network.getMethod("dropRate", int.class);

        assertThat(depth).isEqualTo(3);
        List<Float> expected = new ArrayList<>();
        for (int block = 0; block < depth; block++) {
            float rate = (float) Distribution.LINEAR.rate(block + 1, depth, 0.5);
            expected.add(rate);
            assertThat((float) dropRate.invoke(null, block)).isEqualTo(rate);
        }
        @SuppressWarnings("unchecked")
        List<Float> rates = (List<Float>) network.getMethod("dropRates").invoke(null);
        assertThat(rates).containsExactlyElementsOf(expected);
        assertThatThrownBy(() -> rates.set(0, 0f))
                .isInstanceOf(UnsupportedOperationException.class);
        // The annotation is not readable at run time; its settings are, and give the same rates.
        StochasticDepthSettings settings =
                (StochasticDepthSettings) network.getField("SETTINGS").get(null);
        assertThat(settings).isEqualTo(StochasticDepthSettings.of(0.5));
        assertThat(settings.rates(depth)).containsExactly(toArray(expected));
    }

    private static float[] toArray(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3, Integer.MAX_VALUE})
    void dropRateOutOfRangeNamesTheValue(int block) throws ReflectiveOperationException {
        Method dropRate = loader.loadClass("test.StochasticMlp").getMethod("dropRate", int.class);

        assertThatThrownBy(() -> dropRate.invoke(null, block))
                .isInstanceOf(InvocationTargetException.class)
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block must be in [0, 3), got " + block);
    }

    @Test
    void networkAssemblesTheLayersAndTrainsOneStep() throws ReflectiveOperationException {
        Block network =
                (Block)
                        loader.loadClass("test.StochasticMlp")
                                .getConstructor(int.class)
                                .newInstance(4);
        List<StochasticResidualBlock> units = new ArrayList<>();
        for (Block child : network.getChildren().values()) {
            if (child instanceof StochasticResidualBlock unit) {
                units.add(unit);
            }
        }
        assertThat(network.getChildren().size()).isEqualTo(5);
        assertThat(units)
                .extracting(StochasticResidualBlock::getDropRate)
                .containsExactly(0.5f / 3, 1f / 3, 0.5f);

        try (Model model = Model.newInstance("mlp", "PyTorch")) {
            model.setBlock(network);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.1f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, FEATURES));
                NDManager manager = trainer.getManager();
                NDArray x = manager.randomNormal(new Shape(8, FEATURES));
                NDArray y = manager.arange(8f).mod(4f);
                NDArray weight =
                        network.getChildren()
                                .get(0)
                                .getValue()
                                .getParameters()
                                .get(0)
                                .getValue()
                                .getArray();
                NDArray before = weight.duplicate();

                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(x));
                    assertThat(out.singletonOrThrow().getShape()).isEqualTo(new Shape(8, 4));
                    NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), out);
                    assertThat(Float.isFinite(loss.getFloat())).isTrue();
                    collector.backward(loss);
                }
                trainer.step();

                assertThat(weight.contentEquals(before))
                        .as("SGD changed the stem's weight")
                        .isFalse();
            }
        }
    }

    /**
     * The golden encoder counts its layers, not its residuals: each generated layer is a {@code
     * StochasticResidualLayer} of an attention and an MLP residual at the layer's rate, it trains a
     * step on tokens (N, T, D), and its parameter file is that of its plain twin, a {@code
     * SequentialBlock} of plain {@code ParallelBlock}s.
     */
    @Test
    void generatedEncoderLayersShareOneRateTrainAndSaveAsTheirPlainTwin()
            throws ReflectiveOperationException {
        List<JavaFileObject> sources = new ArrayList<>(TestCompiler.units());
        sources.add(JavaFileObjects.forResource("good/Encoder.java"));
        Compilation compilation = TestCompiler.JAVAC.compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
        Class<?> encoder = new CompiledClassLoader(compilation).loadClass("test.StochasticEncoder");
        Block network = (Block) encoder.getConstructor(int.class).newInstance(10);

        assertThat(encoder.getField("DEPTH").getInt(null)).isEqualTo(4);
        List<List<StochasticResidualBlock>> positions = StochasticDepth.findPositions(network);
        assertThat(positions).hasSize(4);
        for (int l = 0; l < 4; l++) {
            float rate = (float) Distribution.LINEAR_FROM_ZERO.rate(l + 1, 4, 0.1);
            assertThat(positions.get(l))
                    .extracting(
                            block -> block.getClass().getSimpleName(), block -> block.getDropRate())
                    .containsExactly(
                            tuple("AttentionBlock", rate), tuple("FeedForwardBlock", rate));
            assertThat(network.getChildren().get(l + 1).getValue())
                    .isInstanceOf(StochasticResidualLayer.class);
        }

        Shape tokens = new Shape(8, 5, 16);
        try (Model model = Model.newInstance("encoder", "PyTorch")) {
            model.setBlock(network);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(tokens);
                NDManager manager = trainer.getManager();
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray out = trainer.forward(new NDList(manager.randomNormal(tokens))).head();
                    assertThat(out.getShape()).isEqualTo(new Shape(8, 5 * 16));
                    collector.backward(out.square().mean());
                }
                trainer.step();
                byte[] file = parameterFile(network);

                Block plain = StochasticDepth.strip(network);

                for (int l = 1; l <= 4; l++) {
                    Block layer = plain.getChildren().get(l).getValue();
                    assertThat(layer.getClass()).isNotEqualTo(StochasticResidualLayer.class);
                    assertThat(layer).isInstanceOf(SequentialBlock.class);
                    assertThat(layer.getChildren().values())
                            .hasSize(2)
                            .allMatch(residual -> residual instanceof ParallelBlock);
                }
                assertThat(parameterFile(plain)).isEqualTo(file);
            }
        }
    }

    private static byte[] parameterFile(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The golden definition that inherits its layers builds the same network as one class that
     * declares them all: same depth, rates and blocks, and with the same seed the same weights and
     * outputs.
     */
    @Test
    void inheritedLayersBuildTheNetworkOfTheEquivalentSingleClass()
            throws ReflectiveOperationException {
        JavaFileObject flat =
                JavaFileObjects.forSourceString(
                        "test.Flat",
                        """
                        package test;

                        import ai.djl.nn.Block;
                        import ai.djl.nn.Blocks;
                        import ai.djl.nn.pooling.Pool;
                        import dev.stochasticdepth.annotations.*;

                        @StochasticDepth(drop = 0.5, target = Basic.class)
                        final class Flat {
                            private final int width;
                            Flat(int width) { this.width = width; }
                            @Layer(order = -1) static Block stem() { return Blocks.identityBlock(); }
                            @Layer(order = 0, repeat = 3) Basic unit(int i) { return new Basic(width); }
                            @Layer(order = 1, repeat = 2) static Basic wide(int i) { return new Basic(16); }
                            @Layer(order = 2) Block head() { return Pool.globalAvgPool2dBlock(); }
                        }
                        """);
        List<JavaFileObject> sources = new ArrayList<>(TestCompiler.units());
        sources.add(JavaFileObjects.forResource("good/Inherited.java"));
        sources.add(flat);
        Compilation compilation = TestCompiler.JAVAC.compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
        CompiledClassLoader classes = new CompiledClassLoader(compilation);
        Class<?> inherited = classes.loadClass("test.StochasticInherited_Wide");
        Class<?> single = classes.loadClass("test.StochasticFlat");

        assertThat(inherited.getField("DEPTH").getInt(null))
                .isEqualTo(single.getField("DEPTH").getInt(null))
                .isEqualTo(5);
        assertThat(inherited.getMethod("dropRates").invoke(null))
                .isEqualTo(single.getMethod("dropRates").invoke(null));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Shape shape = new Shape(2, 16, 4, 4);
            NDArray x = manager.randomNormal(shape);
            List<NDArray> outputs = new ArrayList<>();
            for (Class<?> network : List.of(inherited, single)) {
                var constructor = network.getDeclaredConstructor(int.class);
                constructor.setAccessible(true);
                Block block = (Block) constructor.newInstance(16);
                assertThat(block.getChildren().values())
                        .extracting(child -> child.getClass().getSimpleName())
                        .containsExactly(
                                "LambdaBlock",
                                "BasicBlock",
                                "BasicBlock",
                                "BasicBlock",
                                "BasicBlock",
                                "BasicBlock",
                                "LambdaBlock");
                Engine.getEngine("PyTorch").setRandomSeed(7);
                block.initialize(manager, DataType.FLOAT32, shape);
                ParameterStore store = new ParameterStore(manager, false);
                outputs.add(block.forward(store, new NDList(x), false).singletonOrThrow());
            }

            assertThat(outputs.get(0).getShape()).isEqualTo(new Shape(2, 16));
            assertThat(outputs.get(0).contentEquals(outputs.get(1))).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SampleInference",
                "SampleTraining",
                "SampleInferenceSkipDropped",
                "SampleTrainingSkipDropped",
                "BlockInference",
                "BlockTraining"
            })
    void generatedForwardEqualsTheGeneralForward(String variant)
            throws ReflectiveOperationException {
        Block network =
                (Block)
                        loader.loadClass("test.StochasticForwards_" + variant)
                                .getConstructor()
                                .newInstance();
        StochasticResidualBlock generated =
                (StochasticResidualBlock) network.getChildren().get(0).getValue();
        assertThat(generated.getClass().getDeclaredMethods())
                .extracting(Method::getName)
                .contains("forwardInternal");
        assertThat(variant)
                .startsWith(generated.getMethod() == StochasticMethod.SAMPLE ? "Sample" : "Block")
                .contains(generated.getScaling() == Scaling.INFERENCE ? "Inference" : "Training");
        assertThat(generated.isSkipDropped()).isEqualTo(variant.endsWith("SkipDropped"));

        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            network.initialize(manager, DataType.FLOAT32, new Shape(32, FEATURES));
            StochasticResidualBlock general =
                    StochasticResidualBlock.builder()
                            .setBranch(generated.getBranch())
                            .optShortcut(generated.getShortcut())
                            .optPostActivation(generated.getPostActivation())
                            .optDropRate(generated.getDropRate())
                            .optMethod(generated.getMethod())
                            .optScaling(generated.getScaling())
                            .optSkipDropped(generated.isSkipDropped())
                            .build();
            // Both blocks tell an observer about every training draw, as DropStatistics needs.
            List<String> generalDraws = new ArrayList<>();
            List<String> generatedDraws = new ArrayList<>();
            general.setDropObserver(
                    (block, p, kept, samples) -> generalDraws.add(p + ":" + kept + "/" + samples));
            generated.setDropObserver(
                    (block, p, kept, samples) -> generatedDraws.add(p + ":" + kept + "/" + samples));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(32, FEATURES));
            // BLOCK draws once per forward: several seeds see the block both kept and dropped.
            for (int seed = 0; seed < 8; seed++) {
                for (float rate : new float[] {0.5f, 0f}) {
                    for (boolean training : new boolean[] {true, false}) {
                        generated.setDropRate(rate);
                        general.setDropRate(rate);
                        Engine.getEngine("PyTorch").setRandomSeed(seed);
                        NDArray expected =
                                general.forward(store, new NDList(x), training).singletonOrThrow();
                        Engine.getEngine("PyTorch").setRandomSeed(seed);
                        NDArray actual =
                                generated
                                        .forward(store, new NDList(x), training)
                                        .singletonOrThrow();

                        assertThat(actual.contentEquals(expected))
                                .as("seed %d, p = %s, training = %s", seed, rate, training)
                                .isTrue();
                    }
                }
            }
            assertThat(generatedDraws).hasSize(16).isEqualTo(generalDraws);
        }
    }
}
