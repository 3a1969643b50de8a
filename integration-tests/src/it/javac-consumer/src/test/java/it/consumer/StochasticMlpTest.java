package it.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The network that the processor generated in this consumer trains a step on PyTorch. */
class StochasticMlpTest {

    @Test
    void trainsOneStepAndKeepsItsRates() {
        StochasticMlp network = new StochasticMlp(4);
        List<StochasticResidualBlock> blocks = StochasticDepth.find(network);
        assertEquals(4, StochasticMlp.DEPTH);
        assertEquals(4, blocks.size());

        try (Model model = Model.newInstance("mlp", "PyTorch")) {
            model.setBlock(network);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.1f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 16));
                NDManager manager = trainer.getManager();
                NDArray x = manager.randomNormal(new Shape(8, 16));
                NDArray y = manager.arange(8f).mod(4f);
                NDArray stem = network.getChildren().get(0).getValue().getParameters()
                        .get(0).getValue().getArray();
                NDArray before = stem.duplicate();

                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(x));
                    assertEquals(new Shape(8, 4), out.singletonOrThrow().getShape());
                    NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), out);
                    assertTrue(Float.isFinite(loss.getFloat()));
                    collector.backward(loss);
                }
                trainer.step();

                assertNotEquals(before, stem, "the step changed the stem's weights");
            }
        }
        for (int block = 0; block < blocks.size(); block++) {
            float rate = (float) Distribution.LINEAR.rate(block + 1, 4, 0.2);
            assertEquals(rate, StochasticMlp.dropRate(block));
            assertEquals(rate, blocks.get(block).getDropRate());
        }
    }
}
