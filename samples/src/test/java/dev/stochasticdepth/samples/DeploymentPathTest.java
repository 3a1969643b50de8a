package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.resnet.StochasticResNet20;
import dev.stochasticdepth.samples.training.Predictions;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment path from the command line: {@code train --save}, then {@code export} folds the
 * stochastic network and the saved file, loaded into the plain network (or DJL's untouched
 * ResNetV1), serves the same predictions through DJL's {@code Predictor}; {@code prune} measures
 * both saved networks as blocks go.
 */
class DeploymentPathTest {

    private static final Pattern ACCURACY = Pattern.compile("test accuracy (\\d+\\.\\d+)%");

    @TempDir static Path folder;

    private static final CommandRunner RUNNER = new CommandRunner();

    @BeforeAll
    static void trainAndSave() {
        for (String kind : List.of("generated", "surgery")) {
            List<String> args =
                    List.of(
                            "train",
                            "--epochs",
                            "1",
                            "--limit",
                            "128",
                            "--precise-bn",
                            "0",
                            "--save",
                            folder.resolve(kind).toString(),
                            "--out",
                            folder.resolve(kind + "-results").toString());
            if (kind.equals("surgery")) {
                args = new java.util.ArrayList<>(args);
                args.add("--surgery");
            }
            assertThat(RUNNER.run(args.toArray(String[]::new))).as(RUNNER.err()).isZero();
            assertThat(RUNNER.out()).contains("saved both networks in");
        }
    }

    @Test
    void trainSavesBothNetworksWithTheirRecipes() throws Exception {
        for (String name : List.of(SavedNetwork.STOCHASTIC, SavedNetwork.PLAIN)) {
            assertThat(folder.resolve("generated").resolve(name + "-0001.params")).isNotEmptyFile();
            SavedNetwork recipe = SavedNetwork.read(folder.resolve("generated"), name);
            assertThat(recipe.network()).isEqualTo(SampleNetwork.RESNET20);
            assertThat(recipe.stochastic()).isEqualTo(name.equals(SavedNetwork.STOCHASTIC));
            assertThat(recipe.dropRates()).hasSize(9).last().isEqualTo(0.5f);
            assertThat(recipe.settings()).isEqualTo(StochasticResNet20.SETTINGS);
            assertThat(recipe.testImages().size()).isEqualTo(128);
        }
        // The default run trains, saves and rebuilds the generated blocks, not surgery's.
        Path generated = folder.resolve("generated");
        SavedNetwork saved = SavedNetwork.read(generated, SavedNetwork.STOCHASTIC);
        assertThat(StochasticDepth.find(saved.build()))
                .hasSize(9)
                .allMatch(block -> block.getClass() == StochasticResNet20.BasicUnitBlock.class);
    }

    /** A recipe names the drop and the distribution, and the rates it keeps must be theirs. */
    @Test
    void aRecipeKeepsItsSettingsAndRefusesRatesThatAreNotTheirs() throws Exception {
        Path generated = folder.resolve("generated");
        String recipe = Files.readString(generated.resolve(SavedNetwork.STOCHASTIC + ".properties"));
        assertThat(recipe).contains("drop=0.5").contains("distribution=LINEAR");

        Path tampered = folder.resolve("tampered");
        Files.createDirectories(tampered);
        Files.writeString(
                tampered.resolve(SavedNetwork.STOCHASTIC + ".properties"),
                recipe.replace("distribution=LINEAR", "distribution=UNIFORM"));
        assertThatThrownBy(() -> SavedNetwork.read(tampered, SavedNetwork.STOCHASTIC))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("are not those of drop 0.5 UNIFORM over resnet20");
    }

    /**
     * A recipe as {@code train --save} wrote it before the recipe held one settings value, with the
     * rates that name its schedule: it reads into the settings that give those rates.
     */
    @Test
    void aRecipeReadsIntoTheSettingsItsRatesFollow() throws Exception {
        Path old = folder.resolve("old-recipe");
        Files.createDirectories(old);
        List<Float> efficientNet = SampleNetwork.EFFICIENTNET_MINI.dropRates();
        Files.writeString(
                old.resolve("stochastic.properties"),
                String.join(
                        "\n",
                        "network=efficientnet-mini",
                        "surgery=false",
                        "stochastic=true",
                        "dropRates="
                                + String.join(
                                        ",", efficientNet.stream().map(String::valueOf).toList()),
                        "method=BLOCK",
                        "scaling=TRAINING",
                        "skipDropped=false",
                        "data=bundled",
                        "limit=128"));

        SavedNetwork recipe = SavedNetwork.read(old, SavedNetwork.STOCHASTIC);

        assertThat(recipe.settings().distribution()).isEqualTo(Distribution.LINEAR_FROM_ZERO);
        assertThat(recipe.settings().method()).isEqualTo(StochasticMethod.BLOCK);
        assertThat(recipe.settings().scaling()).isEqualTo(Scaling.TRAINING);
        assertThat(recipe.dropRates()).isEqualTo(efficientNet);
        assertThat(StochasticBlocks.dropRates(recipe.build())).isEqualTo(efficientNet);
        Files.writeString(
                old.resolve("plain.properties"),
                Files.readString(old.resolve("stochastic.properties"))
                        .replace("dropRates=0.0,", "dropRates=0.5,"));
        assertThatThrownBy(() -> SavedNetwork.read(old, SavedNetwork.PLAIN))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("follow no distribution over efficientnet-mini");
    }

