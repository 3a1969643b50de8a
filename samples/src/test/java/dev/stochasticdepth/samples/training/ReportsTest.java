package dev.stochasticdepth.samples.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class ReportsTest {

    private static final List<TrainingRun> RUNS =
            List.of(
                    new TrainingRun(
                            "resnet20 stochastic depth",
                            List.of(
                                    new EpochMetrics(1, 0.9f, 0.7f, 0.6f, 0.78f, 45.0, 5.0),
                                    new EpochMetrics(2, 0.5f, 0.82f, 0.45f, 0.8425f, 47.0, 5.0))),
                    new TrainingRun(
                            "resnet20 plain",
                            List.of(new EpochMetrics(1, 0.8f, 0.75f, 0.55f, 0.8f, 42.25, 5.0))));

    @Test
    void tableShowsTheLastEpochAndTheMeanEpochTime() {
        assertThat(Reports.resultsTable(RUNS))
                .isEqualTo(
                        "network                    test accuracy  test loss  train loss  s per"
                            + " epoch\n"
                            + "resnet20 stochastic depth         84.25%     0.4500      0.5000     "
                            + "    51.0\n"
                            + "resnet20 plain                    80.00%     0.5500      0.8000     "
                            + "    47.3\n");
    }

    @Test
    void csvHasOneLinePerEpoch(@TempDir Path folder) throws IOException {
        Path csv = folder.resolve("curves.csv");

        Reports.writeCurves(csv, RUNS);

        assertThat(Files.readAllLines(csv))
                .containsExactly(
                        "network,epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds",
                        "resnet20 stochastic depth,1,0.900000,0.700000,0.600000,0.780000,50.000",
                        "resnet20 stochastic depth,2,0.500000,0.820000,0.450000,0.842500,52.000",
                        "resnet20 plain,1,0.800000,0.750000,0.550000,0.800000,47.250");
    }

    @Test
    void runNeedsAnEpoch() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new TrainingRun("empty", List.of()))
                .hasMessage("a run needs at least one epoch");
    }

    /** Runs measured with precise batch norm add its final accuracy and two CSV columns. */
    @Test
    void preciseBatchNormAddsAColumnToTheTableAndTwoToTheCsv(@TempDir Path folder)
            throws IOException {
        List<TrainingRun> runs =
                List.of(
                        new TrainingRun(
                                "a",
                                List.of(
                                        new EpochMetrics(
                                                1, 0.9f, 0.7f, 0.6f, 0.78f, 45.0, 5.0, 0.5f,
                                                0.8125f))),
                        new TrainingRun(
                                "b",
                                List.of(
                                        new EpochMetrics(
                                                1, 0.8f, 0.75f, 0.55f, 0.8f, 42.0, 5.0, 0.45f,
                                                0.85f))));

        String table = Reports.resultsTable(runs);
        assertThat(table.lines().findFirst().orElseThrow()).endsWith("  precise BN acc");
        assertThat(table).contains("81.25%", "85.00%");
        Path csv = folder.resolve("curves.csv");
        Reports.writeCurves(csv, runs);
        assertThat(Files.readAllLines(csv))
                .containsExactly(
                        "network,epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds,"
                                + "precise_bn_test_loss,precise_bn_test_accuracy",
                        "a,1,0.900000,0.700000,0.600000,0.780000,50.000,0.500000,0.812500",
                        "b,1,0.800000,0.750000,0.550000,0.800000,47.000,0.450000,0.850000");
    }
}
