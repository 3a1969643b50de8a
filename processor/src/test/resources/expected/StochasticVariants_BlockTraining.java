package test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
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
 * The stochastic-depth network generated from {@link Variants.BlockTraining}.
 *
 * <p>{@value #DEPTH} stochastic residual blocks with LINEAR drop rates up to
 * {@code drop = 0.5}, BLOCK method, TRAINING scaling.
 */
@Generated("dev.stochasticdepth.processor.StochasticDepthProcessor")
public final class StochasticVariants_BlockTraining extends SequentialBlock {
    /**
     * The number L of stochastic residual blocks.
     */
    public static final int DEPTH = 2;

    /**
     * The settings of {@link Variants.BlockTraining}'s {@code @StochasticDepth},
     * readable at run time.
     */
    public static final StochasticDepthSettings SETTINGS = StochasticDepthSettings.of(0.5)
            .withDistribution(Distribution.LINEAR)
            .withMethod(StochasticMethod.BLOCK)
            .withScaling(Scaling.TRAINING)
            .withSkipDropped(false);

    /**
     * The drop rate of each stochastic block in assembly order:
     * LINEAR, drop = 0.5, L = 2.
     */
    private static final float[] DROP_RATES = {
        // unit(0..1): blocks 1-2
        0.25f, 0.5f
    };

    /**
     * Creates the network from the static layer methods of
     * {@link Variants.BlockTraining}.
     */
    public StochasticVariants_BlockTraining() {
        for (int i = 0; i < 2; i++) {
            add(new BasicBlock(Variants.BlockTraining.unit(i), DROP_RATES[i]));
        }
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
     * The stochastic residual block of {@link Basic}:
     * BLOCK method, TRAINING scaling, post-activation RELU.
     */
    public static final class BasicBlock extends StochasticResidualBlock {
        /**
         * Creates the stochastic block of one unit.
         *
         * @param unit the unit whose branch and shortcut the block runs
         * @param dropRate the drop rate p of the block, in [0, 1)
         */
        public BasicBlock(Basic unit, float dropRate) {
            super(builder()
                    .setBranch(unit.branch())
                    .optShortcut(Blocks.identityBlock())
                    .optPostActivation(PostActivation.RELU)
                    .optDropRate(dropRate)
                    .optMethod(StochasticMethod.BLOCK)
                    .optScaling(Scaling.TRAINING)
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
                // Kept branches were scaled by 1 / (1 - p) in training:
                // inference is the plain residual.
                NDArray branch = getBranch().forward(store, inputs, training, params).head();
                return new NDList(Activation.relu(shortcut.add(branch)));
            }
            // One draw for the whole batch, on the host; a dropped branch does not run.
            if (!keepsBranch(x, drop)) {
                return new NDList(Activation.relu(shortcut));
            }
            NDArray branch = getBranch().forward(store, inputs, training, params).head();
            return new NDList(Activation.relu(branch.mul(1f / (1f - drop)).addi(shortcut)));
        }
    }
}
