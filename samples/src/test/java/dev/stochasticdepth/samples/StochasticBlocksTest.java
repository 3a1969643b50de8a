package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.SequentialBlock;
import dev.stochasticdepth.annotations.Distribution;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StochasticBlocksTest {

    @Test
    void scheduleComesFromTheDistribution() {
        assertThat(StochasticBlocks.schedule(Distribution.LINEAR_FROM_ZERO, 0.3, 4))
                .containsExactly(
                        0f,
                        (float) Distribution.LINEAR_FROM_ZERO.rate(2, 4, 0.3),
                        (float) Distribution.LINEAR_FROM_ZERO.rate(3, 4, 0.3),
                        0.3f);
        assertThatThrownBy(() -> StochasticBlocks.schedule(Distribution.LINEAR, 1.0, 4))
                .hasMessage("drop must be in [0, 1), got 1.0");
    }

    @Test
    void setsEveryRateInForwardOrder() {
        SequentialBlock network = SampleNetwork.RESNET20.create(10);
        List<Float> rates = StochasticBlocks.schedule(Distribution.UNIFORM, 0.25, 9);

        StochasticBlocks.setDropRates(network, rates);

        assertThat(StochasticBlocks.dropRates(network)).isEqualTo(rates);
        assertThatThrownBy(() -> StochasticBlocks.setDropRates(network, List.of(0.1f)))
                .hasMessage("1 drop rates for 9 blocks");
        StochasticBlocks.setDropRates(network, Collections.nCopies(9, 0f));
        assertThat(StochasticBlocks.dropRates(network)).containsOnly(0f);
    }
}
