package dev.stochasticdepth.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import java.util.Locale;
import java.util.Objects;

/**
 * A residual block {@code post(shortcut(x) + branch(x))} whose branch is randomly dropped during
 * training (Huang et al., "Deep Networks with Stochastic Depth", 2016).
 *
 * <p>With {@link StochasticMethod#SAMPLE}, every sample of the batch keeps its branch output with
 * probability {@code 1 - p}, independently; with {@link StochasticMethod#BLOCK} the whole batch
 * keeps or drops it together, and a dropped branch does not run. {@link Scaling} decides whether
 * inference multiplies the branch by {@code 1 - p} or training divides kept branches by it. At
 * {@code p = 0} the block computes exactly the plain residual, in training and at inference.
 *
 * <p>Its parameter file is that of {@code new ParallelBlock(merge, List.of(branch, shortcut))}
 * (see {@link Residuals#plain}), so weights move both ways between the two.
 *
 * <pre>{@code
 * Block unit = StochasticResidualBlock.builder()
 *         .setBranch(conv3x3AndBatchNorm)
 *         .optShortcut(Blocks.identityBlock())
 *         .optDropRate(0.1f)
 *         .build();
 * }</pre>
 *
 * <p>Generated networks subclass it and override {@link #forwardInternal} with the path their
 * definition fixes, composed of the protected steps below.
 */
public class StochasticResidualBlock extends AbstractBlock {

    /** The version of {@code ParallelBlock}, so that parameter files are interchangeable. */
    private static final byte VERSION = 2;

    private final Block branch;
    private final Block shortcut;
    private final PostActivation postActivation;
    private final StochasticMethod method;
    private final Scaling scaling;
    private final boolean skipDropped;
    private volatile float dropRate;
    private volatile DropObserver dropObserver;
    private final BlockDraws blockDraws = new BlockDraws();

    /**
     * Creates a block; {@link #builder()} is the readable way to call this.
     *
     * @param branch the residual branch f(x), the part that is dropped
     * @param shortcut the shortcut, never dropped
     * @param postActivation the activation after the addition
     * @param dropRate the drop rate p, in [0, 1)
     * @param method whether each sample or the whole batch draws the keep decision
     * @param scaling where the branch is rescaled
     * @param skipDropped with {@link StochasticMethod#SAMPLE}, run the branch on kept samples only
     * @throws IllegalArgumentException if {@code dropRate} is out of range or {@code skipDropped}
     *     is set with {@link StochasticMethod#BLOCK}
     */
    @SuppressWarnings("this-escape")
    public StochasticResidualBlock(
            Block branch,
            Block shortcut,
            PostActivation postActivation,
            float dropRate,
            StochasticMethod method,
            Scaling scaling,
            boolean skipDropped) {
        super(VERSION);
        this.postActivation = Objects.requireNonNull(postActivation, "postActivation");
        this.method = Objects.requireNonNull(method, "method");
        this.scaling = Objects.requireNonNull(scaling, "scaling");
        this.skipDropped = checkSkipDropped(skipDropped, method);
        setDropRate(dropRate);
        // Children in ParallelBlock's order (branch, then shortcut): same parameter file layout.
        this.branch = addChildBlock("branch", Objects.requireNonNull(branch, "branch"));
        this.shortcut = addChildBlock("shortcut", Objects.requireNonNull(shortcut, "shortcut"));
    }

    /**
     * Returns a builder for a block with an identity shortcut, ReLU, rate 0, {@code SAMPLE} and
     * {@code INFERENCE} scaling unless set otherwise.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that {@code skipDropped} is only set with {@link StochasticMethod#SAMPLE}.
     *
     * @param skipDropped whether dropped samples skip the branch
     * @param method the method it is combined with
     * @return {@code skipDropped}
     * @throws IllegalArgumentException if {@code skipDropped} is set with {@code BLOCK}
     */
    static boolean checkSkipDropped(boolean skipDropped, StochasticMethod method) {
        if (skipDropped && method == StochasticMethod.BLOCK) {
            throw new IllegalArgumentException(
                    "skipDropped applies to method SAMPLE only; BLOCK never runs a dropped branch");
        }
        return skipDropped;
    }

    /**
     * Returns the current drop rate p.
     *
     * @return the probability that the branch is dropped in a training forward, in [0, 1)
     */
    public float getDropRate() {
        return dropRate;
    }

