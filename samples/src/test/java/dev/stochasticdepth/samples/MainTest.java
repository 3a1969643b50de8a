package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/** Runs the command line in process, as {@code main} would without its {@code System.exit}. */
class MainTest {

    @TempDir Path folder;

    private final CommandRunner runner = new CommandRunner();

    private int run(String... args) {
        return runner.run(args);
    }

    /**
     * Trains on 16 training and 16 test images in batches of 8, writing to the temporary folder.
     */
    private int trainQuickly(String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--limit", "16", "--batch", "8"));
        args.addAll(List.of(options));
        args.addAll(List.of("--out", folder.toString()));
        return run(args.toArray(String[]::new));
    }

    /** Asserts exit status 2 and exactly one line on standard error, which is returned. */
    private String badInput(String... args) {
        return runner.badInput(args);
    }

    /**
     * Without {@code --limit}, the bundled subset's first 2,000 training images and its 2,000 test
     * images, as the README's main job says.
     */
    @Test
    void theBundledSubsetDefaultsToItsFirstTwoThousandTrainingImages() {
        String[] args = {
            "train", "--epochs", "1", "--batch", "500", "--precise-bn", "0", "--out",
            folder.toString()
        };
        assertThat(run(args)).isZero();
        assertThat(runner.out()).contains("; 2000 training and 2000 test images from ");
    }

    /** Only commands that load libtorch pay for the oneDNN probe; bad input is reported first. */
    @Test
    void onlyTrainingCommandsRunTheOneDnnGuard() {
        assertThat(Main.trains(new String[] {"train"})).isTrue();
        assertThat(Main.trains(new String[] {"compare", "--seeds", "1-2"})).isTrue();
        assertThat(Main.trains(new String[] {"rates"})).isFalse();
        assertThat(Main.trains(new String[] {"train", "--help"})).isFalse();
        assertThat(Main.trains(new String[] {"train", "--epochs", "x"})).isFalse();
        assertThat(Main.trains(new String[] {})).isFalse();
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        assertThat(badInput("train", "--model", "resnet7"))
                .startsWith(
                        "stochastic-depth-samples train: Invalid value for option '--model':"
                                + " unknown model 'resnet7', expected one of resnet20,");
    }

    @Test
    void negativeEpochs() {
        assertThat(badInput("train", "--epochs", "-1"))
                .isEqualTo("stochastic-depth-samples train: epochs must be at least 1, got -1");
    }

    @Test
    void dropRateOutOfRange() {
        assertThat(badInput("train", "--drop", "2"))
                .isEqualTo(
                        "stochastic-depth-samples train: --drop: drop must be in [0, 1), got 2.0");
        assertThat(badInput("rates", "--drop", "NaN"))
                .isEqualTo(
                        "stochastic-depth-samples rates: --drop: drop must be in [0, 1), got NaN");
    }

    @Test
    void folderWithoutTheIdxFiles() {
        assertThat(badInput("train", "--data", folder.toString()))
                .isEqualTo(
                        "stochastic-depth-samples train: data folder "
                                + folder
                                + " has no train-images-idx3-ubyte.gz (it needs the four original"
                                + " Fashion-MNIST idx .gz files)");
    }

    @Test
    void corruptDataFile() throws IOException {
        for (String name :
                List.of(
                        "train-images-idx3-ubyte.gz",
                        "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz")) {
            Files.writeString(folder.resolve(name), "not gzip");
        }

        assertThat(badInput("train", "--data", folder.toString()))
                .isEqualTo(
                        "stochastic-depth-samples train: train-images-idx3-ubyte.gz: not a valid"
                                + " gzip file (Not in GZIP format)");
    }

