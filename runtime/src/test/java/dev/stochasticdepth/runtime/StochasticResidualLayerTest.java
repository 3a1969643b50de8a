package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.Fixtures.assertBinomial;
import static dev.stochasticdepth.runtime.Fixtures.forward;
import static dev.stochasticdepth.runtime.Fixtures.initialized;
import static dev.stochasticdepth.runtime.Fixtures.parameterFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.Trainer;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Layers of several residuals sharing one rate, as in a pre-norm transformer encoder on token
 * inputs (N, T, D): surgery counts a layer once, strip and fold keep the plain layout, warmup ramps
 * a layer's residuals together, and every residual draws its own bit per sample.
 */
class StochasticResidualLayerTest {

    private static final int TOKENS = 4;
    private static final int DIM = 8;
    private static final Shape TOKEN_BATCH = new Shape(6, TOKENS, DIM);

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(5);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Layer norm, then DJL's multi-head self-attention without attention dropout. */
    static Block attentionBranch() {
        return new SequentialBlock()
                .add(LayerNorm.builder().build())
                .add(
                        ScaledDotProductAttentionBlock.builder()
                                .setEmbeddingSize(DIM)
                                .setHeadCount(2)
                                .optAttentionProbsDropoutProb(0f)
                                .build());
    }

    /** Layer norm, then Linear, GELU, Linear: the transformer MLP. */
    static Block mlpBranch() {
        return new SequentialBlock()
                .add(LayerNorm.builder().build())
                .add(Linear.builder().setUnits(2L * DIM).build())
                .add(Activation::gelu)
                .add(Linear.builder().setUnits(DIM).build());
    }

    /** A plain encoder layer of an attention and an MLP residual, identity shortcuts. */
    private static SequentialBlock plainEncoderLayer() {
        return Residuals.plainLayer(
                List.of(
                        Residuals.plain(
                                attentionBranch(), Blocks.identityBlock(), PostActivation.NONE),
                        Residuals.plain(mlpBranch(), Blocks.identityBlock(), PostActivation.NONE)));
    }

