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
import dev.stochasticdepth.annotations.StochasticDepthSettings;
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
 * <p>A generated network's blocks extend it through {@link #StochasticResidualBlock(Builder)} and
 * write out the forward of their fixed settings with the same three draws this forward uses:
 * {@link #keepMask}, {@link #keepsBranch} and, with skipDropped, {@link #addKeptBranch}.
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
     * Creates a block from a builder's settings; subclasses call it with {@link #builder()}.
     *
     * @param builder the branch, shortcut, post-activation, rate and forward settings
     * @throws IllegalArgumentException if no branch was set, the drop rate is out of range or
     *     {@code skipDropped} is set with {@link StochasticMethod#BLOCK}
     */
    @SuppressWarnings("this-escape")
    protected StochasticResidualBlock(Builder builder) {
        super(VERSION);
        if (builder.branch == null) {
            throw new IllegalArgumentException(
                    "a StochasticResidualBlock needs a branch: call setBranch(Block)");
        }
        this.postActivation = Objects.requireNonNull(builder.postActivation, "postActivation");
        this.method = Objects.requireNonNull(builder.method, "method");
        this.scaling = Objects.requireNonNull(builder.scaling, "scaling");
        StochasticDepthSettings.checkSkipDropped(method, builder.skipDropped);
        this.skipDropped = builder.skipDropped;
        setDropRate(builder.dropRate);
        // Children in ParallelBlock's order (branch, then shortcut): same parameter file layout.
        this.branch = addChildBlock("branch", builder.branch);
        this.shortcut =
                addChildBlock("shortcut", Objects.requireNonNull(builder.shortcut, "shortcut"));
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
        NDArray x = batch(inputs);
        float drop = dropRate;
        NDArray identity = shortcut.forward(store, inputs, training, params).head();
        if (!training) {
            NDArray f = branch.forward(store, inputs, training, params).head();
            return activate(
                    scaling == Scaling.INFERENCE
                            ? f.mul(1f - drop).addi(identity)
                            : identity.add(f));
        }
        float kept = scaling == Scaling.TRAINING ? 1f / (1f - drop) : 1f;
        if (method == StochasticMethod.BLOCK) {
            if (!keepsBranch(x, drop)) {
                return activate(identity);
            }
            NDArray f = branch.forward(store, inputs, training, params).head();
            return activate(kept == 1f ? identity.add(f) : f.mul(kept).addi(identity));
        }
        NDArray mask = keepMask(x, drop, kept);
        if (skipDropped) {
            return activate(addKeptBranch(identity, mask, store, x, training, params));
        }
        NDArray f = branch.forward(store, inputs, training, params).head();
        return activate(f.mul(mask).addi(identity));
    }

    private NDList activate(NDArray sum) {
        return new NDList(postActivation == PostActivation.RELU ? Activation.relu(sum) : sum);
    }

    /**
     * Returns the single input array, checked to be a batch with samples on axis 0.
     *
     * @param inputs the block's inputs
     * @return the one array of {@code inputs}
     * @throws IllegalArgumentException if it is a scalar, naming its value
     */
    protected static NDArray batch(NDList inputs) {
        NDArray x = inputs.singletonOrThrow();
        KeepMasks.checkBatch(x);
        return x;
    }

    /**
     * Draws this training forward's per-sample keep mask, shaped {@code (N, 1, ..., 1)} on the
     * device and with the data type of {@code x}: {@code keptValue} with probability {@code 1 -
     * dropRate}, else 0 ({@link KeepMasks#perSample}). At rate 0 nothing is drawn and every sample
     * is kept. An attached {@link DropObserver} is told how many samples were kept.
     *
     * @param x the input batch
     * @param dropRate the rate p the mask is drawn with
     * @param keptValue a kept sample's entry: 1, or {@code 1 / (1 - p)} for {@link
     *     Scaling#TRAINING}
     * @return the mask
     */
    protected final NDArray keepMask(NDArray x, float dropRate, float keptValue) {
        DropObserver observer = dropObserver;
        if (dropRate == 0f) {
            long samples = x.getShape().get(0);
            if (observer != null) {
                observer.onDraw(this, dropRate, samples, samples);
            }
            NDArray ones = x.getManager().ones(KeepMasks.maskShape(x), x.getDataType(), x.getDevice());
            return keptValue == 1f ? ones : ones.muli(keptValue);
        }
        NDArray mask = KeepMasks.perSample(x, 1f - dropRate, keptValue);
        if (observer != null) {
            try (NDArray keptSamples = mask.countNonzero()) {
                observer.onDraw(this, dropRate, keptSamples.getLong(), mask.size());
            }
        }
        return mask;
    }

    /**
     * Draws this training forward's {@link StochasticMethod#BLOCK BLOCK} decision on the host,
     * without a device synchronisation, shared with the other devices' slices of the same training
     * step so that a dropped block is skipped on every device. At rate 0 nothing is drawn. An
     * attached {@link DropObserver} is told the decision.
     *
     * @param x the input batch (or this device's slice of it)
     * @param dropRate the rate p the decision is drawn with
     * @return whether the branch runs
     */
    protected final boolean keepsBranch(NDArray x, float dropRate) {
        boolean kept = dropRate == 0f || blockDraws.keep(x.getDevice(), 1f - dropRate);
        DropObserver observer = dropObserver;
        if (observer != null) {
            long samples = x.getShape().get(0);
            observer.onDraw(this, dropRate, kept ? samples : 0, samples);
        }
        return kept;
    }

    /**
     * Returns {@code shortcut + mask * branch(x)}, running the branch only on the rows of {@code x}
     * whose mask is not zero and scattering its output back into place (skipDropped); if no row is
     * kept the branch does not run. When all rows or a single row are kept, the branch runs on the
     * whole batch and is masked, since layers that take batch statistics need two rows.
     *
     * @param shortcut the shortcut's output
     * @param mask the mask from {@link #keepMask}
     * @param store the parameter store
     * @param x the input batch
     * @param training whether this is a training forward
     * @param params extra forward parameters
     * @return the residual sum, before the post-activation
     */
    protected final NDArray addKeptBranch(
            NDArray shortcut,
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
                return shortcut;
            }
            if (kept == rows || kept == 1) {
                // A single kept sample runs with the whole batch, masked as without skipDropped:
                // batch statistics (batch norm over (N, C)) need at least two rows.
                NDArray f = branch.forward(store, new NDList(x), training, params).singletonOrThrow();
                return f.mul(mask).addi(shortcut);
            }
            NDIndex keptIndex = new NDIndex("{}", index);
            NDArray f =
                    branch.forward(store, new NDList(x.get(keptIndex)), training, params)
                            .singletonOrThrow();
            // Writing the kept rows into zeros costs a fill and a copy of the kept rows; its
            // backward is a plain gather of them. Gathering full-size rows from f and masking
            // them instead cost two full-size passes, and a serial scatter-add backward.
            NDArray term = shortcut.zerosLike();
            term.set(keptIndex, f.mul(mask.get(keptIndex)));
            return term.addi(shortcut);
        }
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
            return new StochasticResidualBlock(this);
        }
    }
}
