package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.SurgeryModels.basicResNet20;
import static dev.stochasticdepth.runtime.SurgeryModels.resNet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The structure of the models {@link StochasticDepth} rewrites; no arrays are involved. */
class StochasticDepthTest {

    @ParameterizedTest(name = "ResNetV1-{0} has {1} units, {2}")
    @CsvSource({
        "18, 8, LINEAR",
        "34, 16, UNIFORM",
        "50, 16, LINEAR_FROM_ZERO",
        "101, 33, LINEAR",
        "152, 50, LINEAR"
    })
    void rewritesEveryResNetV1Unit(int depth, int units, Distribution distribution) {
        SequentialBlock net = resNet(depth);
        List<Block> unitBlocks =
                net.getChildren().values().stream()
                        .filter(ParallelBlock.class::isInstance)
                        .toList();
        assertThat(unitBlocks).hasSize(units);

        Block rewritten =
                StochasticDepth.builder()
                        .drop(0.3)
                        .distribution(distribution)
                        .method(StochasticMethod.BLOCK)
                        .scaling(Scaling.TRAINING)
                        .build()
                        .apply(net);

        assertThat(rewritten).isSameAs(net);
        List<StochasticResidualBlock> found = StochasticDepth.find(net);
        assertThat(found).hasSize(units);
        for (int l = 1; l <= units; l++) {
            StochasticResidualBlock block = found.get(l - 1);
            Block unit = unitBlocks.get(l - 1);
            assertThat(block.getDropRate()).isEqualTo((float) distribution.rate(l, units, 0.3));
            assertThat(block.getBranch()).isSameAs(unit.getChildren().valueAt(0));
            assertThat(block.getShortcut()).isSameAs(unit.getChildren().valueAt(1));
            assertThat(block.getPostActivation()).isEqualTo(PostActivation.RELU);
            assertThat(block.getMethod()).isEqualTo(StochasticMethod.BLOCK);
            assertThat(block.getScaling()).isEqualTo(Scaling.TRAINING);
        }
        assertThat(net.getChildren().values())
                .noneMatch(child -> child.getClass() == ParallelBlock.class);
    }

    @Test
    void rewritesBasicUnits() {
        SequentialBlock net = basicResNet20();

        StochasticDepth.builder().drop(0.5).skipDropped(true).build().apply(net);

        List<StochasticResidualBlock> found = StochasticDepth.find(net);
        assertThat(found).hasSize(9);
        assertThat(found).allMatch(StochasticResidualBlock::isSkipDropped);
        assertThat(found.get(8).getDropRate()).isEqualTo(0.5f);
        assertThat(found.get(0).getBranch().getChildren()).hasSize(5);
    }

    @Test
    void rewritesTheModelItselfWhenItIsAResidual() {
        Block unit = resNet(18).getChildren().valueAt(1);

        Block rewritten = StochasticDepth.builder().drop(0.2).build().apply(unit);

        assertThat(rewritten).isInstanceOf(StochasticResidualBlock.class);
        assertThat(((StochasticResidualBlock) rewritten).getDropRate()).isEqualTo(0.2f);
        assertThat(((StochasticResidualBlock) rewritten).getBranch())
                .isSameAs(unit.getChildren().valueAt(0));
    }

    @Test
    void applyingAgainReRatesWithoutWrappingTwice() {
        SequentialBlock net = resNet(18);
        StochasticDepth.builder().drop(0.2).build().apply(net);
        List<StochasticResidualBlock> first = StochasticDepth.find(net);

        StochasticDepth.builder().drop(0.6).distribution(Distribution.UNIFORM).build().apply(net);

        List<StochasticResidualBlock> second = StochasticDepth.find(net);
        assertThat(second).hasSize(8);
        for (int i = 0; i < 8; i++) {
            // Same settings: the very same blocks, only re-rated.
            assertThat(second.get(i)).isSameAs(first.get(i));
            assertThat(second.get(i).getDropRate()).isEqualTo(0.6f);
            assertThat(StochasticDepth.find(second.get(i).getBranch())).isEmpty();
            assertThat(second.get(i).getBranch()).isNotInstanceOf(StochasticResidualBlock.class);
        }
    }

