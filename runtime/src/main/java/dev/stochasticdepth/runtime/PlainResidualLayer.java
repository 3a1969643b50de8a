package dev.stochasticdepth.runtime;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import java.util.Objects;

/**
 * The {@code SequentialBlock} that {@link Residuals#plainLayer} returns and {@link
 * StochasticDepth#strip} leaves for a {@link StochasticResidualLayer}: a plain {@code
 * SequentialBlock} of residuals that surgery recognises as one layer, one position in the schedule.
 */
final class PlainResidualLayer extends SequentialBlock {

    @SuppressWarnings("this-escape")
    PlainResidualLayer(List<? extends Block> residuals) {
        if (residuals.isEmpty()) {
            throw new IllegalArgumentException("a residual layer needs at least one residual");
        }
        for (int i = 0; i < residuals.size(); i++) {
            add(Objects.requireNonNull(residuals.get(i), "residual " + i));
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
}
