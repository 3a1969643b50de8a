package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;

import dev.stochasticdepth.runtime.StochasticDepth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link StochasticDepth#fold} on generated networks after real training steps: the plain network
 * it leaves computes the generated network's inference outputs (post-activation ResNet-20, whose
 * branches end in batch norm, the pre-activation ResNet-20, whose branches end in a convolution
 * without bias, and the vision transformer, whose branches end in attention's result projection
 * and in a linear layer).
 */
class FoldGeneratedTest {

    private static final Shape INPUT = new Shape(8, 1, 28, 28);

    @ParameterizedTest
    @EnumSource(
            value = SampleNetwork.class,
            names = {"RESNET20", "PREACT_RESNET20", "VIT"})
    void theFoldedGeneratedNetworkPredictsAsItDidAtInference(SampleNetwork network) {
        Engine.getInstance().setRandomSeed(5);
        SequentialBlock net = network.create(10);
        try (Model model = Model.newInstance("fold-" + network.id());
                Trainer trainer = newTrainer(model, net)) {
            NDManager manager = trainer.getManager();
            for (int step = 0; step < 3; step++) {
                RandomSteps.step(trainer, INPUT);
            }
            NDArray x = manager.randomUniform(0f, 1f, INPUT);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray expected = net.forward(store, new NDList(x), false).singletonOrThrow();

            StochasticDepth.fold(net);

            assertThat(StochasticDepth.find(net)).isEmpty();
            NDArray folded = net.forward(store, new NDList(x), false).singletonOrThrow();
            // Float rounding of one reordered product per layer; logits are of order 1 to 10.
            float scale = Math.max(1f, expected.abs().max().getFloat());
            assertThat(folded.sub(expected).abs().max().getFloat()).isLessThan(1e-4f * scale);
        }
    }

    private static Trainer newTrainer(Model model, SequentialBlock net) {
        model.setBlock(net);
        Trainer trainer =
                model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
        trainer.initialize(INPUT);
        return trainer;
    }
}
