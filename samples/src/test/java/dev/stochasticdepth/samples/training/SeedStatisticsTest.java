package dev.stochasticdepth.samples.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stochasticdepth.samples.training.SeedStatistics.Interval;

import org.junit.jupiter.api.Test;

class SeedStatisticsTest {

    @Test
    void studentTQuantilesToThreeDecimals() {
        assertThat(SeedStatistics.t975(1)).isCloseTo(12.706, within(5e-4));
        assertThat(SeedStatistics.t975(2)).isCloseTo(4.303, within(5e-4));
        assertThat(SeedStatistics.t975(9)).isCloseTo(2.262, within(5e-4));
        assertThat(SeedStatistics.t975(30)).isCloseTo(2.042, within(5e-4));
        assertThat(SeedStatistics.t975(1_000_000)).isCloseTo(1.960, within(5e-4));
        assertThat(SeedStatistics.t975(Integer.MAX_VALUE)).isCloseTo(1.960, within(5e-4));
    }

    @Test
    void studentTQuantilesToMoreDigits() {
        // Closed forms: df 1, t = tan(pi (p - 1/2)); df 2, t = (2p - 1) / sqrt(2 p (1 - p)). The
        // others are SciPy's t.ppf(0.975, df) to eight decimals.
        assertThat(SeedStatistics.t975(1)).isCloseTo(Math.tan(0.475 * Math.PI), within(1e-9));
        assertThat(SeedStatistics.t975(2))
                .isCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), within(1e-9));
        assertThat(SeedStatistics.t975(9)).isCloseTo(2.26215716, within(1e-8));
        assertThat(SeedStatistics.t975(30)).isCloseTo(2.04227246, within(1e-8));
        assertThat(SeedStatistics.t975(100)).isCloseTo(1.98397152, within(1e-8));
    }

    @Test
    void theExpansionTakesOverWhereTheInversionStops() {
        int limit = SeedStatistics.EXACT_LIMIT;
        double inverted = SeedStatistics.t975(limit);
        double expanded = SeedStatistics.t975(limit + 1);
        // SciPy's t.ppf(0.975, df): 1.96233908 for 1000, 1.96233671 for 1001.
        assertThat(inverted).isCloseTo(1.96233908, within(1e-8));
        assertThat(expanded).isCloseTo(1.96233671, within(1e-8));
        assertThat(expanded).isLessThan(inverted);
    }

    @Test
    void theFunctionsBehindTheQuantile() {
        // I_x(1/2, 1/2) is the arcsine law, (2 / pi) asin(sqrt x); ln Gamma(1/2) = ln sqrt(pi).
        for (double x : new double[] {0.001, 0.1, 0.5, 0.9, 0.999}) {
            assertThat(SeedStatistics.regularizedBeta(x, 0.5, 0.5))
                    .isCloseTo(2 / Math.PI * Math.asin(Math.sqrt(x)), within(1e-14));
        }
        assertThat(SeedStatistics.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(SeedStatistics.logGamma(1)).isCloseTo(0, within(1e-14));
        assertThat(SeedStatistics.logGamma(10)).isCloseTo(Math.log(362880), within(1e-13));
    }

    @Test
    void quantileNeedsADegreeOfFreedom() {
        assertThatThrownBy(() -> SeedStatistics.t975(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degrees of freedom must be at least 1, got 0");
    }

    @Test
    void meanAndIntervalOfOneTwoThree() {
        double[] values = {1, 2, 3};

        assertThat(SeedStatistics.mean(values)).isEqualTo(2.0);
        assertThat(SeedStatistics.standardDeviation(values)).isEqualTo(1.0);
        Interval interval = SeedStatistics.interval(values);
        // t(0.975, 2) * 1 / sqrt(3) = 4.303 / 1.732 = 2.484.
        assertThat(interval.mean()).isEqualTo(2.0);
        assertThat(interval.halfWidth()).isCloseTo(2.484, within(5e-4));
        assertThat(interval.n()).isEqualTo(3);
        assertThat(interval.hasWidth()).isTrue();
        assertThat(interval.lower()).isCloseTo(-0.484, within(5e-4));
        assertThat(interval.upper()).isCloseTo(4.484, within(5e-4));
    }

    @Test
    void pairedDifferenceByHand() {
        // Per seed variant - plain: 0.02, 0.04, 0.00, 0.02; mean 0.02, sd sqrt(0.0008 / 3) =
        // 0.0163299, half-width t(3) 3.182446 * 0.0163299 / 2 = 0.0259845.
        double[] variant = {0.82, 0.85, 0.80, 0.83};
        double[] plain = {0.80, 0.81, 0.80, 0.81};

        Interval difference = SeedStatistics.pairedDifference(variant, plain);

        assertThat(difference.mean()).isCloseTo(0.02, within(1e-12));
        assertThat(difference.halfWidth()).isCloseTo(0.0259845, within(1e-6));
        // Unpaired, the spread of the seeds would swamp the same difference.
        assertThat(SeedStatistics.interval(variant).halfWidth())
                .isGreaterThan(difference.halfWidth());
    }

    @Test
    void aSingleSeedHasAMeanAndNoInterval() {
        Interval one = SeedStatistics.interval(new double[] {0.75});

        assertThat(one.mean()).isEqualTo(0.75);
        assertThat(one.n()).isEqualTo(1);
        assertThat(one.hasWidth()).isFalse();
        assertThat(one.halfWidth()).isNaN();
        assertThat(one.lower()).isEqualTo(0.75);
        assertThat(one.upper()).isEqualTo(0.75);
        assertThat(SeedStatistics.pairedDifference(new double[] {0.8}, new double[] {0.75}).mean())
                .isCloseTo(0.05, within(1e-12));
    }

    @Test
    void badSamples() {
        assertThatThrownBy(() -> SeedStatistics.mean(new double[0]))
                .hasMessage("need at least 1 values, got 0");
        assertThatThrownBy(() -> SeedStatistics.standardDeviation(new double[] {1}))
                .hasMessage("need at least 2 values, got 1");
        assertThatThrownBy(
                        () ->
                                SeedStatistics.pairedDifference(
                                        new double[] {1, 2}, new double[] {1}))
                .hasMessage("paired samples need the same length, got 2 and 1");
    }
}
