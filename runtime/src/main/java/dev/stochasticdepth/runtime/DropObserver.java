package dev.stochasticdepth.runtime;

/**
 * Receives the outcome of every training forward of the {@link StochasticResidualBlock}s it is
 * attached to (see {@link StochasticResidualBlock#setDropObserver}), for example to count how many
 * samples really skipped each block.
 *
 * <p>Blocks call it from the thread that runs the forward, which during multi-device training may
 * be several threads at once, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface DropObserver {

    /**
     * Called once per training forward of {@code block}, after its keep decisions are drawn; a
     * block at rate 0 reports every sample as kept.
     *
     * @param block the block that ran
     * @param dropRate the drop rate the decisions were drawn with
     * @param kept how many samples of the batch kept the branch
     * @param samples the batch size
     */
    void onDraw(StochasticResidualBlock block, float dropRate, long kept, long samples);
}