    @Test
    void applyingOtherSettingsSwapsBlocksOverTheSameChildren() {
        SequentialBlock net = resNet(18);
        StochasticDepth.builder().drop(0.2).build().apply(net);
        List<StochasticResidualBlock> first = StochasticDepth.find(net);
        DropObserver observer = (block, rate, kept, samples) -> {};
        first.get(3).setDropObserver(observer);

        StochasticDepth.builder().drop(0.4).method(StochasticMethod.BLOCK).build().apply(net);

        List<StochasticResidualBlock> second = StochasticDepth.find(net);
        assertThat(second).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(second.get(i)).isNotSameAs(first.get(i));
            assertThat(second.get(i).getMethod()).isEqualTo(StochasticMethod.BLOCK);
            assertThat(second.get(i).getBranch()).isSameAs(first.get(i).getBranch());
            assertThat(second.get(i).getShortcut()).isSameAs(first.get(i).getShortcut());
            assertThat(second.get(i).getDropRate())
                    .isEqualTo((float) Distribution.LINEAR.rate(i + 1, 8, 0.4));
        }
        assertThat(second.get(3).getDropObserver()).isSameAs(observer);
    }

    @Test
    void recognisesResidualsPlainBlocks() {
        SequentialBlock net = new SequentialBlock();
        for (int i = 0; i < 3; i++) {
            net.add(
                    Residuals.plain(
                            Linear.builder().setUnits(4).build(),
                            Blocks.identityBlock(),
                            i == 1 ? PostActivation.NONE : PostActivation.RELU));
        }

        StochasticDepth.builder()
                .drop(0.3)
                .distribution(Distribution.LINEAR_FROM_ZERO)
                .build()
                .apply(net);

        List<StochasticResidualBlock> found = StochasticDepth.find(net);
        assertThat(found)
                .extracting(StochasticResidualBlock::getPostActivation)
                .containsExactly(PostActivation.RELU, PostActivation.NONE, PostActivation.RELU);
        assertThat(found)
                .extracting(StochasticResidualBlock::getDropRate)
                .containsExactly(0f, 0.15f, 0.3f);
    }

    @Test
    void stripSwapsEachStochasticBlockForItsPlainTwin() {
        SequentialBlock net = resNet(34);
        StochasticDepth.builder().drop(0.2).build().apply(net);
        List<StochasticResidualBlock> stochastic = StochasticDepth.find(net);

        assertThat(StochasticDepth.strip(net)).isSameAs(net);

        assertThat(StochasticDepth.find(net)).isEmpty();
        List<Block> plain =
                net.getChildren().values().stream()
                        .filter(ParallelBlock.class::isInstance)
                        .toList();
        assertThat(plain).hasSize(16);
        for (int i = 0; i < 16; i++) {
            assertThat(plain.get(i).getChildren().values())
                    .containsExactly(
                            stochastic.get(i).getBranch(), stochastic.get(i).getShortcut());
        }
        // The plain twins are recognised again.
        StochasticDepth.builder().drop(0.2).build().apply(net);
        assertThat(StochasticDepth.find(net)).hasSize(16);
        SequentialBlock noResiduals = new SequentialBlock().add(Blocks.identityBlock());
        assertThat(StochasticDepth.strip(noResiduals)).isSameAs(noResiduals);
    }

    @Test
    void customMatchersDescribeOtherResidualsAndComeFirst() {
        ParallelBlock custom = additiveResidual();
        SequentialBlock net = new SequentialBlock().add(custom).add(resNet(18));
        List<Block> seen = new ArrayList<>();
        ResidualMatcher additive =
                block -> {
                    seen.add(block);
                    return block == custom ? Optional.of(withoutRelu(block)) : Optional.empty();
                };
        ResidualMatcher resNetWithoutRelu =
                block ->
                        block.getClass() == ParallelBlock.class && block != custom
                                ? Optional.of(withoutRelu(block))
                                : Optional.empty();

        StochasticDepth.builder()
                .drop(0.9)
                .matcher(additive)
                .matcher(resNetWithoutRelu)
                .build()
                .apply(net);

        List<StochasticResidualBlock> found = StochasticDepth.find(net);
        assertThat(found).hasSize(9);
        assertThat(found.get(0).getBranch()).isSameAs(custom.getChildren().valueAt(0));
        assertThat(found).allMatch(block -> block.getPostActivation() == PostActivation.NONE);
        assertThat(found.get(0).getDropRate()).isEqualTo((float) (0.9 / 9));
        assertThat(seen).startsWith(net, custom);
    }

    @Test
    void entersParallelBlocksAndSwapsInsideTheirSequentialChildren() {
        SequentialBlock left = resNet(18);
        SequentialBlock right = basicResNet20();
        ParallelBlock twoTowers =
                new ParallelBlock(StochasticDepthTest::allOutputs, List.of(left, right));

        assertThat(StochasticDepth.builder().drop(0.5).build().apply(twoTowers))
                .isSameAs(twoTowers);

        List<StochasticResidualBlock> found = StochasticDepth.find(twoTowers);
        assertThat(found).hasSize(17);
        assertThat(found.subList(0, 8)).containsExactlyElementsOf(StochasticDepth.find(left));
        assertThat(found.get(16).getDropRate()).isEqualTo(0.5f);
    }

    @Test
    void refusesAResidualThatOnlyAParallelBlockHolds() {
        SequentialBlock net = resNet(18);
        Block unit = resNet(18).getChildren().valueAt(1);
        ParallelBlock holder = new ParallelBlock(StochasticDepthTest::allOutputs, List.of(unit));
        net.add(holder);

        assertThatThrownBy(() -> StochasticDepth.builder().drop(0.5).build().apply(net))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "cannot swap residual block 9 (ai.djl.nn.ParallelBlock): it sits directly"
                                + " in a ai.djl.nn.ParallelBlock, and only a SequentialBlock can"
                                + " swap a child; wrap it in a SequentialBlock or describe the"
                                + " enclosing block with a matcher");
        assertThat(StochasticDepth.find(net)).as("the model is unchanged").isEmpty();
    }

    @Test
    void refusesAModelWithoutResiduals() {
        SequentialBlock net = new SequentialBlock().add(additiveResidual());

        assertThatThrownBy(() -> StochasticDepth.builder().drop(0.5).build().apply(net))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "no residual block found in ai.djl.nn.SequentialBlock: surgery recognises"
                                + " ResNetV1 units, MobileNetV2 inverted residuals, Residuals.plain"
                                + " blocks and StochasticResidualBlocks; describe other kinds with"
                                + " StochasticDepth.builder().matcher(...)");
    }

    @Test
    void takesAllFiveSettingsAsOneValue() {
        StochasticDepthSettings settings =
                StochasticDepthSettings.of(0.3)
                        .withDistribution(Distribution.UNIFORM)
                        .withMethod(StochasticMethod.BLOCK)
                        .withScaling(Scaling.TRAINING);
        StochasticDepth surgery = StochasticDepth.builder().settings(settings).build();
        assertThat(surgery.getSettings()).isEqualTo(settings);
        assertThat(StochasticDepth.builder().drop(0.3).build().getSettings())
                .isEqualTo(StochasticDepthSettings.of(0.3));
    }

    @Test
    void rejectsEveryBadSetting() {
        assertBadSetting(b -> {}, "drop must be set: call drop(rate) with a rate in [0, 1)");
        assertBadSetting(b -> b.drop(1.0), "drop must be in [0, 1), got 1.0");
        assertBadSetting(b -> b.drop(-0.1), "drop must be in [0, 1), got -0.1");
        assertBadSetting(b -> b.drop(Double.NaN), "drop must be in [0, 1), got NaN");
        assertBadSetting(b -> b.drop(0.1).distribution(null), "distribution must not be null");
        assertBadSetting(b -> b.drop(0.1).method(null), "method must not be null");
        assertBadSetting(b -> b.drop(0.1).scaling(null), "scaling must not be null");
        assertBadSetting(
                b -> b.drop(0.1).method(StochasticMethod.BLOCK).skipDropped(true),
                "skipDropped applies to method SAMPLE only; BLOCK never runs a dropped branch");
        assertBadSetting(
                b -> b.drop(0.1).matcher(block -> Optional.empty()).matcher(null),
                "matcher 1 must not be null");
    }

    private static void assertBadSetting(
            Consumer<StochasticDepth.Builder> setting, String message) {
        StochasticDepth.Builder builder = StochasticDepth.builder();
        setting.accept(builder);
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    /** Describes a two-child block as {@code branch(x) + shortcut(x)} with no activation. */
    private static ResidualMatcher.Match withoutRelu(Block block) {
        return new ResidualMatcher.Match(
                block.getChildren().valueAt(0),
                block.getChildren().valueAt(1),
                PostActivation.NONE);
    }

    /** A merge that is no residual: it returns every child's outputs. */
    private static NDList allOutputs(List<NDList> outputs) {
        return new NDList(outputs.stream().flatMap(NDList::stream).toList());
    }

    /** A residual {@code linear(x) + x} that no built-in rule knows. */
    private static ParallelBlock additiveResidual() {
        return new ParallelBlock(
                outputs ->
                        new NDList(
                                outputs.get(0)
                                        .singletonOrThrow()
                                        .add(outputs.get(1).singletonOrThrow())),
                List.of(Linear.builder().setUnits(4).build(), Blocks.identityBlock()));
    }
}
