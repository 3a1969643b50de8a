package dev.stochasticdepth.benchmarks;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
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
 * The two measured operations on one network variant: a training step (forward, loss, backward, SGD
 * update) and an inference forward, each one invocation per iteration, so that every iteration is
 * one sample of the step time.
 *
 * <p>Every variant runs in its own fork on the same fixed random batch; the {@link BenchmarkRunner}
 * compares each with the {@link Variant#PLAIN} twin of the same network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ResidualBenchmarks {

    /** The network. */
    @Param({"RESNET56", "RESNET50"})
    public Network network;

    /** The variant of the network. */
    @Param({
        "PLAIN",
        "SAMPLE",
        "SAMPLE_TRAINING",
        "SAMPLE_SKIP",
        "SAMPLE_SKIP_TRAINING",
        "BLOCK",
        "BLOCK_TRAINING",
        "SAMPLE_SURGERY"
    })
    public Variant variant;

    private Model model;
    private Trainer trainer;
    private NDArray images;
    private NDArray labels;

    /** Builds and initializes the network, its trainer and a fixed random batch. */
    @Setup(Level.Trial)
    public void setUp() {
        Engine.getInstance().setRandomSeed(20160326);
        model = Model.newInstance(network.name() + "-" + variant.name());
        model.setBlock(network.build(variant));
        Optimizer sgd =
                Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(0.01f))
                        .optMomentum(0.9f)
                        .optWeightDecays(1e-4f)
                        .build();
        trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                .optOptimizer(sgd));
        Shape shape = network.inputShape();
        trainer.initialize(shape);
        NDManager manager = model.getNDManager();
        images = manager.randomNormal(shape);
        labels =
                manager.randomInteger(
                                0, ResNetParts.CLASSES, new Shape(shape.get(0)), DataType.INT32)
                        .toType(DataType.FLOAT32, false);
    }

    /** Releases the network and its native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        model.close();
    }

    /**
     * One training step: forward with stochastic depth active, softmax cross-entropy, backward and
     * the optimizer update; every intermediate array is freed before it returns.
     */
    @Benchmark
    public void trainingStep() {
        try (NDManager step = model.getNDManager().newSubManager()) {
            NDArray x = images.duplicate();
            NDArray y = labels.duplicate();
            x.attach(step);
            y.attach(step);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), predictions);
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    /**
     * One inference forward of the batch.
     *
     * @return the sum of the logits, read so that the whole forward is computed
     */
    @Benchmark
    public float inferenceForward() {
        try (NDManager step = model.getNDManager().newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(step);
            return trainer.evaluate(new NDList(x)).head().sum().getFloat();
        }
    }
}
