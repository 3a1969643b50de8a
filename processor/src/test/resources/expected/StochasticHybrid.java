package test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.Residuals;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.runtime.StochasticResidualLayer;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The stochastic-depth network generated from {@link Hybrid}.
 *
 * <p>{@value #DEPTH} stochastic residual blocks and layers with LINEAR drop rates up to
 * {@code drop = 0.3}, SAMPLE method, INFERENCE scaling.
 * The residuals of a layer share its rate, each drawing its own keep bits.
 */
@Generated("dev.stochasticdepth.processor.StochasticDepthProcessor")
public final class StochasticHybrid extends SequentialBlock {
    /**
     * The number L of stochastic residual blocks and layers.
     */
    public static final int DEPTH = 4;

    /**
     * The settings of {@link Hybrid}'s {@code @StochasticDepth},
     * readable at run time.
     */
    public static final StochasticDepthSettings SETTINGS = StochasticDepthSettings.of(0.3)
            .withDistribution(Distribution.LINEAR)
            .withMethod(StochasticMethod.SAMPLE)
            .withScaling(Scaling.INFERENCE)
            .withSkipDropped(false);

    /**
     * The drop rate of each stochastic block or layer in assembly order:
     * LINEAR, drop = 0.3, L = 4.
     */
    private static final float[] DROP_RATES = {
        // units(0..1): blocks 1-2
        0.075f, 0.15f,
        // pairs(0..1): layers 3-4, each first() then second()
        0.225f, 0.3f
    };

    /**
     * Creates the network from the static layer methods of
     * {@link Hybrid}.
     */
    public StochasticHybrid() {
        for (int i = 0; i < 2; i++) {
            add(new BasicBlock(Hybrid.units(i), DROP_RATES[i]));
        }
        for (int i = 0; i < 2; i++) {
            add(new BasicPairBlock(Hybrid.pairs(i), DROP_RATES[2 + i]));
        }
        add(plainLayer(Hybrid.plain()));
    }

    /**
     * Returns the drop rate of one stochastic residual block or layer.
     *
     * @param block the 0-based index of the block or layer, in assembly order
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
     * Returns the drop rates of all stochastic residual blocks and layers.
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

    private static ParallelBlock plainResidual(Attention unit) {
        return Residuals.plain(unit.branch(), Blocks.identityBlock(), PostActivation.NONE);
    }

    private static ParallelBlock plainResidual(FeedForward unit) {
        return Residuals.plain(unit.branch(), Blocks.identityBlock(), PostActivation.NONE);
    }

    private static SequentialBlock plainLayer(EncoderLayer layer) {
        return Residuals.plainLayer(List.of(
                plainResidual(layer.attention()),
                plainResidual(layer.mlp())));
    }

    /**
     * The stochastic residual block of {@link Basic}:
     * SAMPLE method, INFERENCE scaling, post-activation RELU.
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

    /**
     * The stochastic residual layer of {@link BasicPair}:
     * first() then second(), sharing one drop rate, each drawing its own keep bits.
     */
    public static final class BasicPairBlock extends StochasticResidualLayer {
        /**
         * Creates the stochastic layer of one residual layer.
         *
         * @param layer the layer whose residuals the block runs
         * @param dropRate the drop rate p its residuals share, in [0, 1)
         */
        public BasicPairBlock(BasicPair layer, float dropRate) {
            super(
                    new BasicBlock(layer.first(), dropRate),
                    new BasicBlock(layer.second(), dropRate));
        }
    }
}