    /**
     * Sets the drop rate p, for example from a warmup schedule.
     *
     * @param dropRate the new rate, in [0, 1)
     * @throws IllegalArgumentException if {@code dropRate} is NaN, negative or at least 1
     */
    public final void setDropRate(float dropRate) {
        // Widened through its decimal form, a bad rate is reported as written: -0.1, not
        // -0.10000000149011612; the conversion keeps the sign, NaN and the order around 0 and 1.
        Distribution.checkDrop(Double.parseDouble(Float.toString(dropRate)));
        this.dropRate = dropRate;
    }

    /**
     * Attaches the observer told about every training forward of this block, replacing any
     * earlier one; {@code null} detaches it. Counting kept samples costs a device sync per
     * forward, so it happens only while an observer is attached.
     *
     * @param dropObserver the observer, or {@code null}
     */
    public void setDropObserver(DropObserver dropObserver) {
        this.dropObserver = dropObserver;
    }

    /**
     * Returns the observer attached with {@link #setDropObserver}.
     *
     * @return the observer, or {@code null} if none is attached
     */
    public DropObserver getDropObserver() {
        return dropObserver;
    }

    /**
     * Returns whether each sample or the whole batch draws the keep decision.
     *
     * @return the method
     */
    public StochasticMethod getMethod() {
        return method;
    }

    /**
     * Returns where the branch is rescaled.
     *
     * @return the scaling
     */
    public Scaling getScaling() {
        return scaling;
    }

    /**
     * Returns whether the branch runs only on kept samples.
     *
     * @return {@code true} if dropped samples skip the branch
     */
    public boolean isSkipDropped() {
        return skipDropped;
    }

    /**
     * Returns the activation after the addition.
     *
     * @return the post-activation
     */
    public PostActivation getPostActivation() {
        return postActivation;
    }

    /**
     * Returns the residual branch f(x).
     *
     * @return the branch block
     */
    public Block getBranch() {
        return branch;
    }

    /**
     * Returns the shortcut.
     *
     * @return the shortcut block
     */
    public Block getShortcut() {
        return shortcut;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = input(inputs);
        float p = dropRate;
        NDArray identity = forwardShortcut(store, x, training, params);
        if (p == 0f) {
            if (training) {
                observe(p, x, true);
            }
            return activate(identity.add(forwardBranch(store, x, training, params)));
        }
        float keep = 1f - p;
        if (!training) {
            NDArray f = forwardBranch(store, x, training, params);
            return activate(
                    scaling == Scaling.INFERENCE ? addScaled(identity, f, keep) : identity.add(f));
        }
        float kept = scaling == Scaling.TRAINING ? 1f / keep : 1f;
        if (method == StochasticMethod.BLOCK) {
            boolean keepBranch = keepsBranch(x, keep);
            observe(p, x, keepBranch);
            if (!keepBranch) {
                return activate(identity);
            }
            NDArray f = forwardBranch(store, x, training, params);
            return activate(kept == 1f ? identity.add(f) : addScaled(identity, f, kept));
        }
        NDArray mask = KeepMasks.perSample(x, keep, kept);
        observe(p, mask);
        if (skipDropped) {
            return activate(addKeptBranch(identity, mask, store, x, training, params));
        }
        return activate(addScaled(identity, forwardBranch(store, x, training, params), mask));
    }

    /**
     * Draws the {@link StochasticMethod#BLOCK BLOCK} decision of this training forward on the host,
     * without a device synchronisation, and shares it with the other devices' slices of the same
     * training step, so that a dropped block is skipped on every device.
     *
     * @param x the input batch (or this device's slice of it)
     * @param keepProbability the probability of keeping the branch, {@code 1 - p}
     * @return whether the branch runs
     */
    protected final boolean keepsBranch(NDArray x, float keepProbability) {
        return blockDraws.keep(x.getDevice(), keepProbability);
    }

    /**
     * Tells the attached {@link DropObserver}, if any, that a training forward at rate {@code
     * dropRate} kept or dropped the branch for the whole batch {@code x}.
     *
     * @param dropRate the rate the decision was drawn with
     * @param x the input batch
     * @param kept whether the batch kept the branch
     */
    protected final void observe(float dropRate, NDArray x, boolean kept) {
        DropObserver observer = dropObserver;
        if (observer != null) {
            long samples = x.getShape().get(0);
            observer.onDraw(this, dropRate, kept ? samples : 0, samples);
        }
    }

