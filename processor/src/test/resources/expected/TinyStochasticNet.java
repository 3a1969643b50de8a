package test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * The stochastic-depth network generated from {@link TinyNet}.
 *
 * <p>{@value #DEPTH} stochastic residual blocks with LINEAR_FROM_ZERO drop rates up to
 * {@code drop = 0.25}, BLOCK method, INFERENCE scaling.
 */
@Generated("dev.stochasticdepth.processor.StochasticDepthProcessor")
public final class TinyStochasticNet extends SequentialBlock {
    /**
     * The number L of stochastic residual blocks.
     */
    public static final int DEPTH = 3;

    /**
     * The settings of {@link TinyNet}'s {@code @StochasticDepth},
     * readable at run time.
     */
    public static final StochasticDepthSettings SETTINGS = StochasticDepthSettings.of(0.25)
            .withDistribution(Distribution.LINEAR_FROM_ZERO)
            .withMethod(StochasticMethod.BLOCK)
            .withScaling(Scaling.INFERENCE)
            .withSkipDropped(false);

    /**
     * The drop rate of each stochastic block in assembly order:
     * LINEAR_FROM_ZERO, drop = 0.25, L = 3.
     */
    private static final float[] DROP_RATES = {
        // unit(0..2): blocks 1-3
        0.0f, 0.125f, 0.25f
    };

    /**
     * Creates the network from the static layer methods of
     * {@link TinyNet}.
     */
    public TinyStochasticNet() {
        for (int i = 0; i < 3; i++) {
            add(new PreActivationBlock(TinyNet.unit(i), DROP_RATES[i]));
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
     * The stochastic residual block of {@link PreActivation}:
     * BLOCK method, INFERENCE scaling, post-activation NONE.
     */
    public static final class PreActivationBlock extends StochasticResidualBlock {
        /**
         * Creates the stochastic block of one unit.
         *
         * @param unit the unit whose branch and shortcut the block runs
         * @param dropRate the drop rate p of the block, in [0, 1)
         */
        public PreActivationBlock(PreActivation unit, float dropRate) {
            super(builder()
                    .setBranch(unit.branch())
                    .optShortcut(Blocks.identityBlock())
                    .optPostActivation(PostActivation.NONE)
                    .optDropRate(dropRate)
                    .optMethod(StochasticMethod.BLOCK)
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
                return new NDList(branch.mul(1f - drop).addi(shortcut));
            }
            // One draw for the whole batch, on the host; a dropped branch does not run.
            if (!keepsBranch(x, drop)) {
                return new NDList(shortcut);
            }
            NDArray branch = getBranch().forward(store, inputs, training, params).head();
            return new NDList(shortcut.add(branch));
        }
    }
}
