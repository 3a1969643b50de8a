package dev.stochasticdepth.runtime;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Models and parameter-file helpers shared by the surgery tests. */
final class SurgeryModels {

    /** The input shape of one CIFAR-sized image, large enough for ResNetV1's ImageNet layout. */
    static final Shape IMAGE = new Shape(3, 32, 32);

    private SurgeryModels() {}

    /**
     * Returns DJL's model-zoo ResNetV1 for 32x32 images, which uses bottleneck units at every
     * depth.
     */
    static SequentialBlock resNet(int depth) {
        return ResNetV1.builder().setImageShape(IMAGE).setNumLayers(depth).setOutSize(10).build();
    }

    /** Returns the 28x28 ResNetV1 of depth 20, the layout made of basic (two 3x3) units. */
    static SequentialBlock basicResNet20() {
        return ResNetV1.builder()
                .setImageShape(new Shape(1, 28, 28))
                .setNumLayers(20)
                .setOutSize(10)
                .build();
    }

    /** Returns a model named {@code name} around {@code block}. */
    static Model model(String name, Block block) {
        Model model = Model.newInstance(name);
        model.setBlock(block);
        return model;
    }

    /**
     * Returns a trainer of {@code model} with an L2 loss, {@code listener} and fresh metrics,
     * initialized for {@code input}, after seeding the engine for repeatable draws.
     */
    static Trainer trainer(Model model, TrainingListener listener, Shape input) {
        Engine.getInstance().setRandomSeed(11);
        Trainer trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(Loss.l2Loss()).addTrainingListeners(listener));
        trainer.setMetrics(new Metrics());
        trainer.initialize(input);
        return trainer;
    }

    /** Returns the bytes {@code block.saveParameters} writes. */
    static byte[] parameterBytes(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Loads a parameter file into {@code block} and returns {@code block}. */
    static Block loadParameters(Block block, NDManager manager, byte[] parameters)
            throws MalformedModelException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return block;
    }

    /** Trains {@code count} batches of random inputs and targets of {@code shape}, stepping each. */
    static void trainBatches(Trainer trainer, Shape shape, int count) {
        for (int i = 0; i < count; i++) {
            try (NDManager manager = trainer.getManager().newSubManager();
                    Batch batch =
                            new Batch(
                                    manager,
                                    new NDList(manager.randomNormal(shape)),
                                    new NDList(manager.randomNormal(shape)),
                                    (int) shape.get(0),
                                    Batchifier.STACK,
                                    Batchifier.STACK,
                                    i,
                                    count)) {
                EasyTrain.trainBatch(trainer, batch);
                trainer.step();
            }
        }
    }
}
