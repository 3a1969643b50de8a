package dev.stochasticdepth.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Re-estimates the running statistics of every batch norm in a network from the network's
 * inference-form forward, as pycls's "precise BN" does.
 *
 * <p>In training, batch norm keeps moving averages of the statistics of its input, and under
 * stochastic depth that input is a sum over earlier blocks each of which was kept or dropped; at
 * inference every branch runs, scaled by {@code 1 - p} with {@link
 * dev.stochasticdepth.annotations.Scaling#INFERENCE INFERENCE} scaling, so the input has another
 * distribution than the one the averages describe. {@code recompute} runs the network's inference
 * form (no masks, the inference scaling, as {@code training = false} gives it) with every batch
 * norm normalising by the statistics of its batch, as in training, and sets each running mean and
 * variance to the average over the batches of the batch's mean and unbiased variance. The moving
 * averages are also only as good as the last few hundred batches; the recomputed ones are a plain
 * average over the batches given.
 *
 * <p>The network is changed for the duration of the call only (each {@code BatchNorm} is wrapped
 * in its {@code SequentialBlock}), and its parameters other than the running statistics are not
 * touched. Batch norm is taken over axis 1, DJL's default; a batch norm whose running mean does
 * not match axis 1 of its input is rejected.
 */
public final class PreciseBatchNorm {

    private PreciseBatchNorm() {}

    /**
     * Recomputes the running statistics of the batch norms in {@code trainer}'s model from the
     * inputs of the first {@code maxBatches} of {@code batches}, each forward run through {@link
     * Trainer#evaluate}; every batch taken is closed.
     *
     * @param trainer a trainer on one device
     * @param batches for example {@code trainer.iterateDataset(trainingSet)}
     * @param maxBatches how many batches to average over, at least 1
     * @return the number of batch norms updated
     * @throws IllegalArgumentException if {@code maxBatches < 1}, the trainer has several devices,
     *     or a batch norm cannot be wrapped; the model is then unchanged
     */
    public static int recompute(Trainer trainer, Iterable<Batch> batches, int maxBatches) {
        if (maxBatches < 1) {
            throw new IllegalArgumentException("maxBatches must be at least 1, got " + maxBatches);
        }
        if (trainer.getDevices().length != 1) {
            throw new IllegalArgumentException(
                    "precise batch norm needs a trainer on one device, got "
                            + Arrays.toString(trainer.getDevices()));
        }
        return run(
                trainer.getModel().getBlock(),
                () -> {
                    int taken = 0;
                    for (Batch batch : batches) {
                        // The forward's arrays live in the batch's manager: gone with the batch.
                        try (batch) {
                            trainer.evaluate(batch.getData());
                        }
                        if (++taken == maxBatches) {
                            break;
                        }
                    }
                    return taken;
                });
    }

    /**
     * Recomputes the running statistics of the batch norms in {@code model} from forwards of
     * {@code inputs} with {@code training = false}; the inputs are left as they were.
     *
     * @param model an initialized network
     * @param store the parameter store to forward with
     * @param inputs the batches, at least one
     * @return the number of batch norms updated
     * @throws IllegalArgumentException if {@code inputs} is empty or a batch norm cannot be
     *     wrapped; the model is then unchanged
     */
    public static int recompute(Block model, ParameterStore store, Iterable<NDList> inputs) {
        return run(
                model,
                () -> {
                    int taken = 0;
                    for (NDList input : inputs) {
                        try (NDManager step = input.getManager().newSubManager()) {
                            // What the forward makes is made in step and freed with it.
                            input.tempAttach(step);
                            model.forward(store, input, false);
                        }
                        taken++;
                    }
                    return taken;
                });
    }

    /** Runs {@code forwards} with every batch norm wrapped, then stores the averages. */
    private static int run(Block model, IntSupplier forwards) {
        List<Site> sites = new ArrayList<>();
        walk(model, null, sites);
        for (Site site : sites) {
            if (!(site.parent() instanceof SequentialBlock)) {
                throw new IllegalArgumentException(
                        "cannot wrap batch norm "
                                + site.norm()
                                + ": it sits "
                                + (site.parent() == null
                                        ? "at the root"
                                        : "directly in a " + site.parent().getClass().getName())
                                + ", and only a SequentialBlock can swap a child; wrap it in a"
                                + " SequentialBlock");
            }
        }
        Map<Block, Block> wrap = new IdentityHashMap<>();
        Map<Block, Block> unwrap = new IdentityHashMap<>();
        Set<SequentialBlock> parents = new LinkedHashSet<>();
        try (NDManager sums = NDManager.newBaseManager()) {
            List<Recorder> recorders = new ArrayList<>();
            for (Site site : sites) {
                Recorder recorder = new Recorder(site.norm(), sums);
                recorders.add(recorder);
                wrap.put(site.norm(), recorder);
                unwrap.put(recorder, site.norm());
                parents.add((SequentialBlock) site.parent());
            }
            parents.forEach(parent -> ChildSwaps.swapChildren(parent, wrap));
            int batches;
            try {
                batches = forwards.getAsInt();
            } finally {
                parents.forEach(parent -> ChildSwaps.swapChildren(parent, unwrap));
            }
            if (batches == 0) {
                throw new IllegalArgumentException("precise batch norm needs at least one batch");
            }
            int updated = 0;
            for (Recorder recorder : recorders) {
                updated += recorder.store() ? 1 : 0;
            }
            return updated;
        }
    }

    private static void walk(Block block, Block parent, List<Site> sites) {
        if (block instanceof BatchNorm norm) {
            sites.add(new Site(norm, parent));
            return;
        }
        for (Block child : block.getChildren().values()) {
            walk(child, block, sites);
        }
    }

    /** A batch norm found in the network, and the block holding it ({@code null} for the root). */
    private record Site(BatchNorm norm, Block parent) {}

    /**
     * Stands in for a batch norm during {@code recompute}: it sums the mean and unbiased variance
     * of each input over every axis but 1, and normalises with the batch's statistics, as the
     * batch norm does in training.
     */
    private static final class Recorder extends AbstractBlock {

        private final BatchNorm norm;
        private final NDManager sums;
        private final Parameter runningMean;
        private final Parameter runningVar;
        private NDArray meanSum;
        private NDArray varianceSum;
        private int batches;

        Recorder(BatchNorm norm, NDManager sums) {
            this.norm = norm;
            this.sums = sums;
            this.runningMean = norm.getParameters().get("runningMean");
            this.runningVar = norm.getParameters().get("runningVar");
            addChildBlock("batchNorm", norm);
            inputShapes = norm.getInputShapes();
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray running = runningMean.getArray();
            Shape shape = x.getShape();
            if (shape.dimension() < 2 || shape.get(1) != running.size() || shape.get(0) < 2) {
                throw new IllegalArgumentException(
                        "precise batch norm takes statistics over axis 1, but the input "
                                + shape
                                + " of "
                                + norm
                                + " does not have its "
                                + running.size()
                                + " channels there, or has fewer than two samples");
            }
            long channels = shape.get(1);
            long count = shape.size() / channels;
            try (NDManager scratch = x.getManager().newSubManager()) {
                // What is computed from x is made in scratch and freed with it; x goes back.
                x.tempAttach(scratch);
                // One row per channel: the engine takes a mean over one axis at a time.
                NDArray rows = x.swapAxes(0, 1).reshape(channels, count);
                NDArray mean = rows.mean(new int[] {1}, true);
                NDArray variance = rows.sub(mean).square().sum(new int[] {1}).div(count - 1);
                if (meanSum == null) {
                    meanSum = sums.zeros(running.getShape(), DataType.FLOAT32);
                    varianceSum = sums.zeros(running.getShape(), DataType.FLOAT32);
                }
                meanSum.addi(onto(mean.reshape(running.getShape()), meanSum));
                varianceSum.addi(onto(variance.reshape(running.getShape()), varianceSum));
            }
            batches++;
            return norm.forward(store, inputs, true, params);
        }

        /** Returns {@code value} on {@code target}'s device with its data type. */
        private static NDArray onto(NDArray value, NDArray target) {
            return value.toDevice(target.getDevice(), false).toType(target.getDataType(), false);
        }

        /** Writes the averages into the running statistics; returns whether any batch came. */
        boolean store() {
            if (batches == 0) {
                return false;
            }
            write(meanSum, runningMean.getArray());
            write(varianceSum, runningVar.getArray());
            return true;
        }

        private void write(NDArray sum, NDArray target) {
            try (NDManager scratch = sum.getManager().newSubManager()) {
                sum.tempAttach(scratch);
                onto(sum.div(batches), target).copyTo(target);
            }
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return norm.getOutputShapes(inputShapes);
        }
    }
}