    /**
     * Tells the attached {@link DropObserver}, if any, how many samples a training forward at
     * rate {@code dropRate} kept; only then are the nonzero entries of {@code mask} counted.
     *
     * @param dropRate the rate the mask was drawn with
     * @param mask the per-sample mask from {@link KeepMasks#perSample}
     */
    protected final void observe(float dropRate, NDArray mask) {
        DropObserver observer = dropObserver;
        if (observer != null) {
            try (NDArray keptSamples = mask.countNonzero()) {
                observer.onDraw(this, dropRate, keptSamples.getLong(), mask.size());
            }
        }
    }

    /**
     * Returns the single input array, checked to be a batch.
     *
     * @param inputs the block's inputs
     * @return the one array of {@code inputs}
     * @throws IllegalArgumentException if it is a scalar
     */
    protected static NDArray input(NDList inputs) {
        NDArray x = inputs.singletonOrThrow();
        KeepMasks.checkBatch(x);
        return x;
    }

    /**
     * Runs the shortcut on {@code x}.
     *
     * @param store the parameter store
     * @param x the input batch
     * @param training whether this is a training forward
     * @param params extra forward parameters
     * @return the shortcut's output
     */
    protected final NDArray forwardShortcut(
            ParameterStore store, NDArray x, boolean training, PairList<String, Object> params) {
        return shortcut.forward(store, new NDList(x), training, params).singletonOrThrow();
    }

    /**
     * Runs the branch on {@code x}.
     *
     * @param store the parameter store
     * @param x the input batch, or the kept part of it
     * @param training whether this is a training forward
     * @param params extra forward parameters
     * @return the branch's output
     */
    protected final NDArray forwardBranch(
            ParameterStore store, NDArray x, boolean training, PairList<String, Object> params) {
        return branch.forward(store, new NDList(x), training, params).singletonOrThrow();
    }

    /**
     * Returns {@code identity + mask * branch(x)}, running the branch only on the rows of
     * {@code x} whose mask is not zero and scattering its output back into place; if no row is
     * kept the branch does not run. When all rows or a single row are kept, the branch runs on the
     * whole batch and is masked, since layers that take batch statistics need two rows.
     *
     * @param identity the shortcut's output
     * @param mask the per-sample mask from {@link KeepMasks#perSample}
     * @param store the parameter store
     * @param x the input batch
     * @param training whether this is a training forward
     * @param params extra forward parameters
     * @return the residual sum, before the post-activation
     */
    protected final NDArray addKeptBranch(
            NDArray identity,
            NDArray mask,
            ParameterStore store,
            NDArray x,
            boolean training,
            PairList<String, Object> params) {
        long rows = x.getShape().get(0);
        try (NDArray keptRows = mask.reshape(rows).gt(0f);
                NDArray index = keptRows.nonzero().reshape(-1)) {
            long kept = index.size();
            if (kept == 0) {
                return identity;
            }
            if (kept == rows || kept == 1) {
                // A single kept sample runs with the whole batch, masked as without skipDropped:
                // batch statistics (batch norm over (N, C)) need at least two rows.
                return addScaled(identity, forwardBranch(store, x, training, params), mask);
            }
            NDIndex keptIndex = new NDIndex("{}", index);
            NDArray f = forwardBranch(store, x.get(keptIndex), training, params);
            // Writing the kept rows into zeros costs a fill and a copy of the kept rows; its
            // backward is a plain gather of them. Gathering full-size rows from f and masking
            // them instead cost two full-size passes, and a serial scatter-add backward.
            NDArray branchTerm = identity.zerosLike();
            branchTerm.set(keptIndex, f.mul(mask.get(keptIndex)));
            return branchTerm.addi(identity);
        }
    }

    /**
     * Returns {@code identity + scale * branchOutput} with a single new array: the sum is added
     * into the product in place, where {@code identity.add(branchOutput.mul(scale))} allocates
     * twice. Neither input is modified, and the gradient is that of the out-of-place form.
     *
     * @param identity the shortcut's output
     * @param branchOutput the branch's output
     * @param scale the factor, {@code 1 - p} at inference or {@code 1 / (1 - p)} in training
     * @return the residual sum, before the post-activation
     */
    protected static NDArray addScaled(NDArray identity, NDArray branchOutput, float scale) {
        return branchOutput.mul(scale).addi(identity);
    }

