package test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The stochastic-depth network generated from {@link ResNet50}.
 *
 * <p>{@value #DEPTH} stochastic residual blocks with LINEAR drop rates up to
 * {@code drop = 0.2}, SAMPLE method, INFERENCE scaling.
 */
@Generated("dev.stochasticdepth.processor.StochasticDepthProcessor")
public final class StochasticResNet50 extends SequentialBlock {
    /**
     * The number L of stochastic residual blocks.
     */
    public static final int DEPTH = 16;

    /**
     * The settings of {@link ResNet50}'s {@code @StochasticDepth},
     * readable at run time.
     */
    public static final StochasticDepthSettings SETTINGS = StochasticDepthSettings.of(0.2)
            .withDistribution(Distribution.LINEAR)
            .withMethod(StochasticMethod.SAMPLE)
            .withScaling(Scaling.INFERENCE)
            .withSkipDropped(false);

    /**
     * The drop rate of each stochastic block in assembly order:
     * LINEAR, drop = 0.2, L = 16.
     */
    private static final float[] DROP_RATES = {
        // conv2(0..2): blocks 1-3
        0.0125f, 0.025f, 0.0375f,
        // conv3(0..3): blocks 4-7
        0.05f, 0.0625f, 0.075f, 0.0875f,
        // conv4(0..5): blocks 8-13
        0.1f, 0.1125f, 0.125f, 0.1375f, 0.15f, 0.1625f,
        // conv5(0..2): blocks 14-16
        0.175f, 0.1875f, 0.2f
    };

    /**
     * Creates the network from the static layer methods of
     * {@link ResNet50}.
     */
    public StochasticResNet50() {
        add(ResNet50.stem());
        for (int i = 0; i < 3; i++) {
            add(new BottleneckBlock(ResNet50.conv2(i), DROP_RATES[i]));
        }
        for (int i = 0; i < 4; i++) {
            add(new BottleneckBlock(ResNet50.conv3(i), DROP_RATES[3 + i]));
        }
        for (int i = 0; i < 6; i++) {
            add(new BottleneckBlock(ResNet50.conv4(i), DROP_RATES[7 + i]));
        }
        for (int i = 0; i < 3; i++) {
            add(new BottleneckBlock(ResNet50.conv5(i), DROP_RATES[13 + i]));
        }
        add(ResNet50.head());
    }

    /**
     * Returns the drop rate of one stochastic residual block.
     *
     * @param block the 0-based index of the block, in assembly order
     * @return its drop rate p, computed at compile time
     * @throws IllegalArgumentException if {@code block} is not in [0, DEPTH)
     */
    public static float dropRate(int block) {
        if (block < 0 || block >= DEPTH) {
            throw new IllegalArgumentException("block must be in [0, " + DEPTH + "), got " + block);
        }
        return DROP_RATES[block];
    }

    /**
     * Returns the drop rates of all stochastic residual blocks.
     *
     * @return an unmodifiable list of {@link #DEPTH} rates, in assembly order
     */
    public static List<Float> dropRates() {
        Float[] rates = new Float[DEPTH];
        for (int block = 0; block < DEPTH; block++) {
            rates[block] = DROP_RATES[block];
        }
        return List.of(rates);
    }

    /**
     * The stochastic residual block of {@link Bottleneck}:
     * SAMPLE method, INFERENCE scaling, post-activation RELU.
     */
    public static final class BottleneckBlock extends StochasticResidualBlock {
        /**
         * Creates the stochastic block of one unit.
         *
         * @param unit the unit whose branch and shortcut the block runs
         * @param dropRate the drop rate p of the block, in [0, 1)
         */
        public BottleneckBlock(Bottleneck unit, float dropRate) {
            super(builder()
                    .setBranch(unit.branch())
                    .optShortcut(unit.shortcut())
                    .optPostActivation(PostActivation.RELU)
                    .optDropRate(dropRate)
                    .optMethod(StochasticMethod.SAMPLE)
                    .optScaling(Scaling.INFERENCE)
                    .optSkipDropped(false));
        }

        /**
         * {@inheritDoc}
         */
        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray x = batch(inputs);
            float drop = getDropRate();
            NDArray shortcut = getShortcut().forward(store, inputs, training, params).head();
            if (!training) {
                // Nothing is dropped at inference: the branch is scaled by 1 - p.
                NDArray branch = getBranch().forward(store, inputs, training, params).head();
                return new NDList(Activation.relu(branch.mul(1f - drop).addi(shortcut)));
            }
            // One Bernoulli(1 - p) bit per sample, shaped (N, 1, ..., 1) on the device of x.
            NDArray mask = keepMask(x, drop, 1f);
            NDArray branch = getBranch().forward(store, inputs, training, params).head();
            return new NDList(Activation.relu(branch.mul(mask).addi(shortcut)));
        }
    }
}
