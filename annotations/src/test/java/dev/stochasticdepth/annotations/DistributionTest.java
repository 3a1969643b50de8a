package dev.stochasticdepth.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The drop-rate schedules and their argument checks. */
class DistributionTest {

    @Test
    void linearGrowsInProportionToDepth() {
        assertThat(rates(Distribution.LINEAR, 4, 0.2))
                .containsExactly(new double[] {0.05, 0.1, 0.15, 0.2}, within(1e-15));
        assertThat(Distribution.LINEAR.rate(2, 4, 0.2)).isEqualTo(0.1);
        assertThat(Distribution.LINEAR.rate(1, 1, 0.5)).isEqualTo(0.5);
    }

    @Test
    void uniformGivesEveryBlockTheSameRate() {
        assertThat(rates(Distribution.UNIFORM, 5, 0.3)).containsOnly(0.3).hasSize(5);
        assertThat(Distribution.UNIFORM.rate(1, 1, 0.3)).isEqualTo(0.3);
    }

    @Test
    void linearFromZeroStartsAtZeroAndEndsAtDrop() {
        assertThat(rates(Distribution.LINEAR_FROM_ZERO, 5, 0.2))
                .containsExactly(new double[] {0.0, 0.05, 0.1, 0.15, 0.2}, within(1e-15));
        assertThat(rates(Distribution.LINEAR_FROM_ZERO, 2, 0.5)).containsExactly(0.0, 0.5);
    }

    @Test
    void linearFromZeroWithOneBlockNeverDrops() {
        assertThat(Distribution.LINEAR_FROM_ZERO.rate(1, 1, 0.5)).isZero();
        assertThat(Distribution.LINEAR_FROM_ZERO.rate(1, 1, 0.0)).isZero();
    }

    /** Each formula, written out, for every block of several depths. */
    @ParameterizedTest(name = "L = {0}, drop = {1}")
    @CsvSource({"1, 0.5", "2, 0.1", "3, 0.25", "7, 0.5", "50, 0.9", "12, 0.0"})
    void everyScheduleFollowsItsFormula(int layers, double drop) {
        for (int layer = 1; layer <= layers; layer++) {
            assertThat(Distribution.LINEAR.rate(layer, layers, drop))
                    .isEqualTo(drop * layer / layers);
            assertThat(Distribution.UNIFORM.rate(layer, layers, drop)).isEqualTo(drop);
            assertThat(Distribution.LINEAR_FROM_ZERO.rate(layer, layers, drop))
                    .isEqualTo(layers == 1 ? 0.0 : drop * (layer - 1) / (layers - 1));
        }
        // drop is the rate of the deepest block, and no block drops more.
        for (Distribution distribution : Distribution.values()) {
            double[] rates = rates(distribution, layers, drop);
            assertThat(rates[layers - 1])
                    .isEqualTo(
                            layers == 1 && distribution == Distribution.LINEAR_FROM_ZERO
                                    ? 0.0
                                    : drop);
            for (double rate : rates) {
                assertThat(rate).isBetween(0.0, drop);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void zeroLayersAreRejected(Distribution distribution) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> distribution.rate(1, 0, 0.1))
                .withMessage("layers must be at least 1, got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> distribution.rate(1, -3, 0.1))
                .withMessage("layers must be at least 1, got -3");
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void layersOutsideOneToLAreRejected(Distribution distribution) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> distribution.rate(0, 4, 0.1))
                .withMessage("layer must be in [1, 4], got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> distribution.rate(5, 4, 0.1))
                .withMessage("layer must be in [1, 4], got 5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> distribution.rate(-1, 1, 0.1))
                .withMessage("layer must be in [1, 1], got -1");
    }

    @ParameterizedTest(name = "drop = {0}")
    @ValueSource(
            doubles = {
                -0.1,
                1.0,
                1.5,
                Double.NaN,
                Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY
            })
    void badDropsAreRejectedWithTheirValue(double drop) {
        String message = "drop must be in [0, 1), got " + drop;
        for (Distribution distribution : Distribution.values()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> distribution.rate(1, 3, drop))
                    .withMessage(message);
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Distribution.checkDrop(drop))
                .withMessage(message);
    }

    @Test
    void theDropIsCheckedEvenWhereItDoesNotMatter() {
        // LINEAR_FROM_ZERO ignores drop when L = 1, but a bad drop is still a bad definition.
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Distribution.LINEAR_FROM_ZERO.rate(1, 1, 1.0))
                .withMessage("drop must be in [0, 1), got 1.0");
    }

    @ParameterizedTest(name = "drop = {0}")
    @ValueSource(doubles = {0.0, 0.5, 0.999})
    void validDropsPassThrough(double drop) {
        assertThat(Distribution.checkDrop(drop)).isEqualTo(drop);
        assertThat(Distribution.checkDrop(Math.nextDown(1.0))).isEqualTo(Math.nextDown(1.0));
    }

    private static double[] rates(Distribution distribution, int layers, double drop) {
        double[] rates = new double[layers];
        for (int layer = 1; layer <= layers; layer++) {
            rates[layer - 1] = distribution.rate(layer, layers, drop);
        }
        return rates;
    }
}
