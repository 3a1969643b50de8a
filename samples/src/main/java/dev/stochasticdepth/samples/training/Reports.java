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
     * training loss and mean seconds per epoch, and, if every run measured it, the final test
     * accuracy after precise batch norm.
     *
     * @param runs the runs to compare
     * @return the table, lines ending in {@code \n}
     */
    public static String resultsTable(List<TrainingRun> runs) {
        int width = "network".length();
        for (TrainingRun run : runs) {
            width = Math.max(width, run.label().length());
        }
        boolean precise = runs.stream().allMatch(run -> run.last().hasPrecise());
        // Without precise batch norm the last cell is empty and takes no room.
        String preciseCell = precise ? "  %14s" : "%s";
        String row = "%-" + width + "s  %13s  %9s  %10s  %11s" + preciseCell + "\n";
        StringBuilder table = new StringBuilder();
        table.append(
                String.format(
                        Locale.ROOT,
                        row,
                        "network",
                        "test accuracy",
                        "test loss",
                        "train loss",
                        "s per epoch",
                        precise ? "precise BN acc" : ""));
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
                            String.format(Locale.ROOT, "%.1f", run.secondsPerEpoch()),
                            precise
                                    ? String.format(
                                            Locale.ROOT, "%.2f%%", 100 * last.preciseTestAccuracy())
                                    : ""));
        }
        return table.toString();
    }

    /**
     * Writes every epoch of every run as CSV with a header line; the precise batch-norm test loss
     * and accuracy are the last two columns if every epoch measured them.
     *
     * @param file the CSV file to create or replace
     * @param runs the runs
     * @throws IOException if the file cannot be written
     */
    public static void writeCurves(Path file, List<TrainingRun> runs) throws IOException {
        boolean precise =
                runs.stream()
                        .flatMap(run -> run.epochs().stream())
                        .allMatch(EpochMetrics::hasPrecise);
        StringBuilder csv =
                new StringBuilder(
                        "network,epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds"
                                + (precise ? ",precise_bn_test_loss,precise_bn_test_accuracy" : "")
                                + "\n");
        for (TrainingRun run : runs) {
            for (EpochMetrics epoch : run.epochs()) {
                csv.append(
                        String.format(
                                Locale.ROOT,
                                "%s,%d,%.6f,%.6f,%.6f,%.6f,%.3f",
                                run.label(),
                                epoch.epoch(),
                                epoch.trainLoss(),
                                epoch.trainAccuracy(),
                                epoch.testLoss(),
                                epoch.testAccuracy(),
                                epoch.seconds()));
                if (precise) {
                    csv.append(
                            String.format(
                                    Locale.ROOT,
                                    ",%.6f,%.6f",
                                    epoch.preciseTestLoss(),
                                    epoch.preciseTestAccuracy()));
                }
                csv.append('\n');
            }
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }
}
