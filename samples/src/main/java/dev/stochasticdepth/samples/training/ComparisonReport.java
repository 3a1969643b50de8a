package dev.stochasticdepth.samples.training;

import dev.stochasticdepth.samples.training.SeedStatistics.Interval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The statistics over seeds of a comparison and its results table: per variant and epoch the mean
 * test accuracy and loss with 95% Student-t intervals, the paired difference of the accuracy to the
 * plain twin, the training seconds per epoch and their ratio to the plain twin's, and the time to a
 * target accuracy.
 *
 * <p>The first arm is the plain twin, the reference. Every arm holds one complete run per seed, in
 * the same seed order, so that differences can be paired by seed.
 */
public final class ComparisonReport {

    /**
     * Accuracies within this of the target count as reaching it, so that a mean of equal values
     * that rounding puts a hair above them is still reached.
     */
    private static final double TARGET_TOLERANCE = 1e-9;

    private final String heading;
    private final List<Integer> seeds;
    private final List<Arm> arms;
    private final int epochs;
    private final double target;
    private final boolean targetGiven;

    /**
     * Creates the report.
     *
     * @param heading the first line of the table: model, data and training settings
     * @param seeds the seeds, in the order of every arm's runs
     * @param arms the plain twin first, then the variants
     * @param target the test accuracy in [0, 1] for the time to accuracy, or {@code null} for the
     *     plain twin's final mean test accuracy
     * @throws IllegalArgumentException if an arm does not hold one run per seed, each of the same
     *     number of epochs
     */
    public ComparisonReport(String heading, List<Integer> seeds, List<Arm> arms, Double target) {
        this.heading = heading;
        this.seeds = List.copyOf(seeds);
        this.arms = List.copyOf(arms);
        this.epochs = arms.get(0).runs().get(0).size();
        for (Arm arm : arms) {
            if (arm.runs().size() != seeds.size()
                    || arm.runs().stream().anyMatch(run -> run.size() != epochs)) {
                throw new IllegalArgumentException(
                        arm.label() + " needs one run of " + epochs + " epochs per seed");
            }
        }
        this.targetGiven = target != null;
        this.target = targetGiven ? target : testAccuracy(0, epochs).mean();
    }

    /**
     * Returns the target test accuracy of the time to accuracy.
     *
     * @return the given target, or the plain twin's final mean test accuracy
     */
    public double target() {
        return target;
    }

    /**
     * Returns the mean test accuracy over the seeds after an epoch.
     *
     * @param arm the arm's index, 0 for the plain twin
     * @param epoch the 1-based epoch
     * @return the mean, in [0, 1], with its 95% interval
     */
    public Interval testAccuracy(int arm, int epoch) {
        return SeedStatistics.interval(values(arm, epoch, EpochMetrics::testAccuracy));
    }

    /**
     * Returns the mean test loss over the seeds after an epoch.
     *
     * @param arm the arm's index, 0 for the plain twin
     * @param epoch the 1-based epoch
     * @return the mean with its 95% interval
     */
    public Interval testLoss(int arm, int epoch) {
        return SeedStatistics.interval(values(arm, epoch, EpochMetrics::testLoss));
    }

    /**
     * Returns the mean test accuracy over the seeds after an epoch, measured after precise batch
     * norm.
     *
     * @param arm the arm's index, 0 for the plain twin
     * @param epoch the 1-based epoch
     * @return the mean, in [0, 1], with its 95% interval; NaN if it was not measured
     */
    public Interval preciseTestAccuracy(int arm, int epoch) {
        return SeedStatistics.interval(values(arm, epoch, EpochMetrics::preciseTestAccuracy));
    }

    /**
     * Returns the paired difference of the precise batch-norm test accuracy to the plain
     * evaluation's, both of the same arm: what re-estimating the statistics buys.
     *
     * @param arm the arm's index
     * @param epoch the 1-based epoch
     * @return the mean difference, in accuracy units, with its 95% interval
     */
    public Interval preciseGain(int arm, int epoch) {
        return SeedStatistics.pairedDifference(
                values(arm, epoch, EpochMetrics::preciseTestAccuracy),
                values(arm, epoch, EpochMetrics::testAccuracy));
    }

    /** Whether every row holds a precise batch-norm evaluation. */
    private boolean hasPrecise() {
        return arms.stream()
                .flatMap(arm -> arm.runs().stream())
                .flatMap(List::stream)
                .allMatch(row -> row.metrics().hasPrecise());
    }

    /**
     * Returns the paired difference of the test accuracy to the plain twin after an epoch: per seed
     * the arm's accuracy minus the plain twin's, then their mean and interval.
     *
     * @param arm the arm's index
     * @param epoch the 1-based epoch
     * @return the mean difference, in accuracy units (1 = 100 points), with its 95% interval
     */
    public Interval accuracyDifference(int arm, int epoch) {
        return SeedStatistics.pairedDifference(
                values(arm, epoch, EpochMetrics::testAccuracy),
                values(0, epoch, EpochMetrics::testAccuracy));
    }

