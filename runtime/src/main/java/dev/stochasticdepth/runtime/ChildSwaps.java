package dev.stochasticdepth.runtime;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.IdentityHashMap;
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
        Map<Block, List<Block>> replacements = new IdentityHashMap<>();
        swaps.forEach((child, swap) -> replacements.put(child, List.of(swap)));
        replaceChildren(parent, replacements);
    }

    /**
     * Replaces children of {@code parent} by any number of blocks each, in place, the way {@link
     * #swapChildren} swaps them.
     *
     * @param parent the block whose children are replaced
     * @param replacements the blocks, in order, that take each replaced child's place (none to
     *     remove it); other children stay
     */
    static void replaceChildren(SequentialBlock parent, Map<Block, List<Block>> replacements) {
        List<Block> children = parent.getChildren().values();
        int first = 0;
        while (first < children.size() && !replacements.containsKey(children.get(first))) {
            first++;
        }
        for (int i = children.size(); i > first; i--) {
            parent.removeLastBlock();
        }
        for (Block child : children.subList(first, children.size())) {
            parent.addAll(replacements.getOrDefault(child, List.of(child)));
        }
    }
}