    private static SequentialBlock plainEncoder(int layers) {
        SequentialBlock encoder = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            encoder.add(plainEncoderLayer());
        }
        return encoder;
    }

    private static StochasticDepth surgery(double drop) {
        return StochasticDepth.builder().drop(drop).distribution(Distribution.LINEAR).build();
    }

    @Test
    void surgeryCountsALayerOnceAndGivesAllItsResidualsTheLayersRate() {
        SequentialBlock encoder = plainEncoder(3);

        surgery(0.3).apply(encoder);

        assertThat(encoder.getChildren().values())
                .allMatch(layer -> layer instanceof StochasticResidualLayer);
        List<List<StochasticResidualBlock>> positions = StochasticDepth.findPositions(encoder);
        assertThat(positions).hasSize(3).allMatch(residuals -> residuals.size() == 2);
        for (int l = 0; l < 3; l++) {
            float expected = (float) Distribution.LINEAR.rate(l + 1, 3, 0.3);
            assertThat(positions.get(l))
                    .extracting(StochasticResidualBlock::getDropRate)
                    .containsExactly(expected, expected);
            assertThat(
                            ((StochasticResidualLayer) encoder.getChildren().get(l).getValue())
                                    .getDropRate())
                    .isEqualTo(expected);
        }
        assertThat(StochasticDepth.find(encoder))
                .hasSize(6)
                .containsExactlyElementsOf(positions.stream().flatMap(List::stream).toList());
    }

    @Test
    void surgeryOnAStochasticLayerReRatesItInPlace() {
        SequentialBlock encoder = plainEncoder(2);
        surgery(0.3).apply(encoder);
        Block first = encoder.getChildren().get(0).getValue();

        surgery(0.5).apply(encoder);

        assertThat(encoder.getChildren().get(0).getValue()).isSameAs(first);
        assertThat(StochasticDepth.find(encoder))
                .extracting(StochasticResidualBlock::getDropRate)
                .containsExactly(0.25f, 0.25f, 0.5f, 0.5f);
    }

    @Test
    void stripLeavesAPlainSequentialLayerWithTheSameFileThatSurgeryStillCountsOnce()
            throws Exception {
        SequentialBlock encoder = initialized(plainEncoder(2), manager, TOKEN_BATCH);
        byte[] plainFile = parameterFile(encoder);
        surgery(0.4).apply(encoder);
        assertThat(parameterFile(encoder)).isEqualTo(plainFile);

        StochasticDepth.strip(encoder);

        assertThat(StochasticDepth.find(encoder)).isEmpty();
        for (var layer : encoder.getChildren().values()) {
            assertThat(layer).isInstanceOf(SequentialBlock.class);
            assertThat(layer.getChildren().values())
                    .hasSize(2)
                    .allMatch(residual -> residual instanceof ParallelBlock);
        }
        assertThat(parameterFile(encoder)).isEqualTo(plainFile);
        surgery(0.4).apply(encoder);
        assertThat(StochasticDepth.findPositions(encoder)).hasSize(2);
    }

    @Test
    void aStochasticEncoderLoadsIntoTheHandBuiltPlainEncoder() throws Exception {
        SequentialBlock stochastic = initialized(plainEncoder(2), manager, TOKEN_BATCH);
        surgery(0.4).apply(stochastic);
        SequentialBlock plain = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            plain.add(
                    new SequentialBlock()
                            .add(
                                    Residuals.plain(
                                            attentionBranch(),
                                            Blocks.identityBlock(),
                                            PostActivation.NONE))
                            .add(
                                    Residuals.plain(
                                            mlpBranch(),
                                            Blocks.identityBlock(),
                                            PostActivation.NONE)));
        }
        initialized(plain, manager, TOKEN_BATCH);

        Fixtures.load(plain, manager, parameterFile(stochastic));

        NDArray x = manager.randomNormal(TOKEN_BATCH);
        StochasticDepth.strip(stochastic);
        assertThat(forward(plain, x, false).toFloatArray())
                .containsExactly(forward(stochastic, x, false).toFloatArray());
    }

    @Test
    void foldMovesEachResidualsFactorIntoItsLastLinearLayerIncludingAttentionsProjection() {
        SequentialBlock encoder = initialized(plainEncoder(2), manager, TOKEN_BATCH);
        surgery(0.4).apply(encoder);
        NDArray x = manager.randomNormal(TOKEN_BATCH);
        float[] stochastic = forward(encoder, x, false).toFloatArray();

        StochasticDepth.fold(encoder);

        assertThat(StochasticDepth.find(encoder)).isEmpty();
        float[] folded = forward(encoder, x, false).toFloatArray();
        for (int i = 0; i < stochastic.length; i++) {
            assertThat(folded[i]).as("element %d", i).isCloseTo(stochastic[i], offset(1e-5f));
        }
    }

    @Test
    void warmupRampsBothResidualsOfALayerTogether() {
        SequentialBlock encoder = plainEncoder(2);
        surgery(0.4).apply(encoder);
        Shape batch = new Shape(2, TOKENS, DIM);
        try (Model model = SurgeryModels.model("encoder", encoder);
                Trainer trainer = SurgeryModels.trainer(model, new DropRateWarmup(4), batch)) {
            for (int step = 0; step <= 4; step++) {
                float fraction = step / 4f;
                assertThat(StochasticDepth.find(encoder))
                        .extracting(StochasticResidualBlock::getDropRate)
                        .as("after %d batches", step)
                        .containsExactly(
                                0.2f * fraction, 0.2f * fraction, 0.4f * fraction, 0.4f * fraction);
                SurgeryModels.trainBatches(trainer, batch, 1);
            }
        }
    }

    /**
     * In a real encoder layer on tokens (N, T, D), each residual keeps or drops the whole sample:
     * its output minus its input is either zero at every token and feature or the branch's output,
     * and the two residuals of a layer draw independently. At p = 0.5 over 100,000 samples, the
     * kept counts and the count of samples both residuals kept must fit Binomial(N, 0.5) and
     * Binomial(N, 0.25) within 4 sigma (a correct block fails with probability about 6e-5; the seed
     * makes the draws repeat).
     */
    @Test
    void eachResidualKeepsWholeSamplesOverTokensAndFeaturesAndDrawsItsOwnBits() {
        int samples = 25_000;
        int forwards = 4;
        Shape shape = new Shape(samples, TOKENS, DIM);
        SequentialBlock encoder = initialized(plainEncoder(1), manager, shape);
        surgery(0.5).apply(encoder);
        StochasticResidualLayer layer =
                (StochasticResidualLayer) encoder.getChildren().get(0).getValue();
        StochasticResidualBlock attention = layer.getResiduals().get(0);
        StochasticResidualBlock mlp = layer.getResiduals().get(1);
        long keptAttention = 0;
        long keptMlp = 0;
        long keptBoth = 0;
        for (int i = 0; i < forwards; i++) {
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.randomNormal(shape);
                NDArray afterAttention = forward(attention, x, true);
                boolean[] first = keptSamples(x, afterAttention, attention.getBranch());
                NDArray afterMlp = forward(mlp, afterAttention, true);
                boolean[] second = keptSamples(afterAttention, afterMlp, mlp.getBranch());
                for (int n = 0; n < samples; n++) {
                    keptAttention += first[n] ? 1 : 0;
                    keptMlp += second[n] ? 1 : 0;
                    keptBoth += first[n] && second[n] ? 1 : 0;
                }
            }
        }
        long trials = (long) samples * forwards;
        assertBinomial(keptAttention, trials, 0.5, "attention residual kept");
        assertBinomial(keptMlp, trials, 0.5, "MLP residual kept");
        assertBinomial(keptBoth, trials, 0.25, "both residuals kept");
    }

    /**
     * Returns for each sample whether a residual kept its branch, failing if a sample is neither
     * exactly dropped (output = input everywhere) nor kept (output = input + branch everywhere).
     */
    private static boolean[] keptSamples(NDArray input, NDArray output, Block branch) {
        NDArray change = output.sub(input);
        NDArray branchOutput = forward(branch, input, true);
        int rows = Math.toIntExact(input.getShape().get(0));
        float[] changes = change.toFloatArray();
        float[] branches = branchOutput.toFloatArray();
        int rowLength = changes.length / rows;
        boolean[] kept = new boolean[rows];
        for (int row = 0; row < rows; row++) {
            boolean dropped = true;
            boolean whole = true;
            for (int i = row * rowLength; i < (row + 1) * rowLength; i++) {
                dropped &= changes[i] == 0f;
                whole &=
                        Math.abs(changes[i] - branches[i]) <= 1e-5f + 1e-5f * Math.abs(branches[i]);
            }
            assertThat(dropped || whole)
                    .as("sample %d is dropped or kept at every token and feature", row)
                    .isTrue();
            kept[row] = !dropped;
        }
        return kept;
    }

    @Test
    void aLayerNeedsResidualsAtOneRate() {
        Function<Float, StochasticResidualBlock> residual =
                rate -> Fixtures.maskReader(rate).build();
        assertThatThrownBy(() -> new StochasticResidualLayer(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a residual layer needs at least one residual");
        assertThatThrownBy(
                        () ->
                                new StochasticResidualLayer(
                                        residual.apply(0.1f), residual.apply(0.2f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the residuals of a layer share one drop rate, but residual 0 has 0.1 and"
                                + " residual 1 has 0.2");
        StochasticResidualLayer layer =
                new StochasticResidualLayer(residual.apply(0.1f), residual.apply(0.1f));
        assertThatThrownBy(() -> layer.setDropRate(1.5f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drop must be in [0, 1), got 1.5");
        assertThat(layer.getResiduals())
                .extracting(StochasticResidualBlock::getDropRate)
                .containsExactly(0.1f, 0.1f);
        layer.setDropRate(0.3f);
        assertThat(layer.getResiduals())
                .extracting(StochasticResidualBlock::getDropRate)
                .containsExactly(0.3f, 0.3f);
    }
}
