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

/**
 * One variant of a benchmarked network, initialized, with its trainer and a fixed random batch:
 * the two measured operations are {@link #trainingStep()} and {@link #inferenceForward()}.
 *
 * <p>The engine is seeded before the network is built and before the batch is drawn, so two
 * workloads of the same network start from the same weights and see the same batch.
 */
final class Workload implements AutoCloseable {

    /** The seed of the weights and the batch. */
    private static final int SEED = 20160326;

    private final Model model;
    private final Trainer trainer;
    private final NDArray images;
    private final NDArray labels;

    /**
     * Builds and initializes a variant of a network.
     *
     * @param network the network
     * @param variant the variant
     */
    Workload(Network network, Variant variant) {
        Engine.getInstance().setRandomSeed(SEED);
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
        Engine.getInstance().setRandomSeed(SEED);
        NDManager manager = model.getNDManager();
        images = manager.randomNormal(shape);
        labels =
                manager.randomInteger(
                                0, ResNetParts.CLASSES, new Shape(shape.get(0)), DataType.INT32)
                        .toType(DataType.FLOAT32, false);
    }

    /**
     * One training step: forward with stochastic depth active, softmax cross-entropy, backward and
     * the optimizer update; every intermediate array is freed before it returns.
     */
    void trainingStep() {
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
    float inferenceForward() {
        try (NDManager step = model.getNDManager().newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(step);
            return trainer.evaluate(new NDList(x)).head().sum().getFloat();
        }
    }

    /** Releases the network and its native memory. */
    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