    @Test
    void exportServesWhatTheStochasticNetworkServedAtInference() throws Exception {
        Path saved = folder.resolve("generated");
        Path served = folder.resolve("served");
        assertThat(
                        RUNNER.run(
                                "export",
                                "--from",
                                saved.toString(),
                                "--out",
                                served.toString(),
                                "--precise-bn",
                                "0"))
                .as(RUNNER.err())
                .isZero();
        List<Double> accuracies = accuracies(RUNNER.out());
        assertThat(accuracies).hasSize(2);
        assertThat(accuracies.get(1)).isEqualTo(accuracies.get(0));
        assertThat(RUNNER.out()).contains("same predicted class on 128 of 128 test images");

        // Independently of the command: the served file in a fresh plain ResNet-20, through a
        // Predictor, against the stochastic network at inference. Fold reorders one product per
        // layer: logits of order 10 agree to about 1e-5.
        SavedNetwork recipe = SavedNetwork.read(saved, SavedNetwork.STOCHASTIC);
        FashionMnist.Split test = recipe.testImages();
        Predictions expected;
        try (Model model = recipe.load(saved, SavedNetwork.STOCHASTIC)) {
            expected = Predictions.of(model, test, 32);
        }
        try (Model model = Model.newInstance("served")) {
            model.setBlock(SampleNetwork.RESNET20.plain(FashionMnist.CLASSES));
            model.load(served, ExportCommand.SERVED);
            Predictions actual = Predictions.of(model, test, 32);
            assertThat(actual.maxDifference(expected))
                    .isLessThan(1e-4 * Math.max(1, expected.maxMagnitude()));
        }
    }

    /** With precise batch norm (the default), the re-estimated statistics are what is served. */
    @Test
    void aSurgeryNetworkExportsIntoDjlsUntouchedResNetV1() throws Exception {
        Path saved = folder.resolve("surgery");
        Path served = folder.resolve("served-resnetv1");
        assertThat(RUNNER.run("export", "--from", saved.toString(), "--out", served.toString()))
                .as(RUNNER.err())
                .isZero();
        assertThat(RUNNER.out()).contains("loaded into DJL's untouched ResNetV1");
        List<Double> accuracies = accuracies(RUNNER.out());
        assertThat(accuracies.get(1)).isEqualTo(accuracies.get(0));
        try (Model model = Model.newInstance("served")) {
            model.setBlock(SampleNetwork.RESNET20.zooResNet(FashionMnist.CLASSES));
            model.load(served, ExportCommand.SERVED);
            Predictions actual =
                    Predictions.of(model, FashionMnist.bundled().test().first(128), 32);
            assertThat(100 * actual.accuracy()).isCloseTo(accuracies.get(1), within(0.005));
        }
    }

    @Test
    void pruneMeasuresBothNetworksAsTheHighestRatesGo() throws Exception {
        Path results = folder.resolve("prune");
        assertThat(
                        RUNNER.run(
                                "prune",
                                "--from",
                                folder.resolve("generated").toString(),
                                "--max",
                                "3",
                                "--out",
                                results.toString()))
                .as(RUNNER.err())
                .isZero();
        assertThat(RUNNER.out())
                .contains("batch norm re-estimated after every removal over 50 batches")
                .contains("| blocks removed | last removed (l, p_l) |");
        List<String> csv = Files.readAllLines(results.resolve("prune-resnet20.csv"));
        assertThat(csv).hasSize(5);
        // ResNet-20's rates rise with depth: blocks 9, 8, 7 go first; 7 opens its stage with a
        // projection, which stays.
        assertThat(csv.get(2)).startsWith("1,9,0.5,\"ReLU\",");
        assertThat(csv.get(3)).startsWith("2,8,");
        assertThat(csv.get(4)).startsWith("3,7,").contains("\"the projection, then ReLU\"");
        assertThat(results.resolve("prune-resnet20.png")).isNotEmptyFile();
        assertThat(results.resolve("prune-resnet20.txt")).isNotEmptyFile();
    }

    @Test
    void badInputIsOneLine() {
        Path missing = folder.resolve("nothing-here");
        assertThat(RUNNER.badInput("export", "--from", missing.toString()))
                .startsWith("stochastic-depth-samples export: no saved network stochastic in");
        assertThat(
                        RUNNER.badInput(
                                "prune",
                                "--from",
                                folder.resolve("generated").toString(),
                                "--max",
                                "10"))
                .isEqualTo(
                        "stochastic-depth-samples prune: --max must be in 0..9 for resnet20, got"
                                + " 10");
        assertThat(RUNNER.badInput("export", "--precise-bn", "-1"))
                .isEqualTo(
                        "stochastic-depth-samples export: --precise-bn must be at least 0, got"
                                + " -1");
    }

    private static List<Double> accuracies(String out) {
        Matcher matcher = ACCURACY.matcher(out);
        List<Double> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(Double.parseDouble(matcher.group(1)));
        }
        return found;
    }

    private static org.assertj.core.data.Offset<Double> within(double offset) {
        return org.assertj.core.data.Offset.offset(offset);
    }
}
