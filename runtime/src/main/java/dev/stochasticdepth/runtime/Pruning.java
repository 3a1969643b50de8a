package dev.stochasticdepth.runtime;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.stochasticdepth.annotations.PostActivation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/** The work behind {@link StochasticDepth#prune} and its selections. */
final class Pruning {

    private Pruning() {}

    /** The residual blocks of {@code model} in forward order, as pruning counts them. */
    static List<StochasticDepth.Site> residuals(Block model) {
        return StochasticDepth.residualSites(model, StochasticDepth::recogniseBuiltIn);
    }

    /**
     * The layers (1-based) of the {@code count} stochastic blocks with the highest drop rates,
     * the deeper first among equal rates.
     */
    static List<Integer> highestRates(Block model, int count) {
        List<StochasticDepth.Site> sites = residuals(model);
        if (count < 0 || count > sites.size()) {
            throw new IllegalArgumentException(
                    "cannot prune " + count + " blocks of a model with " + sites.size()
                            + " residual blocks");
        }
        return IntStream.rangeClosed(1, sites.size())
                .boxed()
                .sorted(
                        Comparator.comparingDouble((Integer l) -> -rate(sites.get(l - 1)))
                                .thenComparing(Comparator.reverseOrder()))
                .limit(count)
                .toList();
    }

    /** The layers (1-based) of the stochastic blocks whose drop rate exceeds {@code rate}. */
    static List<Integer> above(Block model, float rate) {
        if (!(rate >= 0f && rate <= 1f)) {
            throw new IllegalArgumentException("the rate must be in [0, 1], got " + rate);
        }
        List<StochasticDepth.Site> sites = residuals(model);
        return IntStream.rangeClosed(1, sites.size())
                .filter(l -> rate(sites.get(l - 1)) > rate)
                .boxed()
                .toList();
    }

    /** Removes the residual blocks at {@code layers}, checking everything before any change. */
    static List<PrunedBlock> prune(Block model, Collection<Integer> layers) {
        List<StochasticDepth.Site> sites = residuals(model);
        Set<Integer> selected = new TreeSet<>();
        for (Integer layer : layers) {
            if (layer == null || layer < 1 || layer > sites.size()) {
                throw new IllegalArgumentException(
                        "no residual block " + layer + " to prune: the model has "
                                + sites.size() + " (numbered 1.." + sites.size()
                                + " in forward order)");
            }
            selected.add(layer);
        }
        Map<Block, List<Block>> replacements = new IdentityHashMap<>();
        Set<SequentialBlock> parents = new LinkedHashSet<>();
        List<PrunedBlock> pruned = new ArrayList<>();
        for (int layer : selected) {
            StochasticDepth.Site site = sites.get(layer - 1);
            if (site.parent() == null) {
                throw new IllegalArgumentException(
                        "cannot prune residual block " + layer + ": it is the model itself");
            }
            StochasticDepth.checkSwappable(site.block(), site.parent(), layer);
            ResidualMatcher.Match match = site.match();
            boolean projection = !Residuals.isIdentity(match.shortcut());
            pruned.add(new PrunedBlock(layer, rate(site), projection, match.postActivation()));
            replacements.put(site.block(), leftInPlace(site.block(), match, projection));
            parents.add((SequentialBlock) site.parent());
        }
        for (SequentialBlock parent : parents) {
            ChildSwaps.replaceChildren(parent, replacements);
        }
        return List.copyOf(pruned);
    }

    private static float rate(StochasticDepth.Site site) {
        return site.block() instanceof StochasticResidualBlock block ? block.getDropRate() : 0f;
    }

    /** {@code post(shortcut(x))} as blocks: the projection if any, then the activation if any. */
    private static List<Block> leftInPlace(
            Block removed, ResidualMatcher.Match match, boolean projection) {
        List<Block> left = new ArrayList<>();
        if (projection) {
            left.add(match.shortcut());
        }
        if (match.postActivation() == PostActivation.RELU) {
            Block relu = Activation.reluBlock();
            if (removed.isInitialized()) {
                // A parameter-free block only records its input shape, so that the pruned model
                // saves without being initialized again.
                Shape[] in = removed.getInputShapes();
                Shape[] shapes = projection ? match.shortcut().getOutputShapes(in) : in;
                try (NDManager manager = NDManager.newBaseManager()) {
                    relu.initialize(manager, DataType.FLOAT32, shapes);
                }
            }
            left.add(relu);
        }
        return left;
    }
}
