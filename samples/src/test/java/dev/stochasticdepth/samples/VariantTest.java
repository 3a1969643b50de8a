package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.samples.resnet.StochasticResNet18;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class VariantTest {

    private static final SampleNetwork RESNET20 = SampleNetwork.RESNET20;

    @Test
    void givenKeysOverTheDefinition() {
        Variant.Spec variant = Variant.parse("method=block, drop=0.1");

        assertThat(variant)
                .isEqualTo(
                        new Variant.Spec(
                                "method=BLOCK drop=0.1",
                                Map.of("drop", 0.1, "method", StochasticMethod.BLOCK)));
        Variant resolved = variant.resolve(RESNET20);
        assertThat(resolved)
                .isEqualTo(
                        new Variant(
                                "method=BLOCK drop=0.1",
                                new StochasticDepthSettings(
                                        0.1,
                                        Distribution.LINEAR,
                                        StochasticMethod.BLOCK,
                                        Scaling.INFERENCE,
                                        false),
                                0));
        assertThat(resolved.settingValues())
                .containsExactly("0.1", "LINEAR", "BLOCK", "INFERENCE", "false", "0");
        assertThat(resolved.describe())
                .isEqualTo(
                        "drop=0.1 distribution=LINEAR method=BLOCK scaling=INFERENCE skip=false"
                                + " warmup=0");
    }

    @Test
    void everyKey() {
        Variant.Spec variant =
                Variant.parse(
                        "drop=0.2,distribution=uniform,method=SAMPLE,scaling=Training,skip=TRUE,"
                                + "warmup=10,label=all of them");

        assertThat(variant.label()).isEqualTo("all of them");
        assertThat(variant.given())
                .containsOnlyKeys("drop", "distribution", "method", "scaling", "skip", "warmup");
        // Every setting given: none is the network's.
        for (SampleNetwork network : List.of(RESNET20, SampleNetwork.VIT)) {
            assertThat(variant.resolve(network))
                    .isEqualTo(
                            new Variant(
                                    "all of them",
                                    new StochasticDepthSettings(
                                            0.2,
                                            Distribution.UNIFORM,
                                            StochasticMethod.SAMPLE,
                                            Scaling.TRAINING,
                                            true),
                                    10));
        }
        assertThat(Variant.KEYS)
                .extracting(Variant.Key::name)
                .containsExactly("drop", "distribution", "method", "scaling", "skip", "warmup");
    }

    @Test
    void theDefinitionsOwnSettings() {
        assertThat(Variant.definitionDefault().resolve(RESNET20).describe())
                .isEqualTo(
                        "drop=0.5 distribution=LINEAR method=SAMPLE scaling=INFERENCE skip=false"
                                + " warmup=0");
        assertThat(Variant.definitionDefault().label()).isEqualTo("stochastic depth");
        assertThat(Variant.definitionDefault().resolve(SampleNetwork.RESNET18).settings())
                .isEqualTo(StochasticDepthSettings.of(0.1))
                .isEqualTo(StochasticResNet18.SETTINGS);
        for (SampleNetwork network : SampleNetwork.values()) {
            // The schedule the catalogue's drop and distribution give is the built network's.
            Variant own = Variant.definitionDefault().resolve(network);
            assertThat(StochasticBlocks.dropRates(own.network(network)))
                    .as(network.id())
                    .isEqualTo(network.dropRates());
        }
    }

    @Test
    void theNetworkHasTheVariantsSettings() {
        Variant.Spec variant = Variant.parse("method=BLOCK,drop=0.3,distribution=UNIFORM,warmup=5");
        Variant resolved = variant.resolve(RESNET20);

        List<StochasticResidualBlock> blocks = StochasticDepth.find(resolved.network(RESNET20));
        assertThat(blocks).hasSize(9);
        assertThat(blocks)
                .allSatisfy(
                        block -> {
                            assertThat(block.getMethod()).isEqualTo(StochasticMethod.BLOCK);
                            assertThat(block.getDropRate()).isEqualTo(0.3f);
                        });
        assertThat(resolved.listeners()).hasSize(1);
        assertThat(Variant.definitionDefault().resolve(RESNET20).listeners()).isEmpty();
        // The definition's own settings need no surgery: the generated network's rates.
        assertThat(
                        StochasticBlocks.dropRates(
                                Variant.definitionDefault().resolve(RESNET20).network(RESNET20)))
                .isEqualTo(SampleNetwork.RESNET20.dropRates());
    }

    @Test
    void badSpecs() {
        // Each SPEC with the one-line message that names what is wrong in it.
        String[][] cases = {
            {
                "foo=1",
                "unknown key 'foo', expected one of drop, distribution, method, scaling, skip,"
                        + " warmup or label"
            },
            {"method=CUBE", "method must be one of SAMPLE, BLOCK, got 'CUBE'"},
            {"drop=1.5", "drop must be in [0, 1), got 1.5"},
            {"drop=high", "drop must be a number, got 'high'"},
            {"warmup=-3", "warmup must be at least 0, got -3"},
            {"warmup=2.5", "warmup must be a whole number of steps, got '2.5'"},
            {"skip=yes", "skip must be true or false, got 'yes'"},
            {"drop=0.1,drop=0.2", "key 'drop' given twice in 'drop=0.1,drop=0.2'"},
            {"drop", "'drop' in 'drop' is not key=value"},
            {"label=Plain", "label 'Plain' is reserved for the plain twin"},
            {"label=", "a variant's label must not be empty"},
            {" ", "empty variant: give key=value pairs such as method=BLOCK,drop=0.1"}
        };
        for (String[] badCase : cases) {
            assertThatThrownBy(() -> Variant.parse(badCase[0]))
                    .as(badCase[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(badCase[1]);
        }
    }
}
