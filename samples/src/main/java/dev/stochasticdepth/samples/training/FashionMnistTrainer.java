package dev.stochasticdepth.samples.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import dev.stochasticdepth.runtime.PreciseBatchNorm;

import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.data.SeededShuffle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a network on Fashion-MNIST with softmax cross-entropy and Adam, showing DJL's progress
 * bars, and records its learning curve.
 *
 * <p>Each {@link #train} call seeds the engine and the shuffle with the settings' seed before it
 * initialises the network, so two networks of the same architecture start from the same weights and
 * see the same batches in the same order.
 *
 * <p>The epoch loop is DJL's {@code EasyTrain.fit} with a stopwatch: it times the training batches
 * and the test pass of each epoch apart, so that the training time of a network is not blurred by
 * its evaluation.
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
            FashionMnist.Split trainSplit,
            FashionMnist.Split testSplit,
            TrainingSettings settings) {
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
        return train(label, network, listeners, epoch -> {});
    }

    /**
     * Initialises and trains {@code network} for the configured number of epochs, handing each
     * epoch's metrics to {@code afterEpoch} as soon as the epoch ends.
     *
     * @param label the network's name in logs, tables and charts
     * @param network a block mapping {@code (N, 1, 28, 28)} images to {@code (N, 10)} logits
     * @param listeners more training listeners, such as a drop-rate warmup
     * @param afterEpoch called after every epoch, for example to save it
     * @return its learning curve
     * @throws IOException if the data cannot be batched or {@code afterEpoch} fails
     * @throws TranslateException if DJL fails to prepare a batch
     */
    public TrainingRun train(
            String label, Block network, List<TrainingListener> listeners, EpochSink afterEpoch)
            throws IOException, TranslateException {
        return train(label, network, listeners, afterEpoch, model -> {});
    }

    /**
     * Initialises and trains {@code network} for the configured number of epochs, handing each
     * epoch's metrics to {@code afterEpoch} as soon as the epoch ends and the trained model to
     * {@code afterTraining} before it is closed.
     *
     * @param label the network's name in logs, tables and charts
     * @param network a block mapping {@code (N, 1, 28, 28)} images to {@code (N, 10)} logits
     * @param listeners more training listeners, such as a drop-rate warmup
     * @param afterEpoch called after every epoch, for example to save it
     * @param afterTraining called once with the trained model, for example to save it
     * @return its learning curve
     * @throws IOException if the data cannot be batched or a callback fails
     * @throws TranslateException if DJL fails to prepare a batch
     */
    public TrainingRun train(
            String label,
            Block network,
            List<TrainingListener> listeners,
            EpochSink afterEpoch,
            ModelSink afterTraining)
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
            // Precise batch norm takes the first training batches in file order: no draw from
            // the shuffle's generator, so the batch order of later epochs stays as it was.
            var calibrationSet = trainSplit.toDataset(data, settings.batchSize(), null);
            try (Trainer trainer = model.newTrainer(config)) {
                // With metrics, DJL's logging listener reports each epoch's loss and accuracy.
                trainer.setMetrics(new Metrics());
                trainer.initialize(
                        new Shape(settings.batchSize(), 1, FashionMnist.SIDE, FashionMnist.SIDE));
                for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                    long start = System.nanoTime();
                    trainEpoch(trainer, trainSet);
                    long trained = System.nanoTime();
                    EasyTrain.evaluateDataset(trainer, testSet);
                    long evaluated = System.nanoTime();
                    curve.time((trained - start) / 1e9, (evaluated - trained) / 1e9);
                    if (settings.preciseBnBatches() > 0) {
                        evaluatePrecisely(trainer, calibrationSet, testSet, curve);
                    }
                    // As in EasyTrain.fit: the listeners close the epoch and reset the evaluators.
                    trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                    List<EpochMetrics> epochs = curve.epochs();
                    afterEpoch.accept(epochs.get(epochs.size() - 1));
                }
            }
            afterTraining.accept(model);
        }
        return new TrainingRun(label, curve.epochs());
    }

    /**
     * Evaluates on the test set with the running statistics of batch norm re-estimated by {@link
     * PreciseBatchNorm}, then puts the statistics of training back, so that the training and its
     * usual evaluation go on exactly as without this.
     */
    private void evaluatePrecisely(
            Trainer trainer, Dataset calibrationSet, Dataset testSet, CurveRecorder curve)
            throws IOException, TranslateException {
        List<Parameter> statistics = new ArrayList<>();
        for (Pair<String, Parameter> parameter : trainer.getModel().getBlock().getParameters()) {
            if (parameter.getKey().endsWith("runningMean")
                    || parameter.getKey().endsWith("runningVar")) {
                statistics.add(parameter.getValue());
            }
        }
        try (NDManager saved = trainer.getManager().newSubManager()) {
            List<NDArray> copies = new ArrayList<>();
            for (Parameter parameter : statistics) {
                NDArray copy = parameter.getArray().duplicate();
                copy.attach(saved);
                copies.add(copy);
            }
            PreciseBatchNorm.recompute(
                    trainer, trainer.iterateDataset(calibrationSet), settings.preciseBnBatches());
            long correct = 0;
            long seen = 0;
            double lossSum = 0;
            for (Batch batch : trainer.iterateDataset(testSet)) {
                try (batch) {
                    NDList logits = trainer.evaluate(batch.getData());
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    correct +=
                            logits.singletonOrThrow()
                                    .argMax(1)
                                    .toType(labels.getDataType(), false)
                                    .eq(labels)
                                    .countNonzero()
                                    .getLong();
                    long size = labels.getShape().get(0);
                    lossSum +=
                            trainer.getLoss().evaluate(batch.getLabels(), logits).getFloat() * size;
                    seen += size;
                }
            }
            curve.precise((float) (lossSum / seen), (float) correct / seen);
            for (int i = 0; i < statistics.size(); i++) {
                copies.get(i).copyTo(statistics.get(i).getArray());
            }
        }
    }

    /** One pass over the training set, batch by batch as {@code EasyTrain.fit} does. */
    private static void trainEpoch(Trainer trainer, Dataset trainSet)
            throws IOException, TranslateException {
        for (Batch batch : trainer.iterateDataset(trainSet)) {
            EasyTrain.trainBatch(trainer, batch);
            trainer.step();
            batch.close();
        }
    }

    /** Receives the metrics of each epoch as it ends. */
    @FunctionalInterface
    public interface EpochSink {

        /**
         * Takes one epoch's metrics.
         *
         * @param epoch the epoch that just ended
         * @throws IOException if saving it fails, which stops the training
         */
        void accept(EpochMetrics epoch) throws IOException;
    }

    /** Receives the trained model before the trainer closes it. */
    @FunctionalInterface
    public interface ModelSink {

        /**
         * Takes the trained model.
         *
         * @param model the model, still open
         * @throws IOException if saving it fails
         */
        void accept(Model model) throws IOException;
    }
}