    @Test
    void otherBadInput() {
        assertThat(badInput())
                .isEqualTo(
                        "stochastic-depth-samples: missing command: train, compare, export,"
                                + " prune, rates or help");
        assertThat(badInput("train", "--bogus")).contains("Unknown option: '--bogus'");
        assertThat(badInput("train", "--batch", "0"))
                .endsWith("batch size must be at least 1, got 0");
        assertThat(badInput("train", "--limit", "0")).endsWith("--limit must be at least 1, got 0");
        assertThat(badInput("train", "--distribution", "CUBIC")).contains("CUBIC");
        assertThat(badInput("train", "--warmup", "-1"))
                .endsWith("--warmup must be at least 0, got -1");
        assertThat(badInput("train", "--surgery", "--model", "resnet18"))
                .endsWith(
                        "--surgery trains model-zoo ResNetV1, whose 28x28 layout exists for"
                                + " resnet20, resnet56 and resnet110, not resnet18");
        assertThat(badInput("train", "--method", "BLOCK", "--skip-dropped"))
                .endsWith(
                        "skipDropped applies to method SAMPLE only; BLOCK never runs a dropped"
                                + " branch");
    }

    @Test
    void ratesPrintsTheCompiledScheduleAndChartsIt() throws IOException {
        assertThat(run("rates", "--model", "resnet20", "--out", folder.toString())).isZero();

        List<String> lines = runner.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("resnet20, drop 0.5, the definition's schedule");
        assertThat(lines.get(1)).isEqualTo("block  drop rate  survival");
        assertThat(lines.get(2)).isEqualTo("    1     0.0556    0.9444");
        assertThat(lines.get(10)).isEqualTo("    9     0.5000    0.5000");
        Path png = folder.resolve("rates-resnet20.png");
        assertThat(lines.get(11)).isEqualTo("wrote " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(560);
        assertThat(image.getHeight()).isEqualTo(420);
    }

    @Test
    void ratesUnderAnotherSchedule() {
        assertThat(
                        run(
                                "rates",
                                "--model",
                                "resnet110",
                                "--drop",
                                "0.2",
                                "--distribution",
                                "uniform",
                                "--out",
                                folder.toString()))
                .isZero();

        List<String> lines = runner.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("resnet110, drop 0.2 UNIFORM");
        assertThat(lines.subList(2, lines.size() - 1))
                .hasSize(54)
                .allSatisfy(line -> assertThat(line).endsWith("     0.2000    0.8000"));
    }

    @Test
    void trainWritesTheTableTheCurvesAndTheChart() throws IOException {
        int status = trainQuickly("--epochs", "2");

        assertThat(status).isZero();
        assertThat(runner.err()).isEmpty();
        String table = Files.readString(folder.resolve("train-resnet20.txt"));
        assertThat(runner.out()).contains(table);
        assertThat(table.lines())
                .hasSize(3)
                .satisfiesExactly(
                        header ->
                                assertThat(header).startsWith("network").contains("test accuracy"),
                        row -> assertThat(row).startsWith("resnet20 stochastic depth "),
                        row -> assertThat(row).startsWith("resnet20 plain "));
        assertThat(Files.readAllLines(folder.resolve("train-resnet20.csv")))
                .hasSize(5)
                .element(1)
                .asString()
                .startsWith("resnet20 stochastic depth,1,");
        BufferedImage chart = ImageIO.read(folder.resolve("train-resnet20.png").toFile());
        assertThat(chart.getWidth()).isEqualTo(3 * 560);
    }

    @Test
    void otherMethodSchedulesAndWarmupRunThroughSurgeryOnTheGeneratedNetwork() {
        int status =
                trainQuickly(
                        "--method", "block",
                        "--drop", "0.3",
                        "--distribution", "UNIFORM",
                        "--warmup", "2",
                        "--epochs", "1");

        assertThat(status).isZero();
        assertThat(runner.out().lines().findFirst())
                .hasValue(
                        "resnet20, 9 stochastic blocks, drop 0.3 UNIFORM, BLOCK, INFERENCE, warmup"
                                + " over 2 batches; 16 training and 16 test images from the"
                                + " bundled subset");
    }

    @Test
    void surgeryTrainsTheModelZooResNet() {
        int status = trainQuickly("--surgery", "--epochs", "1");

        assertThat(status).isZero();
        assertThat(runner.out().lines().findFirst())
                .hasValue(
                        "ResNetV1-20, 9 stochastic blocks, drop 0.5, the definition's schedule,"
                                + " SAMPLE, INFERENCE; 16 training and 16 test images from the"
                                + " bundled subset");
        assertThat(folder.resolve("train-resnet20.png")).exists();
    }
}
