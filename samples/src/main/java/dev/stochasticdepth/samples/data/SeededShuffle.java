package dev.stochasticdepth.samples.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Iterator;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * Visits a dataset in a new random order every epoch, drawn from its own seeded generator, so that
 * two trainings with the same seed see the same batches in the same order.
 *
 * <p>DJL's {@code RandomSampler} draws from one static generator shared by the whole JVM, which
 * would give two networks trained one after the other different orders.
 */
public final class SeededShuffle implements Sampler.SubSampler {

    private final Random random;

    /**
     * Creates a shuffle.
     *
     * @param seed the seed of the sequence of orders
     */
    public SeededShuffle(long seed) {
        this.random = new Random(seed);
    }

    /** {@inheritDoc} */
    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        long[] order = LongStream.range(0, dataset.size()).toArray();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swapped = order[i];
            order[i] = order[j];
            order[j] = swapped;
        }
        return LongStream.of(order).iterator();
    }
}
