package dev.stochasticdepth.samples;

import dev.stochasticdepth.samples.training.EpochMetrics;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a whole experiment, counted in epochs over all its runs: after every epoch one
 * line with a bar drawn like DJL's {@code ProgressBar}, the epoch's test accuracy, the time so far
 * and an estimate of the time left. DJL's own bars show the progress within each epoch.
 *
 * <p>It prints whole lines rather than redrawing one line as {@code ProgressBar} does, because
 * DJL's bars of the next epoch would overwrite it at once.
 */
final class ExperimentProgress {

    private static final int BAR_LENGTH = 40;

    private final PrintWriter out;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private int trained;

    /**
     * Starts counting.
     *
     * @param out where to print
     * @param total the epochs of all runs of the experiment
     * @param done the epochs already in the results file, which need no training
     */
    ExperimentProgress(PrintWriter out, int total, int done) {
        this.out = out;
        this.total = total;
        this.done = done;
    }

    /**
     * Counts one trained epoch and prints the progress line.
     *
     * @param run the run, in words
     * @param epoch the epoch's metrics
     * @param epochs the epochs of a run
     */
    void epochEnded(String run, EpochMetrics epoch, int epochs) {
        done++;
        trained++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double left = elapsed / trained * (total - done);
        int filled = done * BAR_LENGTH / total;
        out.printf(
                Locale.ROOT,
                "experiment %3d%% |%s%s| %d/%d epochs; %s epoch %d/%d: test accuracy %.2f%%; %s"
                        + " elapsed, about %s left%n",
                done * 100 / total,
                "=".repeat(filled),
                " ".repeat(BAR_LENGTH - filled),
                done,
                total,
                run,
                epoch.epoch(),
                epochs,
                100 * epoch.testAccuracy(),
                duration(elapsed),
                duration(left));
        out.flush();
    }

    /**
     * Writes a duration for people.
     *
     * @param seconds the duration
     * @return for example {@code 12 s}, {@code 3 min 05 s} or {@code 2 h 07 min}
     */
    static String duration(double seconds) {
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + " s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
    }
}
