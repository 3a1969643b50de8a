package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code train}, {@code compare} and {@code rates} with the inverted-residual networks: DJL's
 * model-zoo MobileNetV2 by surgery and the EfficientNet-style network of the DSL.
 */
class InvertedResidualCommandsTest {

    @TempDir Path folder;

    private final CommandRunner runner = new CommandRunner();

    @Test
    void trainTrainsTheZooMobileNetV2BySurgeryBesideTheUntouchedOne() throws IOException {
        int status =
                runner.run(
                        "train", "--model", "mobilenetv2", "--limit", "16", "--batch", "8",
                        "--epochs", "1", "--out", folder.toString());

        assertThat(status).isZero();
        assertThat(runner.err()).isEmpty();
        assertThat(runner.out().lines().findFirst())
                .hasValue(
                        "mobilenetv2, 10 stochastic blocks, drop 0.2, the definition's schedule,"
                                + " SAMPLE, INFERENCE; 16 training and 16 test images from the"
                                + " bundled subset");
        assertThat(Files.readAllLines(folder.resolve("train-mobilenetv2.txt")))
                .hasSize(3)
                .satisfies(
                        lines -> {
                            assertThat(lines.get(1)).startsWith("mobilenetv2 stochastic depth ");
                            assertThat(lines.get(2)).startsWith("mobilenetv2 plain ");
                        });
        assertThat(folder.resolve("train-mobilenetv2.csv")).exists();
        assertThat(folder.resolve("train-mobilenetv2.png")).exists();
    }

    @Test
    void trainTrainsTheEfficientNetStyleNetworkWithOtherSettingsBySurgery() throws IOException {
        int status =
                runner.run(
                        "train", "--model", "efficientnet-mini", "--limit", "16", "--batch", "8",
                        "--epochs", "1", "--method", "BLOCK", "--precise-bn", "1", "--out",
                        folder.toString());

        assertThat(status).isZero();
        assertThat(runner.out().lines().findFirst())
                .hasValue(
                        "efficientnet-mini, 5 stochastic blocks, drop 0.17777778, the definition's"
                                + " schedule, BLOCK, INFERENCE; 16 training and 16 test images"
                                + " from the bundled subset");
        List<String> table = Files.readAllLines(folder.resolve("train-efficientnet-mini.txt"));
        assertThat(table.get(1)).startsWith("efficientnet-mini stochastic depth ");
        assertThat(table.get(2)).startsWith("efficientnet-mini plain ");
    }

    @Test
    void compareRunsTheZooMobileNetV2FromTheSameCatalogue() {
        int status =
                runner.run(
                        "compare", "--model", "mobilenetv2", "--limit", "16", "--batch", "8",
                        "--epochs", "1", "--seeds", "1", "--precise-bn", "0", "--variant",
                        "drop=0.1,distribution=UNIFORM,label=uniform", "--out", folder.toString());

        assertThat(status).isZero();
        assertThat(folder.resolve("compare-mobilenetv2.csv")).exists();
        assertThat(runner.out()).contains("uniform");
    }

    @Test
    void ratesPrintsEfficientNetsScheduleForTheMiniNetwork() {
        assertThat(runner.run("rates", "--model", "efficientnet-mini", "--out", folder.toString()))
                .isZero();

        List<String> lines = runner.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("efficientnet-mini, drop 0.17777778, the definition's schedule");
        assertThat(lines.subList(2, 7))
                .containsExactly(
                        "    1     0.0000    1.0000",
                        "    2     0.0444    0.9556",
                        "    3     0.0889    0.9111",
                        "    4     0.1333    0.8667",
                        "    5     0.1778    0.8222");
    }

    /** Its last stages see one pixel: a batch of one image would stop batch norm in training. */
    @Test
    void aBatchOfOneImageForMobileNetV2IsOneLineOfBadInput() {
        assertThat(
                        runner.badInput(
                                "train", "--model", "mobilenetv2", "--limit", "17", "--batch", "8",
                                "--out", folder.toString()))
                .endsWith(
                        "mobilenetv2 cannot train on a batch of one image (its last stages see one"
                                + " pixel, and batch norm needs two values per channel): 17"
                                + " training images in batches of 8 leave one over; change --batch"
                                + " or --limit");
        assertThat(
                        runner.badInput(
                                "compare", "--model", "mobilenetv2", "--limit", "16", "--batch",
                                "1", "--out", folder.toString()))
                .contains("16 training images in batches of 1 are one image each");
    }
}
