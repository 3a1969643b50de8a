package dev.stochasticdepth.samples;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and changes the stochastic residual blocks of a generated network, whose layers are the
 * direct children of one {@code SequentialBlock}.
 *
 * <p>A generated block's drop rate can change at run time; its method, scaling and skipping are
 * compiled in. {@link #rebuild} therefore wraps the same branches and shortcuts in the runtime's
 * general {@link StochasticResidualBlock} when those must differ.
 */
public final class StochasticBlocks {

    private StochasticBlocks() {}

    /**
     * Returns the stochastic residual blocks of {@code network} in forward order.
     *
     * @param network a generated network
     * @return its blocks 1..L
     */
    public static List<StochasticResidualBlock> of(SequentialBlock network) {
        List<StochasticResidualBlock> blocks = new ArrayList<>();
        for (Block child : network.getChildren().values()) {
            if (child instanceof StochasticResidualBlock block) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    /**
     * Returns the drop rates of {@code network}'s stochastic residual blocks.
     *
     * @param network a generated network
     * @return p_1..p_L, in forward order
     */
    public static List<Float> dropRates(SequentialBlock network) {
        return of(network).stream().map(StochasticResidualBlock::getDropRate).toList();
    }

    /**
     * Sets the drop rate of every stochastic residual block of {@code network}.
     *
     * @param network a generated network
     * @param dropRates p_1..p_L, one per block in forward order
     * @throws IllegalArgumentException if the count differs from the number of blocks or a rate
     *     is outside [0, 1)
     */
    public static void setDropRates(SequentialBlock network, List<Float> dropRates) {
        List<StochasticResidualBlock> blocks = of(network);
        if (blocks.size() != dropRates.size()) {
            throw new IllegalArgumentException(
                    dropRates.size() + " drop rates for " + blocks.size() + " blocks");
        }
        for (int l = 0; l < blocks.size(); l++) {
            blocks.get(l).setDropRate(dropRates.get(l));
        }
    }

    /**
     * Returns the rates of {@code depth} blocks under a schedule, computed by {@link
     * Distribution#rate}.
     *
     * @param distribution the schedule
     * @param drop the rate of the deepest block, in [0, 1)
     * @param depth the number L of blocks, at least 1
     * @return p_1..p_L
     * @throws IllegalArgumentException if {@code drop} or {@code depth} is out of range
     */
    public static List<Float> schedule(Distribution distribution, double drop, int depth) {
        List<Float> rates = new ArrayList<>(depth);
        for (int layer = 1; layer <= depth; layer++) {
            rates.add((float) distribution.rate(layer, depth, drop));
        }
        return List.copyOf(rates);
    }

    /**
     * Returns a network with the same layers as {@code network}, whose stochastic residual blocks
     * are general runtime blocks with the same branches, shortcuts, post-activations and drop
     * rates, and the given method, scaling and skipping. The layers are shared, not copied, so
     * {@code network} must not be used afterwards.
     *
     * @param network an uninitialised generated network
     * @param method whether each sample or the whole batch draws the keep decision
     * @param scaling where the branch is rescaled
     * @param skipDropped with {@code SAMPLE}, run the branch on kept samples only
     * @return a new network with the same parameter layout
     * @throws IllegalArgumentException if {@code skipDropped} is set with {@code BLOCK}
     */
    public static SequentialBlock rebuild(
            SequentialBlock network,
            StochasticMethod method,
            Scaling scaling,
            boolean skipDropped) {
        SequentialBlock rebuilt = new SequentialBlock();
        for (Block child : network.getChildren().values()) {
            if (child instanceof StochasticResidualBlock block) {
                rebuilt.add(
                        StochasticResidualBlock.builder()
                                .setBranch(block.getBranch())
                                .optShortcut(block.getShortcut())
                                .optPostActivation(block.getPostActivation())
                                .optDropRate(block.getDropRate())
                                .optMethod(method)
                                .optScaling(scaling)
                                .optSkipDropped(skipDropped)
                                .build());
            } else {
                rebuilt.add(child);
            }
        }
        return rebuilt;
    }
}
