package dev.stochasticdepth.samples.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.data.SeededShuffle;
import java.io.IOException;
import java.util.List;

/**
 * Trains a network on Fashion-MNIST with softmax cross-entropy and Adam, showing DJL's progress
 * bars, and records its learning curve.
 *
 * <p>Each {@link #train} call seeds the engine and the shuffle with the settings' seed before it
 * initialises the network, so two networks of the same architecture start from the same weights
 * and see the same batches in the same order.
 */
public final class FashionMnistTrainer {

    private final FashionMnist.Split trainSplit;
    private final FashionMnist.Split testSplit;
    private final TrainingSettings settings;

    /**
     * Creates a trainer.
     *
     * @param trainSplit the images to train on
     * @param testSplit the images to evaluate on after every epoch
     * @param settings epochs, batch size, learning rate and seed
     */
    public FashionMnistTrainer(
            FashionMnist.Split trainSplit, FashionMnist.Split testSplit, TrainingSettings settings) {
        this.trainSplit = trainSplit;
        this.testSplit = testSplit;
        this.settings = settings;
    }

    /**
     * Initialises and trains {@code network} for the configured number of epochs.
     *
     * @param label the network's name in logs, tables and charts
     * @param network a block mapping {@code (N, 1, 28, 28)} images to {@code (N, 10)} logits
     * @param listeners more training listeners, such as a drop-rate warmup
     * @return its learning curve
     * @throws IOException if the data cannot be batched
     * @throws TranslateException if DJL fails to prepare a batch
     */
    public TrainingRun train(String label, Block network, List<TrainingListener> listeners)
            throws IOException, TranslateException {
        Accuracy accuracy = new Accuracy();
        CurveRecorder curve = new CurveRecorder(accuracy.getName());
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .addEvaluator(accuracy)
                        .optDevices(new Device[] {Device.cpu()})
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(
                                                Tracker.fixed(settings.learningRate()))
                                        .build())
                        // He initialisation, the one ResNets are designed for.
                        .optInitializer(
                                new XavierInitializer(
                                        XavierInitializer.RandomType.GAUSSIAN,
                                        XavierInitializer.FactorType.IN,
                                        2f),
                                Parameter.Type.WEIGHT)
                        .addTrainingListeners(TrainingListener.Defaults.logging())
                        .addTrainingListeners(curve)
                        .addTrainingListeners(listeners.toArray(TrainingListener[]::new));
        Engine.getInstance().setRandomSeed(settings.seed());
        try (NDManager data = NDManager.newBaseManager(Device.cpu());
                Model model = Model.newInstance(label, Device.cpu())) {
            model.setBlock(network);
            var trainSet =
                    trainSplit.toDataset(
                            data, settings.batchSize(), new SeededShuffle(settings.seed()));
            var testSet = testSplit.toDataset(data, settings.batchSize(), null);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(
                        new Shape(settings.batchSize(), 1, FashionMnist.SIDE, FashionMnist.SIDE));
                EasyTrain.fit(trainer, settings.epochs(), trainSet, testSet);
            }
        }
        return new TrainingRun(label, curve.epochs());
    }
}
