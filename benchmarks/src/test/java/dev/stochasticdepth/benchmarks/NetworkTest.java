package dev.stochasticdepth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jmh.annotations.Param;

/** Each network builds every variant, found by its settings, with the blocks it is to measure. */
class NetworkTest {

    @ParameterizedTest
    @EnumSource(Network.class)
    void everyVariantIsTheGeneratedDefinitionOfItsSettings(Network network) {
        for (Variant variant : Variant.values()) {
            Block built = network.build(variant);
            List<StochasticResidualBlock> blocks = StochasticDepth.find(built);
            if (variant == Variant.PLAIN) {
                assertThat(blocks).as(variant.name()).isEmpty();
                continue;
            }
            assertThat(blocks)
                    .as(variant.name())
                    .isNotEmpty()
                    .allSatisfy(
                            block -> {
                                assertThat(block.getMethod())
                                        .isEqualTo(variant.settings().method());
                                assertThat(block.getScaling())
                                        .isEqualTo(variant.settings().scaling());
                                assertThat(block.isSkipDropped())
                                        .isEqualTo(variant.settings().skipDropped());
                                // The generated forward, except by surgery: the runtime's own.
                                assertThat(block.getClass() == StochasticResidualBlock.class)
                                        .isEqualTo(variant.bySurgery());
                            });
            assertThat(blocks.get(blocks.size() - 1).getDropRate())
                    .isEqualTo((float) variant.settings().drop());
            if (!variant.bySurgery()) {
                assertThat(built.getClass().getSimpleName())
                        .startsWith("Stochastic" + network.name().replace("RESNET", "ResNet"));
            }
        }
    }

    @Test
    void theBenchmarkMeasuresEveryVariant() throws NoSuchFieldException {
        Param variants = ResidualBenchmarks.class.getField("variant").getAnnotation(Param.class);
        assertThat(variants.value())
                .containsExactly(
                        Arrays.stream(Variant.values()).map(Enum::name).toArray(String[]::new));
    }
}
