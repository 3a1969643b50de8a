package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An audit of what the generated ResNet-20 (drop 0.5 linear, SAMPLE, INFERENCE scaling) does in
 * evaluation and training, after real training steps have moved its weights and batch-norm
 * statistics, for several seeds: evaluation draws no mask, scales each branch by its own 1 - p
 * exactly once, and training draws fresh bits per block and step at each block's rate.
 */
class EvaluationPathTest {

    private static final Shape INPUT = new Shape(64, 1, 28, 28);
    private static final int STEPS = 20;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void evaluationIsTheScaledResidualSumAndTrainingDrawsFreshBitsPerBlock(int seed) {
        Engine.getInstance().setRandomSeed(seed);
        SequentialBlock net = SampleNetwork.RESNET20.create(10);
        List<StochasticResidualBlock> blocks = StochasticDepth.find(net);
        // kept.get(b)[step]: how many of the 64 samples block b kept in that training step.
        List<long[]> kept = new ArrayList<>();
        int[] step = {0};
        for (StochasticResidualBlock block : blocks) {
            long[] perStep = new long[STEPS];
            kept.add(perStep);
            block.setDropObserver(
                    (unused, dropRate, keptSamples, samples) -> perStep[step[0]] += keptSamples);
        }
        try (Model model = Model.newInstance("audit")) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(Tracker.fixed(0.001f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(INPUT);
                NDManager manager = trainer.getManager();
                for (step[0] = 0; step[0] < STEPS; step[0]++) {
                    RandomSteps.step(trainer, INPUT);
                }

                // Rates: deepest highest, p_l = 0.5 l / 9.
                for (int b = 0; b < blocks.size(); b++) {
                    assertThat(blocks.get(b).getDropRate())
                            .isCloseTo(0.5f * (b + 1) / blocks.size(), within(1e-6f));
                }
                // Training: each block keeps about (1 - p_l) of its 20 x 64 samples (4 sigma of
                // the binomial), the count changes from step to step, and no two blocks draw
                // the same sequence of counts, as one mask shared between blocks would.
                for (int b = 0; b < blocks.size(); b++) {
                    double keep = 1 - blocks.get(b).getDropRate();
                    long total = 0;
                    for (long count : kept.get(b)) {
                        total += count;
                    }
                    double trials = STEPS * INPUT.get(0);
                    double sigma = Math.sqrt(trials * keep * (1 - keep));
                    assertThat((double) total).isCloseTo(trials * keep, within(4 * sigma));
                    assertThat(Arrays.stream(kept.get(b)).distinct().count())
                            .isGreaterThan(1);
                    for (int other = 0; other < b; other++) {
                        assertThat(kept.get(b)).isNotEqualTo(kept.get(other));
                    }
                }

                // Evaluation: no mask (two forwards agree bit for bit), and each block's output
                // is relu(shortcut(x) + (1 - p) branch(x)), computed here from its parts.
                NDArray x = manager.randomUniform(0f, 1f, new Shape(16, 1, 28, 28));
                ParameterStore store = new ParameterStore(manager, false);
                NDArray first = net.forward(store, new NDList(x), false).singletonOrThrow();
                NDArray second = net.forward(store, new NDList(x), false).singletonOrThrow();
                assertThat(first.contentEquals(second)).isTrue();
                NDArray byHand = x;
                for (Block child : net.getChildren().values()) {
                    if (child instanceof StochasticResidualBlock block) {
                        NDArray shortcut = forward(block.getShortcut(), store, byHand);
                        NDArray branch = forward(block.getBranch(), store, byHand);
                        byHand =
                                Activation.relu(
                                        shortcut.add(branch.mul(1f - block.getDropRate())));
                    } else {
                        byHand = forward(child, store, byHand);
                    }
                }
                assertThat(first.sub(byHand).abs().max().getFloat())
                        .isLessThan(1e-4f * Math.max(1f, first.abs().max().getFloat()));
            }
        }
    }

    private static NDArray forward(Block block, ParameterStore store, NDArray x) {
        return block.forward(store, new NDList(x), false).singletonOrThrow();
    }
}
