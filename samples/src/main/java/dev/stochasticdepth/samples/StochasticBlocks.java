package dev.stochasticdepth.samples;

import ai.djl.nn.Block;
import ai.djl.training.listener.TrainingListener;

import dev.stochasticdepth.runtime.DropRateWarmup;
import dev.stochasticdepth.runtime.StochasticDepth;

import java.util.List;

/**
 * Reads and sets the drop rates of a network's stochastic residual blocks at run time, and ramps
 * them up in training with a warmup.
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
     * Returns the listeners of a drop-rate warmup, which ramps the rates set here up from 0.
     *
     * @param steps the training batches of the ramp, 0 for none
     * @return a {@link DropRateWarmup}, or no listener for 0
     */
    public static List<TrainingListener> warmup(int steps) {
        return steps > 0 ? List.of(new DropRateWarmup(steps)) : List.of();
    }
}
