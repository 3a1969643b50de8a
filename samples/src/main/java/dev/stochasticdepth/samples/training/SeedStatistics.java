package dev.stochasticdepth.samples.training;

import java.util.Locale;

/**
 * Statistics over the seeds of a comparison: mean, sample standard deviation, the 0.975 quantile of
 * Student's t distribution, two-sided 95% t-intervals and the paired difference of two samples.
 *
 * <p>The t quantile is computed, not looked up: for up to {@value #EXACT_LIMIT} degrees of freedom
 * by inverting the t distribution function, {@code F(t) = 1 - I_x(df/2, 1/2) / 2} with {@code x =
 * df / (df + t^2)}, where the regularized incomplete beta function {@code I} is evaluated by its
 * continued fraction (modified Lentz) and the log-gamma function by Stirling's series; the
 * inversion bisects to the last bits of a double. Above that, the Cornish-Fisher expansion in
 * {@code 1/df} (Abramowitz and Stegun 26.7.5, four terms) around the normal quantile
 * 1.959963984540054 is used, whose omitted terms are below 1e-12 there. Checked against SciPy's
 * {@code t.ppf(0.975, df)} for every df from 1 to 1200 and at larger ones, the quantile is within
 * 1e-12 (the tests check 12.706205, 4.302653, 2.262157, 2.042272, 1.983972 and the normal limit to
 * 1e-8).
 */
public final class SeedStatistics {

    /** The largest number of degrees of freedom whose quantile is found by inversion. */
    static final int EXACT_LIMIT = 1000;

    /** The 0.975 quantile of the standard normal distribution. */
    private static final double Z_975 = 1.959963984540054;

    /** The coefficients B_2k / (2k (2k - 1)) of Stirling's series, k = 1..7. */
    private static final double[] STIRLING = {
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156
    };

    private SeedStatistics() {}

