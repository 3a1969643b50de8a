package dev.stochasticdepth.samples;

import ai.djl.nn.Block;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and sets the drop rates of a network's stochastic residual blocks at run time, which is
 * how {@code --drop} and {@code --distribution} override the rates a generated network compiled
 * in.
 */
public final class StochasticBlocks {

    private StochasticBlocks() {}

    /**
     * Returns the drop rates of the stochastic residual blocks of {@code network}.
     *
     * @param network any block
     * @return p_1..p_L, in forward order, as {@link StochasticDepth#find} lists the blocks
     */
    public static List<Float> dropRates(Block network) {
        return StochasticDepth.find(network).stream()
                .map(StochasticResidualBlock::getDropRate)
                .toList();
    }

    /**
     * Sets the drop rate of every stochastic residual block of {@code network}.
     *
     * @param network any block
     * @param dropRates p_1..p_L, one per block in forward order
     * @throws IllegalArgumentException if the count differs from the number of blocks or a rate
     *     is outside [0, 1)
     */
    public static void setDropRates(Block network, List<Float> dropRates) {
        List<StochasticResidualBlock> blocks = StochasticDepth.find(network);
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
}
