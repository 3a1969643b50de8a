package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
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

    @Test
    void rebuildKeepsLayersBranchesAndRatesAndChangesTheMethod() {
        SequentialBlock generated = SampleNetwork.RESNET20.create(10);
        List<Block> layers = List.copyOf(generated.getChildren().values());
        List<StochasticResidualBlock> units = StochasticBlocks.of(generated);

        SequentialBlock rebuilt =
                StochasticBlocks.rebuild(generated, StochasticMethod.BLOCK, Scaling.TRAINING, false);

        List<Block> rebuiltLayers = List.copyOf(rebuilt.getChildren().values());
        assertThat(rebuiltLayers).hasSameSizeAs(layers);
        assertThat(rebuiltLayers.get(0)).isSameAs(layers.get(0));
        assertThat(rebuiltLayers.get(layers.size() - 1)).isSameAs(layers.get(layers.size() - 1));
        List<StochasticResidualBlock> rebuiltUnits = StochasticBlocks.of(rebuilt);
        assertThat(rebuiltUnits).hasSameSizeAs(units);
        for (int l = 0; l < units.size(); l++) {
            StochasticResidualBlock unit = rebuiltUnits.get(l);
            assertThat(unit.getClass()).isEqualTo(StochasticResidualBlock.class);
            assertThat(unit.getBranch()).isSameAs(units.get(l).getBranch());
            assertThat(unit.getShortcut()).isSameAs(units.get(l).getShortcut());
            assertThat(unit.getDropRate()).isEqualTo(units.get(l).getDropRate());
            assertThat(unit.getPostActivation()).isEqualTo(units.get(l).getPostActivation());
            assertThat(unit.getMethod()).isEqualTo(StochasticMethod.BLOCK);
            assertThat(unit.getScaling()).isEqualTo(Scaling.TRAINING);
        }
    }
}