    /**
     * Returns {@code identity + mask * branchOutput} with a single new array, like {@link
     * #addScaled(NDArray, NDArray, float)}.
     *
     * @param identity the shortcut's output
     * @param branchOutput the branch's output
     * @param mask the per-sample mask from {@link KeepMasks#perSample}
     * @return the residual sum, before the post-activation
     */
    protected static NDArray addScaled(NDArray identity, NDArray branchOutput, NDArray mask) {
        return branchOutput.mul(mask).addi(identity);
    }

    /**
     * Applies the post-activation to the residual sum.
     *
     * @param sum {@code shortcut(x) + branch term}
     * @return the block's output
     */
    protected final NDList activate(NDArray sum) {
        return new NDList(postActivation == PostActivation.RELU ? Activation.relu(sum) : sum);
    }

    /**
     * Takes over the input shapes of the initialized block this one replaces in model surgery, so
     * that the rewritten model saves and runs without being initialized again.
     *
     * @param replaced the block this one replaces, with the same branch and shortcut
     */
    void adoptInputShapes(Block replaced) {
        if (replaced.isInitialized()) {
            inputShapes = replaced.getInputShapes();
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return branch.getOutputShapes(inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        branch.initialize(manager, dataType, inputShapes);
        shortcut.initialize(manager, dataType, inputShapes);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        String summary =
                String.format(
                        Locale.ROOT,
                        "%s(p=%s, %s, %s%s, post=%s)",
                        getClass().getSimpleName(),
                        dropRate,
                        method,
                        scaling,
                        skipDropped ? ", skipDropped" : "",
                        postActivation);
        return Blocks.describe(this, summary, 0);
    }

    /** Builds a {@link StochasticResidualBlock}; {@code setXxx} is required, {@code optXxx} not. */
    public static final class Builder {
        private Block branch;
        private Block shortcut = Blocks.identityBlock();
        private PostActivation postActivation = PostActivation.RELU;
        private float dropRate;
        private StochasticMethod method = StochasticMethod.SAMPLE;
        private Scaling scaling = Scaling.INFERENCE;
        private boolean skipDropped;

        private Builder() {}

        /**
         * Sets the residual branch f(x), the part that is dropped.
         *
         * @param branch the branch
         * @return this builder
         */
        public Builder setBranch(Block branch) {
            this.branch = branch;
            return this;
        }

        /**
         * Sets the shortcut; the identity by default.
         *
         * @param shortcut the shortcut
         * @return this builder
         */
        public Builder optShortcut(Block shortcut) {
            this.shortcut = shortcut;
            return this;
        }

        /**
         * Sets the activation after the addition; ReLU by default.
         *
         * @param postActivation the post-activation
         * @return this builder
         */
        public Builder optPostActivation(PostActivation postActivation) {
            this.postActivation = postActivation;
            return this;
        }

        /**
         * Sets the drop rate p; 0 by default.
         *
         * @param dropRate the rate, in [0, 1)
         * @return this builder
         */
        public Builder optDropRate(float dropRate) {
            this.dropRate = dropRate;
            return this;
        }

        /**
         * Sets whether each sample or the batch draws the keep decision; SAMPLE by default.
         *
         * @param method the method
         * @return this builder
         */
        public Builder optMethod(StochasticMethod method) {
            this.method = method;
            return this;
        }

        /**
         * Sets where the branch is rescaled; INFERENCE by default.
         *
         * @param scaling the scaling
         * @return this builder
         */
        public Builder optScaling(Scaling scaling) {
            this.scaling = scaling;
            return this;
        }

        /**
         * Sets whether the branch runs on kept samples only (SAMPLE method); false by default.
         * Layers in the branch that take batch statistics then see only the kept samples, except
         * when a single sample is kept: the branch then runs on the whole batch.
         *
         * @param skipDropped whether to skip dropped samples
         * @return this builder
         */
        public Builder optSkipDropped(boolean skipDropped) {
            this.skipDropped = skipDropped;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new block
         * @throws IllegalArgumentException if no branch was set or a setting is out of range
         */
        public StochasticResidualBlock build() {
            if (branch == null) {
                throw new IllegalArgumentException(
                        "a StochasticResidualBlock needs a branch: call setBranch(Block)");
            }
            return new StochasticResidualBlock(
                    branch, shortcut, postActivation, dropRate, method, scaling, skipDropped);
        }
    }
}
