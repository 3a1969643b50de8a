package dev.stochasticdepth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedTimesTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(PairedTimes.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(PairedTimes.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void aSharedSlowdownOfBothStepsOfAPairCancels() {
        // The machine's speed drifts by a factor of up to 2 from pair to pair; within a pair the
        // variant is always 10% slower. The ratio and its whole interval are then 1.1.
        SplittableRandom random = new SplittableRandom(1);
        double[] plain = new double[40];
        double[] variant = new double[40];
        for (int i = 0; i < plain.length; i++) {
            double machine = 1 + random.nextDouble();
            plain[i] = 100 * machine;
            variant[i] = 110 * machine;
        }

        double[] ratio = new PairedTimes(plain, variant).ratio();

        assertThat(ratio[0]).isCloseTo(1.1, within(1e-9));
        assertThat(ratio[1]).isCloseTo(1.1, within(1e-9));
        assertThat(ratio[2]).isCloseTo(1.1, within(1e-9));
    }

    @Test
    void theIntervalWidensWithNoiseAndHoldsTheTrueRatio() {
        // Independent noise of 10% on every step: a 95% interval from 200 pairs holds the true
        // ratio 0.8 and is a few percent wide.
        SplittableRandom random = new SplittableRandom(2);
        double[] plain = new double[200];
        double[] variant = new double[200];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = 100 * (1 + 0.1 * (random.nextDouble() - 0.5) * 3.46);
            variant[i] = 80 * (1 + 0.1 * (random.nextDouble() - 0.5) * 3.46);
        }

        PairedTimes times = new PairedTimes(plain, variant);
        double[] ratio = times.ratio();

        assertThat(ratio[1]).isLessThan(0.8).isGreaterThan(0.75);
        assertThat(ratio[2]).isGreaterThan(0.8).isLessThan(0.85);
        assertThat(times.formatRatio())
                .isEqualTo(
                        String.format(
                                Locale.ROOT, "%.3f [%.3f, %.3f]", ratio[0], ratio[1], ratio[2]));
    }

    @Test
    void pairsMustMatch() {
        assertThatThrownBy(() -> new PairedTimes(new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 and 3");
        assertThatThrownBy(() -> new PairedTimes(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