    /**
     * Returns the mean training seconds of an epoch over the seeds.
     *
     * @param arm the arm's index
     * @param epoch the 1-based epoch
     * @return the mean with its 95% interval
     */
    public Interval trainSeconds(int arm, int epoch) {
        return SeedStatistics.interval(values(arm, epoch, EpochMetrics::trainSeconds));
    }

    /**
     * Returns the mean training seconds per epoch, over all epochs and seeds.
     *
     * @param arm the arm's index
     * @return seconds, without evaluation
     */
    public double trainSecondsPerEpoch(int arm) {
        return arms.get(arm).runs().stream()
                .flatMap(List::stream)
                .mapToDouble(row -> row.metrics().trainSeconds())
                .average()
                .orElseThrow();
    }

    /**
     * Returns when each seed's run first reaches the target test accuracy.
     *
     * @param arm the arm's index
     * @return the mean cumulative training seconds over the seeds that reach it, and how many do
     */
    public TimeToTarget timeToTarget(int arm) {
        List<Double> times = new ArrayList<>();
        for (List<ComparisonCsv.Row> run : arms.get(arm).runs()) {
            run.stream()
                    .filter(row -> row.metrics().testAccuracy() >= target - TARGET_TOLERANCE)
                    .findFirst()
                    .ifPresent(row -> times.add(row.cumulative()));
        }
        double mean = times.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new TimeToTarget(mean, times.size(), seeds.size());
    }

    /**
     * Returns the mean curves of one metric, for a chart.
     *
     * @param metric for example {@code EpochMetrics::testAccuracy}
     * @return one curve per arm, each point the mean over seeds with its interval
     */
    public List<Charts.MeanCurve> curves(ToDoubleFunction<EpochMetrics> metric) {
        List<Charts.MeanCurve> curves = new ArrayList<>();
        for (int arm = 0; arm < arms.size(); arm++) {
            List<Interval> points = new ArrayList<>();
            for (int epoch = 1; epoch <= epochs; epoch++) {
                points.add(SeedStatistics.interval(values(arm, epoch, metric)));
            }
            curves.add(new Charts.MeanCurve(arms.get(arm).label(), points));
        }
        return curves;
    }

    /**
     * Returns the results table: a header that says K and how to read the columns, the final epoch
     * per variant, then every epoch per variant.
     *
     * @return the table, lines ending in {@code \n}
     */
    public String table() {
        StringBuilder text = new StringBuilder();
        int k = seeds.size();
        text.append(heading).append('\n');
        String seedList = seeds.stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (k == 1) {
            text.append("K = 1 seed (").append(seedList).append("): n=1, no interval\n");
        } else {
            text.append(
                    String.format(
                            Locale.ROOT,
                            "K = %d seeds (%s): means +- half the 95%% Student-t interval over the"
                                    + " seeds (t = %.3f, %d df)\n",
                            k,
                            seedList,
                            SeedStatistics.t975(k - 1),
                            k - 1));
        }
        int width = arms.stream().mapToInt(arm -> arm.label().length()).max().orElseThrow();
        for (Arm arm : arms) {
            text.append(
                    String.format(
                            Locale.ROOT, "  %-" + width + "s  %s\n", arm.label(), arm.settings()));
        }
        String targetText = percent(target);
        text.append(
                        "accuracy - plain: per seed the variant's test accuracy minus the plain"
                                + " twin's, in percentage points (pp)\n")
                .append("time to ")
                .append(targetText)
                .append(": the mean cumulative training seconds (evaluation excluded) until the")
                .append(" test accuracy first reaches ")
                .append(targetText)
                .append(targetGiven ? " (--target)" : " (the plain twin's final mean)")
                .append(", over the seeds that reach it\n");
        if (hasPrecise()) {
            text.append(
                    "precise BN: the test accuracy after batch norm's running statistics were"
                            + " re-estimated from the inference form (PreciseBatchNorm), and its"
                            + " paired gain over the usual evaluation\n");
        }
        text.append('\n').append("final epoch (").append(epochs).append("), K = ").append(k);
        text.append('\n').append(finalTable(targetText).render());
        if (hasPrecise()) {
            text.append('\n').append(preciseTable().render());
        }
        text.append('\n').append("per epoch, K = ").append(k).append('\n');
        text.append(epochTable().render());
        return text.toString();
    }

