package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.SequentialBlock;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The catalogue: each entry's settings, how it builds with them and with others, and its names. */
class SampleNetworkTest {

    /** A generated entry has its class's {@code SETTINGS} and {@code DEPTH} and builds its blocks. */
    @ParameterizedTest
    @EnumSource(value = SampleNetwork.class, names = "MOBILENETV2", mode = EnumSource.Mode.EXCLUDE)
    void aGeneratedEntryHasItsClassesSettingsAndBuildsItsGeneratedBlocks(SampleNetwork network)
            throws ReflectiveOperationException {
        SequentialBlock built = network.create(10);

        assertThat(network.settings())
                .isEqualTo(built.getClass().getField("SETTINGS").get(null));
        assertThat(network.depth()).isEqualTo(built.getClass().getField("DEPTH").getInt(null));
        // Its own settings: the generated blocks as they are, not surgery's general ones.
        assertThat(StochasticDepth.find(built))
                .isNotEmpty()
                .allMatch(block -> block.getClass().getEnclosingClass() == built.getClass());
        assertThat(StochasticBlocks.dropRates(built)).isEqualTo(network.dropRates());
    }

    @Test
    void otherRatesKeepTheGeneratedBlocksAndOtherMethodsTakeTheGeneralOnes() {
        StochasticDepthSettings own = SampleNetwork.RESNET20.settings();

        SequentialBlock uniform =
                SampleNetwork.RESNET20.create(
                        10, own.withDrop(0.2).withDistribution(Distribution.UNIFORM));
        SequentialBlock block =
                SampleNetwork.RESNET20.create(
                        10, own.withMethod(StochasticMethod.BLOCK).withScaling(Scaling.TRAINING));

        assertThat(StochasticDepth.find(uniform))
                .hasSize(9)
                .allMatch(unit -> unit.getClass() != StochasticResidualBlock.class)
                .allMatch(unit -> unit.getDropRate() == 0.2f);
        assertThat(StochasticDepth.find(block))
                .hasSize(9)
                .allMatch(unit -> unit.getClass() == StochasticResidualBlock.class)
                .allMatch(unit -> unit.getMethod() == StochasticMethod.BLOCK)
                .allMatch(unit -> unit.getScaling() == Scaling.TRAINING);
        assertThat(StochasticBlocks.dropRates(block)).isEqualTo(SampleNetwork.RESNET20.dropRates());
    }

    @Test
    void theModelOptionListsAndAcceptsTheCatalogue() {
        String usage =
                Main.commandLine()
                        .getSubcommands()
                        .get("train")
                        .getUsageMessage()
                        .replaceAll("\\s+", " ");

        assertThat(usage).contains("one of: " + String.join(", ", SampleNetwork.ids()) + ".");
        assertThat(SampleNetwork.ids()).hasSize(SampleNetwork.values().length).contains("vit");
        for (String id : SampleNetwork.ids()) {
            assertThat(SampleNetwork.forId(id.toUpperCase(Locale.ROOT)).id()).isEqualTo(id);
        }
    }

    @Test
    void onlyTheCifarResNetsHaveAZooResNetV1() {
        List<SampleNetwork> withZoo =
                Arrays.stream(SampleNetwork.values())
                        .filter(
                                network -> {
                                    try {
                                        network.zooResNet(10);
                                        return true;
                                    } catch (IllegalArgumentException e) {
                                        return false;
                                    }
                                })
                        .toList();

        assertThat(withZoo)
                .containsExactly(
                        SampleNetwork.RESNET20, SampleNetwork.RESNET56, SampleNetwork.RESNET110);
        assertThatThrownBy(() -> SampleNetwork.VIT.zooResNet(10))
                .hasMessage(
                        "--surgery trains model-zoo ResNetV1, whose 28x28 layout exists for"
                                + " resnet20, resnet56 and resnet110, not vit");
    }
}
