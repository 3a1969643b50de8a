package dev.stochasticdepth.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The step times of one fork, in milliseconds: {@code plain[i]} and {@code variant[i]} ran one
 * right after the other.
 *
 * @param plain the plain twin's steps
 * @param variant the variant's steps
 */
record PairedTimes(double[] plain, double[] variant) {

    private static final int BOOTSTRAP_SAMPLES = 4000;

    PairedTimes {
        if (plain.length != variant.length || plain.length == 0) {
            throw new IllegalArgumentException(
                    "need as many plain as variant steps, and at least one: "
                            + plain.length
                            + " and "
                            + variant.length);
        }
    }

    /**
     * Returns the ratio of the variant's median to the plain twin's, with a 95%
     * percentile-bootstrap interval that resamples whole pairs (so that what both steps of a pair shared, such as a slow
     * moment of the machine, stays shared).
     *
     * @return {ratio, low, high}
     */
    double[] ratio() {
        double[] bootstrap = new double[BOOTSTRAP_SAMPLES];
        SplittableRandom random = new SplittableRandom(42);
        double[] plainDrawn = new double[plain.length];
        double[] variantDrawn = new double[variant.length];
        for (int b = 0; b < bootstrap.length; b++) {
            for (int i = 0; i < plain.length; i++) {
                int pair = random.nextInt(plain.length);
                plainDrawn[i] = plain[pair];
                variantDrawn[i] = variant[pair];
            }
            bootstrap[b] = median(variantDrawn) / median(plainDrawn);
        }
        Arrays.sort(bootstrap);
        return new double[] {
            median(variant) / median(plain),
            bootstrap[(int) (0.025 * bootstrap.length)],
            bootstrap[(int) (0.975 * bootstrap.length) - 1]
        };
    }

    /**
     * Formats {@link #ratio()} as {@code "0.987 [0.950, 1.020]"}.
     *
     * @return the ratio and its interval
     */
    String formatRatio() {
        double[] ratio = ratio();
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", ratio[0], ratio[1], ratio[2]);
    }

    /**
     * Returns the median of some values.
     *
     * @param values the values, not empty
     * @return their median (the mean of the middle two for an even count)
     */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
