package dev.stochasticdepth.runtime;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Model surgery: turns the residual blocks of an existing DJL model into {@link
 * StochasticResidualBlock}s, the functional form of Composer's stochastic depth.
 *
 * <pre>{@code
 * Block net = ResNetV1.builder().setImageShape(new Shape(3, 32, 32)).setNumLayers(50)
 *         .setOutSize(10).build();
 * net = StochasticDepth.builder().drop(0.2).build().apply(net);
 * }</pre>
 *
 * <p>{@link #apply} walks the model in forward order, entering every child of every block, and
 * recognises as residual blocks, in this order of precedence:
 *
 * <ol>
 *   <li>existing {@link StochasticResidualBlock}s, which are re-rated (never wrapped again);
 *   <li>whatever the builder's {@link ResidualMatcher}s accept, in the order they were added;
 *   <li>blocks made by {@link Residuals#plain};
 *   <li>the residual units of DJL's model-zoo {@code ResNetV1}, basic and bottleneck, recognised by
 *       their layer layout because a {@code ParallelBlock} hides its merge function: a {@code
 *       ParallelBlock} of exactly two {@code SequentialBlock}s, the branch {@code conv3x3, batch
 *       norm, activation, conv3x3, batch norm} or {@code conv1x1, batch norm, activation, conv3x3,
 *       batch norm, activation, conv1x1, batch norm}, the shortcut {@code Blocks.identityBlock()}
 *       or {@code conv1x1, batch norm};
 *   <li>the inverted residuals of DJL's model-zoo {@code MobileNetV2} that have a skip (stride 1,
 *       channels unchanged), recognised by their layout too: a {@code ParallelBlock} of exactly
 *       two children, the branch a {@code SequentialBlock} {@code conv1x1, batch norm,
 *       activation, depthwise conv3x3 (stride 1), batch norm, activation, conv1x1, batch norm},
 *       the shortcut {@code Blocks.identityBlock()} itself, unwrapped (which {@code ResNetV1}'s
 *       never is), and nothing after the addition ({@link
 *       dev.stochasticdepth.annotations.PostActivation#NONE NONE}). The bottlenecks without a
 *       skip are bare {@code SequentialBlock}s and stay as they are.
 * </ol>
 *
 * <p>The walk does not enter a recognised block, so residuals nested in a branch stay as they are.
 * The L recognised blocks are numbered l = 1..L in forward order and block l gets the rate {@link
 * Distribution#rate Distribution.rate(l, L, drop)}. A layer of several residuals, a {@link
 * StochasticResidualLayer} or a {@link Residuals#plainLayer} (a transformer encoder layer), counts
 * once: all its residuals get the layer's rate, and a plain layer becomes a {@code
 * StochasticResidualLayer}.
 *
 * <p>The rewrite is in place, like Composer's: each recognised block is swapped, in the {@code
 * SequentialBlock} holding it, for a {@code StochasticResidualBlock} over the same branch and
 * shortcut objects, so parameters (and any weights already loaded or trained) are shared, not
 * copied. For the built-in kinds, and any matched block saved like a {@code ParallelBlock} of its
 * branch and shortcut, the model's parameter file keeps its exact bytes: it still loads into the
 * untouched model and back. An already initialized model stays initialized, ready for training or
 * inference without initializing (or re-drawing) any weight.
 * A {@code StochasticResidualBlock} whose method, scaling and skipDropped already match is only
 * re-rated; one that differs is swapped for a new one. Apply surgery before {@code
 * model.newTrainer(...)}, since {@link DropRateWarmup} and {@link DropStatistics} look for the
 * blocks when the trainer is created.
 */
public final class StochasticDepth {

    private final StochasticDepthSettings settings;
    private final List<ResidualMatcher> matchers;

    private StochasticDepth(StochasticDepthSettings settings, List<ResidualMatcher> matchers) {
        this.settings = settings;
        this.matchers = List.copyOf(matchers);
    }

    /**
     * Returns a builder with the {@link Distribution#LINEAR} distribution, the {@link
     * StochasticMethod#SAMPLE} method and {@link Scaling#INFERENCE} scaling unless set otherwise;
     * the drop rate must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the settings this surgery gives the blocks it finds.
     *
     * @return the drop rate of the deepest block, the distribution, method, scaling and skipDropped
     */
    public StochasticDepthSettings getSettings() {
        return settings;
    }

    /**
     * Makes every residual block of {@code model} stochastic, in place (see the class comment).
     *
     * @param model the model, typically a {@code SequentialBlock}
     * @return {@code model} itself, rewritten, or the new {@code StochasticResidualBlock} when
     *     {@code model} itself is a residual block
     * @throws IllegalArgumentException if {@code model} has no residual block this surgery
     *     recognises, or one that must be swapped sits in a block other than a {@code
     *     SequentialBlock} (DJL blocks offer no other way to swap a child); the model is then
     *     unchanged
     */
    public Block apply(Block model) {
        List<Position> positions = new ArrayList<>();
        walk(model, null, this::recognise, positions);
        int layers = positions.size();
        if (layers == 0) {
            throw new IllegalArgumentException(
                    "no residual block found in "
                            + model.getClass().getName()
                            + ": surgery recognises ResNetV1 units, MobileNetV2 inverted"
                            + " residuals, Residuals.plain blocks and StochasticResidualBlocks;"
                            + " describe other kinds with"
                            + " StochasticDepth.builder().matcher(...)");
        }
        float[] rates = new float[layers];
        Map<Block, Block> swaps = new IdentityHashMap<>();
        for (int i = 0; i < layers; i++) {
            Position position = positions.get(i);
            rates[i] = settings.rate(i + 1, layers);
            if (position.layer() instanceof PlainResidualLayer plainLayer) {
                checkSwappable(plainLayer, position.parent(), i + 1);
                if (position.residuals().size() != plainLayer.getChildren().size()) {
                    throw new IllegalArgumentException(
                            "cannot make residual layer "
                                    + (i + 1)
                                    + " stochastic: some of its children are not residual blocks"
                                    + " that surgery recognises; describe them with"
                                    + " StochasticDepth.builder().matcher(...)");
                }
            }
            for (Site site : position.residuals()) {
                if (site.block() instanceof StochasticResidualBlock block
                        && sharesSettings(block)) {
                    continue;
                }
                checkSwappable(site.block(), site.parent(), i + 1);
                ResidualMatcher.Match parts = site.match();
                StochasticResidualBlock swap =
                        StochasticResidualBlock.builder()
                                .setBranch(parts.branch())
                                .optShortcut(parts.shortcut())
                                .optPostActivation(parts.postActivation())
                                .optDropRate(rates[i])
                                .optMethod(settings.method())
                                .optScaling(settings.scaling())
                                .optSkipDropped(settings.skipDropped())
                                .build();
                swap.adoptInputShapes(site.block());
                if (site.block() instanceof StochasticResidualBlock old) {
                    swap.setDropObserver(old.getDropObserver());
                }
                swaps.put(site.block(), swap);
            }
        }
        // Every check is done: nothing below throws, so the model is never left half rewritten.
        for (int i = 0; i < layers; i++) {
            Position position = positions.get(i);
            for (Site site : position.residuals()) {
                if (site.block() instanceof StochasticResidualBlock block
                        && !swaps.containsKey(block)) {
                    block.setDropRate(rates[i]);
                }
            }
            if (position.layer() instanceof PlainResidualLayer plainLayer) {
                // A plain layer becomes a stochastic one over the new residuals, which share its
                // rate; its own children are left as they were.
                List<StochasticResidualBlock> residuals = new ArrayList<>();
                for (Site site : position.residuals()) {
                    residuals.add(
                            (StochasticResidualBlock)
                                    swaps.getOrDefault(site.block(), site.block()));
                }
                StochasticResidualLayer layer = new StochasticResidualLayer(residuals);
                layer.adoptInputShapes(plainLayer);
                swaps.put(plainLayer, layer);
            }
        }
        return swap(model, positions, swaps);
    }

    /**
     * Lists the {@link StochasticResidualBlock}s of {@code model} in forward order, entering every
     * child of every block except the stochastic residual blocks themselves; the residuals of a
     * {@link StochasticResidualLayer} are listed one by one.
     *
     * @param model any block
     * @return the blocks, in depth order; {@code model} itself if it is one; empty if none
     */
    public static List<StochasticResidualBlock> find(Block model) {
        return findPositions(model).stream().flatMap(List::stream).toList();
    }

    /**
     * Lists the positions l = 1..L of the schedule of {@code model}, in forward order: each is the
     * one {@link StochasticResidualBlock} of a position of its own, or the residuals of a {@link
     * StochasticResidualLayer}, which share its rate. For a network without layers it is {@link
     * #find} with one block per position.
     *
     * @param model any block
     * @return the positions, each a non-empty list of blocks in forward order; empty if none
     */
    public static List<List<StochasticResidualBlock>> findPositions(Block model) {
        List<Position> positions = new ArrayList<>();
        walk(model, null, StochasticDepth::describeStochastic, positions);
        return positions.stream()
                .map(
                        position ->
                                position.residuals().stream()
                                        .map(site -> (StochasticResidualBlock) site.block())
                                        .toList())
                .toList();
    }

    /**
     * Removes stochastic depth from {@code model} in place: the inverse of {@link #apply}. Every
     * {@link StochasticResidualBlock} is swapped for its {@link Residuals#plain} twin over the same
     * branch, shortcut and post-activation, a {@code ParallelBlock} computing {@code post(branch(x)
     * + shortcut(x))}, and every {@link StochasticResidualLayer} for the {@link
     * Residuals#plainLayer} of its residuals' twins; parameters are shared and the parameter file
     * keeps its exact bytes.
     *
     * @param model any block
     * @return {@code model} itself, rewritten, or the plain twin when {@code model} itself is a
     *     stochastic residual block or layer; {@code model} unchanged if it has none
     * @throws IllegalArgumentException if a stochastic residual block or layer sits in a block
     *     other than a {@code SequentialBlock}; the model is then unchanged
     */
    public static Block strip(Block model) {
        List<Position> positions = new ArrayList<>();
        walk(model, null, StochasticDepth::describeStochastic, positions);
        Map<Block, Block> swaps = new IdentityHashMap<>();
        for (int i = 0; i < positions.size(); i++) {
            Position position = positions.get(i);
            if (position.layer() == null) {
                Site site = position.residuals().get(0);
                checkSwappable(site.block(), site.parent(), i + 1);
                swaps.put(site.block(), plainTwin((StochasticResidualBlock) site.block()));
                continue;
            }
            checkSwappable(position.layer(), position.parent(), i + 1);
            List<Block> children = new ArrayList<>();
            for (Block child : position.layer().getChildren().values()) {
                children.add(
                        child instanceof StochasticResidualBlock residual
                                ? plainTwin(residual)
                                : child);
            }
            PlainResidualLayer plain = new PlainResidualLayer(children);
            plain.adoptInputShapes(position.layer());
            swaps.put(position.layer(), plain);
        }
        return swap(model, positions, swaps);
    }

    private static PlainResidualBlock plainTwin(StochasticResidualBlock block) {
        PlainResidualBlock plain =
                new PlainResidualBlock(
                        block.getBranch(), block.getShortcut(), block.getPostActivation());
        plain.adoptInputShapes(block);
        return plain;
    }

    /**
     * Turns {@code model} in place into the plain network that computes at inference exactly what
     * {@code model} computes at inference, for deployment. Like {@link #strip}, every {@link
     * StochasticResidualBlock} becomes its {@link Residuals#plain} twin over the same branch,
     * shortcut and post-activation (and every {@link StochasticResidualLayer} a plain layer of
     * them), so the parameter file keeps its layout and loads into the plain DJL network; in
     * addition, a block with {@link Scaling#INFERENCE INFERENCE} scaling and rate {@code p > 0},
     * whose inference output is {@code post(shortcut(x) + (1 - p) branch(x))}, has the factor
     * {@code 1 - p} folded into the last layer of its branch: a {@code BatchNorm}'s gamma and
     * beta, or a {@code Conv} or {@code Linear} layer's weight and bias (for a {@code
     * ScaledDotProductAttentionBlock}, its result projection), found as the branch itself or the
     * last child of its {@code SequentialBlock}s. With {@link Scaling#TRAINING TRAINING} scaling or
     * {@code p = 0} the inference forward is already plain, and nothing is folded. {@code strip}
     * keeps the weights as they are: the twin for a fair comparison; {@code fold} keeps the
     * function: the network to serve.
     *
     * @param model an initialized model
     * @return {@code model} itself, rewritten, or the plain twin when {@code model} itself is a
     *     stochastic residual block or layer; {@code model} unchanged if it has none
     * @throws IllegalArgumentException if a factor cannot be folded exactly: a branch ending in
     *     another kind of block (an activation, a lambda, a custom block), a batch norm without
     *     gamma or beta, a last layer whose parameters another block shares, or a model that is not
     *     initialized; or if a block sits in a block other than a {@code SequentialBlock}. The
     *     message names the block and its position, and the model is then unchanged.
     */
    public static Block fold(Block model) {
        List<Position> positions = new ArrayList<>();
        walk(model, null, StochasticDepth::describeStochastic, positions);
        Map<Parameter, Integer> uses = new IdentityHashMap<>();
        countParameters(model, uses);
        List<Parameter> toScale = new ArrayList<>();
        List<Float> factors = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            Position position = positions.get(i);
            if (position.layer() != null) {
                checkSwappable(position.layer(), position.parent(), i + 1);
            }
            for (Site site : position.residuals()) {
                checkSwappable(site.block(), site.parent(), i + 1);
                StochasticResidualBlock block = (StochasticResidualBlock) site.block();
                if (block.getScaling() != Scaling.INFERENCE || block.getDropRate() == 0f) {
                    continue;
                }
                for (Parameter parameter : foldTarget(block, i + 1, uses)) {
                    toScale.add(parameter);
                    factors.add(1f - block.getDropRate());
                }
            }
        }
        // Every check has passed: only now is anything changed.
        for (int i = 0; i < toScale.size(); i++) {
            toScale.get(i).getArray().muli(factors.get(i));
        }
        return strip(model);
    }

    /**
     * Removes residual blocks from a trained {@code model} in place, for a shallower network at
     * inference (Veit et al. 2016; fairseq's LayerDrop). A removed block computes for good what a
     * dropped sample computes in training, {@code post(shortcut(x))}: a block with an identity
     * shortcut and no post-activation leaves nothing, a projection shortcut stays, and so does a
     * post-activation. The residual blocks are those {@link #apply} recognises without a matcher
     * (stochastic ones, {@link Residuals#plain} twins, model-zoo {@code ResNetV1} units), numbered
     * l = 1..L in forward order, so the same layers can be pruned from a stochastic network and its
     * plain twin, or from a network after {@link #fold}. The remaining blocks keep their
     * parameters; the pruned model's parameter file is that of the smaller network, so to load it
     * prune a freshly built model the same way first.
     *
     * @param model the model
     * @param layers the positions l (1-based, forward order) of the blocks to remove; repeats are
     *     ignored
     * @return the removed blocks, in forward order
     * @throws IllegalArgumentException if a layer does not exist, a block is the model itself or
     *     sits in a block other than a {@code SequentialBlock}; the model is then unchanged
     */
    public static List<PrunedBlock> prune(Block model, Collection<Integer> layers) {
        return Pruning.prune(model, layers);
    }

    /**
     * Removes the {@code count} residual blocks of {@code model} with the highest drop rates, the
     * deeper first among equal rates, as {@link #prune(Block, Collection)} does.
     *
     * @param model the model
     * @param count how many blocks to remove, 0 to L
     * @return the removed blocks, in forward order
     * @throws IllegalArgumentException if {@code count} is negative or exceeds the number of
     *     residual blocks, or as {@link #prune(Block, Collection)}; the model is then unchanged
     */
    public static List<PrunedBlock> pruneHighestRates(Block model, int count) {
        return Pruning.prune(model, Pruning.highestRates(model, count));
    }

    /**
     * Removes the residual blocks of {@code model} whose drop rate exceeds {@code rate}, as {@link
     * #prune(Block, Collection)} does.
     *
     * @param model the model
     * @param rate the highest rate a block keeps, in [0, 1]
     * @return the removed blocks, in forward order
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1] or NaN, or as {@link
     *     #prune(Block, Collection)}; the model is then unchanged
     */
    public static List<PrunedBlock> pruneAbove(Block model, float rate) {
        return Pruning.prune(model, Pruning.above(model, rate));
    }

    /** The parameters of the branch's last layer that take the factor, checked. */
    private static List<Parameter> foldTarget(
            StochasticResidualBlock block, int position, Map<Parameter, Integer> uses) {
        Block last = block.getBranch();
        while (last instanceof SequentialBlock sequence && !sequence.getChildren().isEmpty()) {
            List<Block> children = sequence.getChildren().values();
            last = children.get(children.size() - 1);
        }
        if (last instanceof ScaledDotProductAttentionBlock attention) {
            // Its output is its result projection's, a linear layer the factor folds into.
            last = attention.getResultProjection();
        }
        String where =
                "cannot fold residual block "
                        + position
                        + " ("
                        + block.getClass().getName()
                        + ", drop rate "
                        + block.getDropRate()
                        + "): ";
        List<String> names;
        if (last instanceof BatchNorm) {
            names = List.of("gamma", "beta");
        } else if (last instanceof Convolution || last instanceof Linear) {
            names = List.of("weight", "bias");
        } else {
            throw new IllegalArgumentException(
                    where
                            + "its branch ends in "
                            + last.getClass().getName()
                            + ", not a BatchNorm, Conv or Linear layer that the factor 1 - p could"
                            + " be folded into exactly; end the branch in one, or train with"
                            + " Scaling.TRAINING, whose inference forward is already plain");
        }
        List<Parameter> parameters = new ArrayList<>();
        for (String name : names) {
            Parameter parameter = last.getParameters().get(name);
            if (parameter == null) {
                if (name.equals("bias")) {
                    continue; // A layer without bias: the weight alone carries the factor.
                }
                throw new IllegalArgumentException(
                        where + "the batch norm ending its branch has no " + name);
            }
            if (!parameter.isInitialized()) {
                throw new IllegalArgumentException(
                        where + "its parameters are not initialized; initialize the model first");
            }
            if (uses.getOrDefault(parameter, 0) > 1) {
                throw new IllegalArgumentException(
                        where
                                + "the "
                                + name
                                + " of its last layer is shared with another block, which the"
                                + " factor would change too");
            }
            parameters.add(parameter);
        }
        return parameters;
    }

    /** Counts, by identity, how many blocks of the tree hold each parameter. */
    private static void countParameters(Block block, Map<Parameter, Integer> uses) {
        for (Parameter parameter : block.getDirectParameters().values()) {
            uses.merge(parameter, 1, Integer::sum);
        }
        for (Block child : block.getChildren().values()) {
            countParameters(child, uses);
        }
    }

    private Optional<ResidualMatcher.Match> recognise(Block block) {
        Optional<ResidualMatcher.Match> stochastic = describeStochastic(block);
        if (stochastic.isPresent()) {
            return stochastic;
        }
        for (ResidualMatcher matcher : matchers) {
            Optional<ResidualMatcher.Match> match = matcher.match(block);
            if (match.isPresent()) {
                return match;
            }
        }
        return recogniseBuiltIn(block);
    }

    /**
     * Recognises the residual blocks every model may hold without a matcher: stochastic ones, the
     * plain twins of {@link Residuals#plain}, and model-zoo {@code ResNetV1} units.
     */
    static Optional<ResidualMatcher.Match> recogniseBuiltIn(Block block) {
        Optional<ResidualMatcher.Match> stochastic = describeStochastic(block);
        if (stochastic.isPresent()) {
            return stochastic;
        }
        if (block instanceof PlainResidualBlock plain) {
            return Optional.of(
                    new ResidualMatcher.Match(
                            plain.getBranch(), plain.getShortcut(), plain.getPostActivation()));
        }
        Optional<ResidualMatcher.Match> resNet = ResNetV1Units.match(block);
        return resNet.isPresent() ? resNet : MobileNetV2Units.match(block);
    }

    private static Optional<ResidualMatcher.Match> describeStochastic(Block block) {
        if (block instanceof StochasticResidualBlock stochastic) {
            return Optional.of(
                    new ResidualMatcher.Match(
                            stochastic.getBranch(),
                            stochastic.getShortcut(),
                            stochastic.getPostActivation()));
        }
        return Optional.empty();
    }

    private boolean sharesSettings(StochasticResidualBlock block) {
        return block.getMethod() == settings.method()
                && block.getScaling() == settings.scaling()
                && block.isSkipDropped() == settings.skipDropped();
    }

    /**
     * Returns the residual blocks under {@code model} that {@code recognise} accepts, in forward
     * order with their parents, those of a residual layer one by one.
     */
    static List<Site> residualSites(
            Block model, Function<Block, Optional<ResidualMatcher.Match>> recognise) {
        List<Position> positions = new ArrayList<>();
        walk(model, null, recognise, positions);
        return positions.stream().flatMap(position -> position.residuals().stream()).toList();
    }

    /**
     * Collects the positions of the schedule under {@code block} in forward order: each residual
     * block that {@code recognise} accepts, with its parent, and each residual layer (stochastic
     * or plain) with those of its children that it accepts.
     */
    private static void walk(
            Block block,
            Block parent,
            Function<Block, Optional<ResidualMatcher.Match>> recognise,
            List<Position> positions) {
        if (block instanceof StochasticResidualLayer || block instanceof PlainResidualLayer) {
            List<Site> residuals = new ArrayList<>();
            for (Block child : block.getChildren().values()) {
                recognise
                        .apply(child)
                        .ifPresent(match -> residuals.add(new Site(child, block, match)));
            }
            if (!residuals.isEmpty()) {
                positions.add(new Position(block, parent, residuals));
                return;
            }
        }
        Optional<ResidualMatcher.Match> match = recognise.apply(block);
        if (match.isPresent()) {
            positions.add(
                    new Position(null, parent, List.of(new Site(block, parent, match.get()))));
            return;
        }
        for (Block child : block.getChildren().values()) {
            walk(child, block, recognise, positions);
        }
    }

    static void checkSwappable(Block block, Block parent, int layer) {
        if (parent != null && !(parent instanceof SequentialBlock)) {
            throw new IllegalArgumentException(
                    "cannot swap residual block "
                            + layer
                            + " ("
                            + block.getClass().getName()
                            + "): it sits directly in a "
                            + parent.getClass().getName()
                            + ", and only a SequentialBlock can swap a child; wrap it in a"
                            + " SequentialBlock or describe the enclosing block with a matcher");
        }
    }

    /** Swaps blocks and layers in their parents, which {@link #checkSwappable} has vetted. */
    private static Block swap(Block model, List<Position> positions, Map<Block, Block> swaps) {
        Set<SequentialBlock> parents = new LinkedHashSet<>();
        for (Position position : positions) {
            if (position.layer() != null && swaps.containsKey(position.layer())) {
                // The layer is replaced as a whole: its own children stay as they were.
                if (position.parent() != null) {
                    parents.add((SequentialBlock) position.parent());
                }
                continue;
            }
            for (Site site : position.residuals()) {
                if (swaps.containsKey(site.block()) && site.parent() != null) {
                    parents.add((SequentialBlock) site.parent());
                }
            }
        }
        for (SequentialBlock parent : parents) {
            ChildSwaps.swapChildren(parent, swaps);
        }
        return swaps.getOrDefault(model, model);
    }

    /** A residual block found by the walk, its parent ({@code null} for the root) and parts. */
    record Site(Block block, Block parent, ResidualMatcher.Match match) {}

    /**
     * One position l of the schedule: a residual layer ({@code null} for a lone residual) with
     * its parent ({@code null} for the root), and the residuals that share the position.
     */
    private record Position(Block layer, Block parent, List<Site> residuals) {}

    /** Builds a {@link StochasticDepth} surgery, checking every setting in {@link #build()}. */
    public static final class Builder {
        private Double drop;
        private Distribution distribution = Distribution.LINEAR;
        private StochasticMethod method = StochasticMethod.SAMPLE;
        private Scaling scaling = Scaling.INFERENCE;
        private boolean skipDropped;
        private final List<ResidualMatcher> matchers = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the drop rate of the deepest block; required.
         *
         * @param drop the rate, in [0, 1)
         * @return this builder
         */
        public Builder drop(double drop) {
            this.drop = drop;
            return this;
        }

        /**
         * Sets how the rate grows with depth; {@link Distribution#LINEAR} by default.
         *
         * @param distribution the distribution
         * @return this builder
         */
        public Builder distribution(Distribution distribution) {
            this.distribution = distribution;
            return this;
        }

        /**
         * Sets whether each sample or the whole batch draws the keep decision; {@link
         * StochasticMethod#SAMPLE} by default.
         *
         * @param method the method
         * @return this builder
         */
        public Builder method(StochasticMethod method) {
            this.method = method;
            return this;
        }

        /**
         * Sets where the branch is rescaled; {@link Scaling#INFERENCE} by default.
         *
         * @param scaling the scaling
         * @return this builder
         */
        public Builder scaling(Scaling scaling) {
            this.scaling = scaling;
            return this;
        }

        /**
         * Sets whether the branch runs on kept samples only ({@link StochasticMethod#SAMPLE} only);
         * {@code false} by default.
         *
         * @param skipDropped whether dropped samples skip the branch
         * @return this builder
         */
        public Builder skipDropped(boolean skipDropped) {
            this.skipDropped = skipDropped;
            return this;
        }

        /**
         * Sets all five settings at once, for example those a generated network declares ({@code
         * StochasticResNet50.SETTINGS}).
         *
         * @param settings the drop rate, distribution, method, scaling and skipDropped
         * @return this builder
         */
        public Builder settings(StochasticDepthSettings settings) {
            drop = settings.drop();
            distribution = settings.distribution();
            method = settings.method();
            scaling = settings.scaling();
            skipDropped = settings.skipDropped();
            return this;
        }

        /**
         * Adds a matcher for a kind of residual block the surgery does not know; matchers are asked
         * in the order added, before the built-in rules.
         *
         * @param matcher the matcher
         * @return this builder
         */
        public Builder matcher(ResidualMatcher matcher) {
            matchers.add(matcher);
            return this;
        }

        /**
         * Builds the surgery.
         *
         * @return a new surgery
         * @throws IllegalArgumentException if the drop rate is unset, NaN or outside [0, 1), a
         *     setting or matcher is {@code null}, or {@code skipDropped} is combined with {@link
         *     StochasticMethod#BLOCK}
         */
        public StochasticDepth build() {
            if (drop == null) {
                throw new IllegalArgumentException(
                        "drop must be set: call drop(rate) with a rate in [0, 1)");
            }
            requireSet(distribution, "distribution");
            requireSet(method, "method");
            requireSet(scaling, "scaling");
            for (int i = 0; i < matchers.size(); i++) {
                requireSet(matchers.get(i), "matcher " + i);
            }
            return new StochasticDepth(
                    new StochasticDepthSettings(drop, distribution, method, scaling, skipDropped),
                    matchers);
        }

        private static void requireSet(Object value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
        }
    }
}
