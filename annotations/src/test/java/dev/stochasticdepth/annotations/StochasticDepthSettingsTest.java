package dev.stochasticdepth.annotations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings value: the annotation's defaults, its rules, its schedule and its words. */
class StochasticDepthSettingsTest {

    @Test
    void ofGivesTheAnnotationDefaults() {
        StochasticDepthSettings settings = StochasticDepthSettings.of(0.2);
        assertThat(settings)
                .isEqualTo(
                        new StochasticDepthSettings(
                                0.2,
                                Distribution.LINEAR,
                                StochasticMethod.SAMPLE,
                                Scaling.INFERENCE,
                                false));
    }

    @Test
    void ratesAreTheDistributionsRatesAsFloats() {
        StochasticDepthSettings settings =
                StochasticDepthSettings.of(0.5).withDistribution(Distribution.LINEAR_FROM_ZERO);
        float[] rates = settings.rates(5);
        assertThat(rates).hasSize(5);
        for (int layer = 1; layer <= 5; layer++) {
            float expected = (float) Distribution.LINEAR_FROM_ZERO.rate(layer, 5, 0.5);
            assertThat(rates[layer - 1]).isEqualTo(expected).isEqualTo(settings.rate(layer, 5));
        }
        assertThat(StochasticDepthSettings.of(0.2).rates(16)[15]).isEqualTo(0.2f);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings.rates(0))
                .withMessageContaining("got 0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void rejectsADropOutsideTheUnitInterval(double drop) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StochasticDepthSettings.of(drop))
                .withMessageContaining(String.valueOf(drop));
        assertThat(Distribution.isValidDrop(drop)).isFalse();
    }

    @Test
    void skipDroppedIsForSampleOnlyWhicheverWitherComesLast() {
        StochasticDepthSettings skipping = StochasticDepthSettings.of(0.5).withSkipDropped(true);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> skipping.withMethod(StochasticMethod.BLOCK))
                .withMessageContaining("skipDropped applies to method SAMPLE only");
        StochasticDepthSettings block =
                StochasticDepthSettings.of(0.5).withMethod(StochasticMethod.BLOCK);
        assertThatIllegalArgumentException().isThrownBy(() -> block.withSkipDropped(true));
        assertThat(StochasticDepthSettings.canSkipDropped(StochasticMethod.SAMPLE)).isTrue();
        assertThat(StochasticDepthSettings.canSkipDropped(StochasticMethod.BLOCK)).isFalse();
    }

    @Test
    void rejectsMissingEnums() {
        assertThatNullPointerException()
                .isThrownBy(() -> StochasticDepthSettings.of(0.1).withScaling(null))
                .withMessage("scaling");
        assertThatNullPointerException()
                .isThrownBy(() -> StochasticDepthSettings.of(0.1).withDistribution(null))
                .withMessage("distribution");
    }

    @Test
    void describesItselfAsGeneratedFilesDo() {
        assertThat(StochasticDepthSettings.of(0.2).describe())
                .isEqualTo("LINEAR drop rates up to drop = 0.2, SAMPLE method, INFERENCE scaling");
        assertThat(
                        StochasticDepthSettings.of(0.5)
                                .withScaling(Scaling.TRAINING)
                                .withSkipDropped(true)
                                .describe())
                .isEqualTo(
                        "LINEAR drop rates up to drop = 0.5, SAMPLE method, TRAINING scaling,"
                                + " dropped samples skip the branch");
    }
}