    private TextTable finalTable(String targetText) {
        TextTable table =
                new TextTable(
                        1,
                        "variant",
                        "test accuracy",
                        "test loss",
                        "accuracy - plain",
                        "train s/epoch",
                        "ratio",
                        "time to " + targetText);
        double plainSeconds = trainSecondsPerEpoch(0);
        for (int arm = 0; arm < arms.size(); arm++) {
            double seconds = trainSecondsPerEpoch(arm);
            TimeToTarget time = timeToTarget(arm);
            table.add(
                    arms.get(arm).label(),
                    accuracy(testAccuracy(arm, epochs)),
                    loss(testLoss(arm, epochs)),
                    arm == 0 ? "reference" : points(accuracyDifference(arm, epochs)),
                    String.format(Locale.ROOT, "%.3f", seconds),
                    String.format(Locale.ROOT, "%.3f", seconds / plainSeconds),
                    time.reached() == 0
                            ? String.format(Locale.ROOT, "not reached (0/%d)", time.seeds())
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f s (%d/%d reached)",
                                    time.meanSeconds(),
                                    time.reached(),
                                    time.seeds()));
        }
        return table;
    }

    private TextTable preciseTable() {
        TextTable table =
                new TextTable(2, "epoch", "variant", "precise-BN test accuracy", "gain");
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int arm = 0; arm < arms.size(); arm++) {
                table.add(
                        String.valueOf(epoch),
                        arms.get(arm).label(),
                        accuracy(preciseTestAccuracy(arm, epoch)),
                        points(preciseGain(arm, epoch)));
            }
        }
        return table;
    }

    private TextTable epochTable() {
        TextTable table =
                new TextTable(
                        2,
                        "epoch",
                        "variant",
                        "test accuracy",
                        "test loss",
                        "accuracy - plain",
                        "train s");
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (int arm = 0; arm < arms.size(); arm++) {
                table.add(
                        String.valueOf(epoch),
                        arms.get(arm).label(),
                        accuracy(testAccuracy(arm, epoch)),
                        loss(testLoss(arm, epoch)),
                        arm == 0 ? "reference" : points(accuracyDifference(arm, epoch)),
                        String.format(Locale.ROOT, "%.3f", trainSeconds(arm, epoch).mean()));
            }
        }
        return table;
    }

    private double[] values(int arm, int epoch, ToDoubleFunction<EpochMetrics> metric) {
        return arms.get(arm).runs().stream()
                .mapToDouble(run -> metric.applyAsDouble(run.get(epoch - 1).metrics()))
                .toArray();
    }

    private static String percent(double accuracy) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * accuracy);
    }

    private static String accuracy(Interval interval) {
        return cell(interval, "%.2f%%", "%.2f", 100, "");
    }

    private static String loss(Interval interval) {
        return cell(interval, "%.4f", "%.4f", 1, "");
    }

    private static String points(Interval interval) {
        return cell(interval, "%+.2f", "%.2f", 100, " pp");
    }

    /** The mean, {@code +-} the half-width unless there is one seed, both scaled, then a unit. */
    private static String cell(
            Interval interval, String meanFormat, String widthFormat, double scale, String unit) {
        String text = String.format(Locale.ROOT, meanFormat, scale * interval.mean());
        if (interval.hasWidth()) {
            text += " +- " + String.format(Locale.ROOT, widthFormat, scale * interval.halfWidth());
        }
        return text + unit;
    }

    /**
     * One arm of the comparison: the plain twin or a variant, with its runs.
     *
     * @param label its name in the table and chart
     * @param settings its settings in words
     * @param runs one complete run per seed, in the report's seed order, each its rows by epoch
     */
    public record Arm(String label, String settings, List<List<ComparisonCsv.Row>> runs) {

        /** Copies the runs. */
        public Arm {
            runs = runs.stream().map(List::copyOf).toList();
        }
    }

    /**
     * When the runs of an arm reach the target accuracy.
     *
     * @param meanSeconds the mean cumulative training seconds at the first epoch that reaches it,
     *     over the seeds that do; NaN if none does
     * @param reached how many seeds reach it
     * @param seeds K
     */
    public record TimeToTarget(double meanSeconds, int reached, int seeds) {}

    /** A fixed-width text table: the first columns left-aligned, the others right-aligned. */
    private static final class TextTable {
        private final int leftColumns;
        private final List<String[]> rows = new ArrayList<>();

        TextTable(int leftColumns, String... header) {
            this.leftColumns = leftColumns;
            rows.add(header);
        }

        void add(String... cells) {
            rows.add(cells);
        }

        String render() {
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder text = new StringBuilder();
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    String format = "%" + (i < leftColumns ? "-" : "") + widths[i] + "s";
                    line.append(i == 0 ? "" : "  ")
                            .append(String.format(Locale.ROOT, format, row[i]));
                }
                text.append(line.toString().stripTrailing()).append('\n');
            }
            return text.toString();
        }
    }
}
