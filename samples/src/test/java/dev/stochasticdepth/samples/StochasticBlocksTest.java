package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.SequentialBlock;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.runtime.StochasticDepth;

import org.junit.jupiter.api.Test;

import java.util.Collections;

class StochasticBlocksTest {

    @Test
    void scheduleComesFromTheSettings() {
        StochasticDepthSettings settings =
                StochasticDepthSettings.of(0.3).withDistribution(Distribution.LINEAR_FROM_ZERO);

        assertThat(SampleNetwork.VIT.rates(settings))
                .hasSize(6)
                .containsExactly(
                        0f,
                        (float) Distribution.LINEAR_FROM_ZERO.rate(2, 6, 0.3),
                        (float) Distribution.LINEAR_FROM_ZERO.rate(3, 6, 0.3),
                        (float) Distribution.LINEAR_FROM_ZERO.rate(4, 6, 0.3),
                        (float) Distribution.LINEAR_FROM_ZERO.rate(5, 6, 0.3),
                        0.3f);
        // The one range check, whose message the command line reports.
        assertThatThrownBy(() -> settings.withDrop(1.0))
                .hasMessage("drop must be in [0, 1), got 1.0");
    }

    @Test
    void readsEveryRateInForwardOrder() {
        SequentialBlock network =
                SampleNetwork.RESNET20.create(
                        10,
                        StochasticDepthSettings.of(0.25).withDistribution(Distribution.UNIFORM));

        assertThat(StochasticBlocks.dropRates(network)).isEqualTo(Collections.nCopies(9, 0.25f));
        StochasticDepth.find(network).get(8).setDropRate(0);
        assertThat(StochasticBlocks.dropRates(network)).hasSize(9).endsWith(0f).contains(0.25f);
    }

    @Test
    void aWarmupIsOneListenerAndNoneWithoutSteps() {
        assertThat(StochasticBlocks.warmup(0)).isEmpty();
        assertThat(StochasticBlocks.warmup(5)).hasSize(1);
    }
}
