package dev.stochasticdepth.samples;

import ai.djl.nn.Block;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and sets the drop rates of a network's stochastic residual blocks at run time, which is how
 * {@code --drop} and {@code --distribution} override the rates a generated network compiled in.
 */
public final class StochasticBlocks {

    private StochasticBlocks() {}

    /**
     * Returns the drop rates of the positions of the schedule of {@code network}: its stochastic
     * residual blocks, and its layers of residuals that share one rate (transformer encoder
     * layers).
     *
     * @param network any block
     * @return p_1..p_L, in forward order, as {@link StochasticDepth#findPositions} lists them
     */
    public static List<Float> dropRates(Block network) {
        return StochasticDepth.findPositions(network).stream()
                .map(position -> position.get(0).getDropRate())
                .toList();
    }

    /**
     * Sets the drop rate of every position of the schedule of {@code network}: of each stochastic
     * residual block, and of every residual of each layer.
     *
     * @param network any block
     * @param dropRates p_1..p_L, one per position in forward order
     * @throws IllegalArgumentException if the count differs from the number of positions or a rate
     *     is outside [0, 1)
     */
    public static void setDropRates(Block network, List<Float> dropRates) {
        List<List<StochasticResidualBlock>> positions = StochasticDepth.findPositions(network);
        if (positions.size() != dropRates.size()) {
            throw new IllegalArgumentException(
                    dropRates.size() + " drop rates for " + positions.size() + " blocks");
        }
        for (int l = 0; l < positions.size(); l++) {
            for (StochasticResidualBlock block : positions.get(l)) {
                block.setDropRate(dropRates.get(l));
            }
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
     * Returns the distribution whose schedule, with the deepest rate of {@code rates} as {@code
     * drop}, gives exactly {@code rates}: how a generated network's compiled rates name the
     * distribution of its definition.
     *
     * @param rates p_1..p_L, at least one
     * @return the first such distribution in declaration order, or empty if none gives them
     */
    public static Optional<Distribution> distributionOf(List<Float> rates) {
        // Through the decimal text, so that a compiled 0.1f is the definition's 0.1.
        double drop = Double.parseDouble(rates.get(rates.size() - 1).toString());
        for (Distribution distribution : Distribution.values()) {
            if (schedule(distribution, drop, rates.size()).equals(rates)) {
                return Optional.of(distribution);
            }
        }
        return Optional.empty();
    }
}
