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
import dev.stochasticdepth.runtime.StochasticResidualLayer;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The stochastic-depth network generated from {@link Encoder}.
 *
 * <p>{@value #DEPTH} stochastic residual layers with LINEAR_FROM_ZERO drop rates up to
 * {@code drop = 0.1}, SAMPLE method, INFERENCE scaling.
 * The residuals of a layer share its rate, each drawing its own keep bits.
 */
@Generated("dev.stochasticdepth.processor.StochasticDepthProcessor")
public final class StochasticEncoder extends SequentialBlock {
    /**
     * The number L of stochastic residual layers.
     */
    public static final int DEPTH = 4;

    /**
     * The settings of {@link Encoder}'s {@code @StochasticDepth},
     * readable at run time.
     */
    public static final StochasticDepthSettings SETTINGS = StochasticDepthSettings.of(0.1)
            .withDistribution(Distribution.LINEAR_FROM_ZERO)
            .withMethod(StochasticMethod.SAMPLE)
            .withScaling(Scaling.INFERENCE)
            .withSkipDropped(false);

    /**
     * The drop rate of each stochastic layer in assembly order:
     * LINEAR_FROM_ZERO, drop = 0.1, L = 4.
     */
    private static final float[] DROP_RATES = {
        // layer(0..3): layers 1-4, each attention() then mlp()
        0.0f, 0.033333335f, 0.06666667f, 0.1f
    };

    /**
     * Creates the network from the layer methods of a new {@link Encoder}.
     *
     * @param classes passed to the definition's constructor
     */
    public StochasticEncoder(int classes) {
        Encoder definition = new Encoder(classes);
        add(Encoder.embedding());
        for (int i = 0; i < 4; i++) {
            add(new EncoderLayerBlock(Encoder.layer(i), DROP_RATES[i]));
        }
        add(definition.head());
    }

    /**
     * Returns the drop rate of one stochastic residual layer.
     *
     * @param block the 0-based index of the layer, in assembly order
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
     * Returns the drop rates of all stochastic residual layers.
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
     * The stochastic residual layer of {@link EncoderLayer}:
     * attention() then mlp(), sharing one drop rate, each drawing its own keep bits.
     */
    public static final class EncoderLayerBlock extends StochasticResidualLayer {
        /**
         * Creates the stochastic layer of one residual layer.
         *
         * @param layer the layer whose residuals the block runs
         * @param dropRate the drop rate p its residuals share, in [0, 1)
         */
        public EncoderLayerBlock(EncoderLayer layer, float dropRate) {
            super(
                    new AttentionBlock(layer.attention(), dropRate),
                    new FeedForwardBlock(layer.mlp(), dropRate));
        }
    }

    /**
     * The stochastic residual block of {@link Attention}:
     * SAMPLE method, INFERENCE scaling, post-activation NONE.
     */
    public static final class AttentionBlock extends StochasticResidualBlock {
        /**
         * Creates the stochastic block of one unit.
         *
         * @param unit the unit whose branch and shortcut the block runs
         * @param dropRate the drop rate p of the block, in [0, 1)
         */
        public AttentionBlock(Attention unit, float dropRate) {
            super(builder()
                    .setBranch(unit.branch())
                    .optShortcut(Blocks.identityBlock())
                    .optPostActivation(PostActivation.NONE)
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
                return new NDList(branch.mul(1f - drop).addi(shortcut));
            }
            // One Bernoulli(1 - p) bit per sample, shaped (N, 1, ..., 1) on the device of x.
            NDArray mask = keepMask(x, drop, 1f);
            NDArray branch = getBranch().forward(store, inputs, training, params).head();
            return new NDList(branch.mul(mask).addi(shortcut));
        }
    }

    /**
     * The stochastic residual block of {@link FeedForward}:
     * SAMPLE method, INFERENCE scaling, post-activation NONE.
     */
    public static final class FeedForwardBlock extends StochasticResidualBlock {
        /**
         * Creates the stochastic block of one unit.
         *
         * @param unit the unit whose branch and shortcut the block runs
         * @param dropRate the drop rate p of the block, in [0, 1)
         */
        public FeedForwardBlock(FeedForward unit, float dropRate) {
            super(builder()
                    .setBranch(unit.branch())
                    .optShortcut(Blocks.identityBlock())
                    .optPostActivation(PostActivation.NONE)
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
                return new NDList(branch.mul(1f - drop).addi(shortcut));
            }
            // One Bernoulli(1 - p) bit per sample, shaped (N, 1, ..., 1) on the device of x.
            NDArray mask = keepMask(x, drop, 1f);
            NDArray branch = getBranch().forward(store, inputs, training, params).head();
            return new NDList(branch.mul(mask).addi(shortcut));
        }
    }
}
