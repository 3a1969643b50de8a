package dev.stochasticdepth.samples.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes training results as text: the results table and the CSV of the learning curves. */
public final class Reports {

    private Reports() {}

    /**
     * Returns a fixed-width table with one row per run: its final test accuracy and loss, final
     * training loss and mean seconds per epoch.
     *
     * @param runs the runs to compare
     * @return the table, lines ending in {@code \n}
     */
    public static String resultsTable(List<TrainingRun> runs) {
        int width = "network".length();
        for (TrainingRun run : runs) {
            width = Math.max(width, run.label().length());
        }
        String row = "%-" + width + "s  %13s  %9s  %10s  %11s\n";
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "network",
                        "test accuracy",
                        "test loss",
                        "train loss",
                        "s per epoch"));
        for (TrainingRun run : runs) {
            EpochMetrics last = run.last();
            table.append(
                    String.format(
                            Locale.ROOT,
                            row,
                            run.label(),
                            String.format(Locale.ROOT, "%.2f%%", 100 * last.testAccuracy()),
                            String.format(Locale.ROOT, "%.4f", last.testLoss()),
                            String.format(Locale.ROOT, "%.4f", last.trainLoss()),
                            String.format(Locale.ROOT, "%.1f", run.secondsPerEpoch())));
        }
        return table.toString();
    }

    /**
     * Writes every epoch of every run as CSV with a header line.
     *
     * @param file the CSV file to create or replace
     * @param runs the runs
     * @throws IOException if the file cannot be written
     */
    public static void writeCurves(Path file, List<TrainingRun> runs) throws IOException {
        StringBuilder csv =
                new StringBuilder(
                        "network,epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds\n");
        for (TrainingRun run : runs) {
            for (EpochMetrics epoch : run.epochs()) {
                csv.append(
                        String.format(
                                Locale.ROOT,
                                "%s,%d,%.6f,%.6f,%.6f,%.6f,%.3f\n",
                                run.label(),
                                epoch.epoch(),
                                epoch.trainLoss(),
                                epoch.trainAccuracy(),
                                epoch.testLoss(),
                                epoch.testAccuracy(),
                                epoch.seconds()));
            }
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }
}
