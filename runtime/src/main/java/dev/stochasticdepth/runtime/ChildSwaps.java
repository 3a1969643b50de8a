package dev.stochasticdepth.runtime;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import java.util.Map;

/** Swaps children of a {@code SequentialBlock} in place, keeping every child's position. */
final class ChildSwaps {

    private ChildSwaps() {}

    /**
     * Swaps children of {@code parent} by removing the tail from the first swapped child on and
     * adding it back: {@code SequentialBlock} can only remove its last child, and re-adding gives
     * every child its old position, so the metadata and parameter file stay as they were.
     *
     * @param parent the block whose children are swapped
     * @param swaps the new block for each child to swap; other children stay
     */
    static void swapChildren(SequentialBlock parent, Map<Block, Block> swaps) {
        List<Block> children = parent.getChildren().values();
        int first = 0;
        while (first < children.size() && !swaps.containsKey(children.get(first))) {
            first++;
        }
        for (int i = children.size(); i > first; i--) {
            parent.removeLastBlock();
        }
        for (Block child : children.subList(first, children.size())) {
            parent.add(swaps.getOrDefault(child, child));
        }
    }
}