    /**
     * Returns the arithmetic mean.
     *
     * @param values at least one value
     * @return their mean
     * @throws IllegalArgumentException if there are no values
     */
    public static double mean(double[] values) {
        requireValues(values, 1);
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /**
     * Returns the sample standard deviation, with {@code n - 1} in the denominator.
     *
     * @param values at least two values
     * @return their standard deviation
     * @throws IllegalArgumentException if there are fewer than two values
     */
    public static double standardDeviation(double[] values) {
        requireValues(values, 2);
        double mean = mean(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /**
     * Returns the 0.975 quantile of Student's t distribution, the factor of a two-sided 95%
     * interval.
     *
     * @param degreesOfFreedom at least 1
     * @return t such that P(T &lt;= t) = 0.975, for example 12.706 for 1 and 2.262 for 9
     * @throws IllegalArgumentException if {@code degreesOfFreedom} is below 1
     */
    public static double t975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException(
                    "degrees of freedom must be at least 1, got " + degreesOfFreedom);
        }
        if (degreesOfFreedom > EXACT_LIMIT) {
            return cornishFisher975(degreesOfFreedom);
        }
        // F(t) = 0.975 where I_x(df/2, 1/2) = 0.05; I falls as t grows, so bisect on t.
        double df = degreesOfFreedom;
        double low = 0;
        double high = 16;
        while (upperTail(high, df) > 0.05) {
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-15 * high; i++) {
            double middle = (low + high) / 2;
            if (upperTail(middle, df) > 0.05) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /**
     * Returns the mean of {@code values} with its two-sided 95% Student-t interval, {@code mean +-
     * t975(n - 1) * sd / sqrt(n)}; for a single value the interval has no width ({@link
     * Interval#hasWidth()} is false).
     *
     * @param values at least one value
     * @return the interval
     * @throws IllegalArgumentException if there are no values
     */
    public static Interval interval(double[] values) {
        double mean = mean(values);
        if (values.length == 1) {
            return new Interval(mean, Double.NaN, 1);
        }
        int n = values.length;
        double halfWidth = t975(n - 1) * standardDeviation(values) / Math.sqrt(n);
        return new Interval(mean, halfWidth, n);
    }

    /**
     * Returns the interval of the paired differences {@code a[i] - b[i]}, as for samples measured
     * on the same seeds.
     *
     * @param a the first sample, for example a variant's accuracy per seed
     * @param b the second, in the same order, for example the plain twin's
     * @return the mean difference with its 95% t-interval
     * @throws IllegalArgumentException if the lengths differ or there are no values
     */
    public static Interval pairedDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "paired samples need the same length, got " + a.length + " and " + b.length);
        }
        double[] differences = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            differences[i] = a[i] - b[i];
        }
        return interval(differences);
    }

    /** P(T > t) * 2 = I_x(df/2, 1/2) with x = df / (df + t^2), for t >= 0. */
    private static double upperTail(double t, double df) {
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** A&S 26.7.5: t_p = z + g1/df + g2/df^2 + g3/df^3 + g4/df^4 for the 0.975 quantile z. */
    private static double cornishFisher975(double df) {
        double z = Z_975;
        double z2 = z * z;
        double g1 = z * (z2 + 1) / 4;
        double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
        double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
        double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
        return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
    }

    /** The regularized incomplete beta function I_x(a, b), as in Numerical Recipes' betai. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front =
                Math.exp(
                        logGamma(a + b)
                                - logGamma(a)
                                - logGamma(b)
                                + a * Math.log(x)
                                + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(x, a, b) / a;
        }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
    }

    /** The continued fraction of the incomplete beta function, by the modified Lentz method. */
    private static double betaContinuedFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double fraction = d;
        for (int m = 1; m <= 100_000; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 / nonZero(1 + even * d, tiny);
            c = nonZero(1 + even / c, tiny);
            fraction *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 / nonZero(1 + odd * d, tiny);
            c = nonZero(1 + odd / c, tiny);
            double step = d * c;
            fraction *= step;
            if (Math.abs(step - 1) < 1e-15) {
                return fraction;
            }
        }
        throw new ArithmeticException(
                String.format(
                        Locale.ROOT,
                        "incomplete beta did not converge for x=%s a=%s b=%s",
                        x,
                        a,
                        b));
    }

    private static double nonZero(double value, double tiny) {
        return Math.abs(value) < tiny ? tiny : value;
    }

    /**
     * ln Gamma(x) for x > 0: the recurrence Gamma(x) = Gamma(x + 1) / x up to x >= 15, then
     * Stirling's series to its x^-13 term, whose first omitted term is below 1e-16 there.
     */
    static double logGamma(double x) {
        double shift = 0;
        while (x < 15) {
            shift += Math.log(x);
            x += 1;
        }
        double inverse = 1 / x;
        double inverse2 = inverse * inverse;
        double series = 0;
        for (int k = STIRLING.length - 1; k >= 0; k--) {
            series = series * inverse2 + STIRLING[k];
        }
        series *= inverse;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
    }

    private static void requireValues(double[] values, int least) {
        if (values.length < least) {
            throw new IllegalArgumentException(
                    "need at least " + least + " values, got " + values.length);
        }
    }

    /**
     * A mean with its two-sided 95% Student-t interval.
     *
     * @param mean the mean
     * @param halfWidth half the width of the interval, NaN for a single value
     * @param n the number of values, the seeds
     */
    public record Interval(double mean, double halfWidth, int n) {

        /**
         * Returns whether there is an interval, that is whether there were at least two values.
         *
         * @return {@code n >= 2}
         */
        public boolean hasWidth() {
            return n >= 2;
        }

        /**
         * Returns the lower end.
         *
         * @return {@code mean - halfWidth}, the mean itself for a single value
         */
        public double lower() {
            return hasWidth() ? mean - halfWidth : mean;
        }

        /**
         * Returns the upper end.
         *
         * @return {@code mean + halfWidth}, the mean itself for a single value
         */
        public double upper() {
            return hasWidth() ? mean + halfWidth : mean;
        }
    }
}
