package dev.stochasticdepth.samples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/** Training steps on random images and labels, to move weights and batch-norm statistics. */
final class RandomSteps {

    private RandomSteps() {}

    /**
     * Runs one training step of {@code trainer} on uniform random images of {@code input}'s shape
     * with random labels of 10 classes.
     *
     * @param trainer a trainer with a classification loss
     * @param input the batch shape (N, 1, 28, 28)
     */
    static void step(Trainer trainer, Shape input) {
        NDManager manager = trainer.getManager();
        NDArray images = manager.randomUniform(0f, 1f, input);
        NDArray labels =
                manager.randomInteger(0, 10, new Shape(input.get(0)), images.getDataType());
        try (GradientCollector collector = trainer.newGradientCollector()) {
            collector.backward(
                    trainer.getLoss()
                            .evaluate(new NDList(labels), trainer.forward(new NDList(images))));
        }
        trainer.step();
    }
}
