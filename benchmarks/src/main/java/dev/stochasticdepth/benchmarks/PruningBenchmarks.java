package dev.stochasticdepth.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.samples.SampleNetwork;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Inference of a served network with residual blocks pruned, against the full served network in
 * the same fork: the networks {@code export} and {@code prune} of the samples make (the generated
 * sample network, blocks removed highest rate first by {@link StochasticDepth#pruneHighestRates},
 * folded by {@link StochasticDepth#fold}), on the samples' Fashion-MNIST batch shape.
 *
 * <p>Each invocation runs one forward of each, alternating which goes first, timed into {@link
 * ResidualBenchmarks.StepTimes} ({@code plainMillis} is the full network's, {@code variantMillis}
 * the pruned one's), as {@link ResidualBenchmarks} pairs a variant with its plain twin. With 0
 * blocks removed both sides are the same network: the control.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PruningBenchmarks {

    /** The batch of the samples' training, on Fashion-MNIST's 28x28 grey images. */
    static final Shape INPUT = new Shape(64, 1, 28, 28);

    /** The JMH include pattern of {@link #inferenceForwards}. */
    static final String PATTERN =
            "^" + PruningBenchmarks.class.getName().replace(".", "\\.") + "\\.inferenceForwards$";

    /** The sample network, by its command-line name. */
    @Param({"resnet20"})
    public String model;

    /** How many residual blocks the pruned side has lost. */
    @Param({"0"})
    public int removed;

    private Served full;
    private Served pruned;
    private long invocations;

    /** Builds both served networks from the same seed and the batch. */
    @Setup(Level.Trial)
    public void setUp() {
        SampleNetwork network = SampleNetwork.forId(model);
        full = new Served(network, 0);
        pruned = new Served(network, removed);
    }

    /** Releases both networks. */
    @TearDown(Level.Trial)
    public void tearDown() {
        full.close();
        pruned.close();
    }

    /**
     * One inference forward of the full network and one of the pruned one.
     *
     * @param times where the two forward times go
     * @return the sum of both networks' logits, so that both forwards are computed
     */
    @Benchmark
    public float inferenceForwards(ResidualBenchmarks.StepTimes times) {
        return ResidualBenchmarks.pair(times, invocations++, full, pruned, Served::forward);
    }

    /** A served network: generated, pruned, initialized, folded; and a fixed random batch. */
    private static final class Served implements AutoCloseable {

        private static final int SEED = 20160326;

        private final Model model;
        private final Block block;
        private final NDArray images;

        Served(SampleNetwork network, int removed) {
            Engine.getInstance().setRandomSeed(SEED);
            block = network.create(10);
            StochasticDepth.pruneHighestRates(block, removed);
            model = Model.newInstance(network.id() + "-pruned-" + removed);
            model.setBlock(block);
            NDManager manager = model.getNDManager();
            block.initialize(manager, DataType.FLOAT32, INPUT);
            StochasticDepth.fold(block);
            Engine.getInstance().setRandomSeed(SEED);
            images = manager.randomUniform(0f, 1f, INPUT);
        }

        float forward() {
            try (NDManager step = model.getNDManager().newSubManager()) {
                NDArray x = images.duplicate();
                x.attach(step);
                ParameterStore store = new ParameterStore(step, false);
                return block.forward(store, new NDList(x), false).head().sum().getFloat();
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
