package dev.stochasticdepth.runtime;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A layer of several {@link StochasticResidualBlock}s applied one after the other that share one
 * drop rate and one position in the schedule, such as a transformer encoder layer (an attention
 * residual, then an MLP residual; timm's {@code Block} with {@code drop_path1} and {@code
 * drop_path2} at one rate). Each residual still draws its own keep bits.
 *
 * <pre>{@code
 * Block layer = new StochasticResidualLayer(List.of(
 *         StochasticResidualBlock.builder().setBranch(attention).optDropRate(0.1f).build(),
 *         StochasticResidualBlock.builder().setBranch(mlp).optDropRate(0.1f).build()));
 * }</pre>
 *
 * <p>It is a {@code SequentialBlock} of its residuals and saves like one, so its parameter file is
 * that of a {@code SequentialBlock} of their plain {@code ParallelBlock} twins. {@link
 * StochasticDepth} surgery counts it once in the depth L and gives all its residuals the layer's
 * rate; {@link StochasticDepth#find} lists each residual, {@link StochasticDepth#findPositions}
 * groups them by layer, and {@link StochasticDepth#strip} and {@link StochasticDepth#fold} turn it
 * into a plain {@code SequentialBlock} of plain residuals that surgery still counts as one layer.
 */
public class StochasticResidualLayer extends SequentialBlock {

    /**
     * Creates a layer of {@code residuals}, applied in list order.
     *
     * @param residuals at least one residual block, all with the same drop rate
     * @throws IllegalArgumentException if {@code residuals} is empty or their rates differ
     */
    @SuppressWarnings("this-escape")
    public StochasticResidualLayer(List<? extends StochasticResidualBlock> residuals) {
        if (residuals.isEmpty()) {
            throw new IllegalArgumentException("a residual layer needs at least one residual");
        }
        float rate = residuals.get(0).getDropRate();
        for (int i = 0; i < residuals.size(); i++) {
            StochasticResidualBlock residual =
                    Objects.requireNonNull(residuals.get(i), "residual " + i);
            if (residual.getDropRate() != rate) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "the residuals of a layer share one drop rate, but residual 0 has"
                                        + " %s and residual %d has %s",
                                rate,
                                i,
                                residual.getDropRate()));
            }
            add(residual);
        }
    }

    /**
     * Creates a layer of {@code residuals}, applied in argument order.
     *
     * @param residuals at least one residual block, all with the same drop rate
     * @throws IllegalArgumentException if there is none or their rates differ
     */
    public StochasticResidualLayer(StochasticResidualBlock... residuals) {
        this(List.of(residuals));
    }

    /**
     * Returns the stochastic residual blocks of this layer, in forward order.
     *
     * @return the children that are stochastic residual blocks
     */
    public List<StochasticResidualBlock> getResiduals() {
        List<StochasticResidualBlock> residuals = new ArrayList<>();
        for (Block child : getChildren().values()) {
            if (child instanceof StochasticResidualBlock residual) {
                residuals.add(residual);
            }
        }
        return residuals;
    }

    /**
     * Returns the drop rate the residuals share.
     *
     * @return the rate of the first residual, in [0, 1)
     * @throws IllegalStateException if the layer holds no stochastic residual any more
     */
    public float getDropRate() {
        List<StochasticResidualBlock> residuals = getResiduals();
        if (residuals.isEmpty()) {
            throw new IllegalStateException("this layer holds no stochastic residual block");
        }
        return residuals.get(0).getDropRate();
    }

    /**
     * Sets the drop rate of every residual of the layer.
     *
     * @param dropRate the new rate, in [0, 1)
     * @throws IllegalArgumentException if {@code dropRate} is NaN, negative or at least 1; no rate
     *     is changed then
     */
    public void setDropRate(float dropRate) {
        List<StochasticResidualBlock> residuals = getResiduals();
        if (!residuals.isEmpty()) {
            residuals.get(0).setDropRate(dropRate); // checks the rate before any other changes
        }
        for (StochasticResidualBlock residual : residuals) {
            residual.setDropRate(dropRate);
        }
    }

    /**
     * Takes over the input shapes of the initialized block this one replaces in model surgery, so
     * that the rewritten model saves and runs without being initialized again.
     *
     * @param replaced the block this one replaces, with the same children
     */
    void adoptInputShapes(Block replaced) {
        if (replaced.isInitialized()) {
            inputShapes = replaced.getInputShapes();
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return Blocks.describe(this, getClass().getSimpleName(), 0);
    }
}
