package dev.stochasticdepth.samples.training;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Draws the PNG charts of the command-line program with XChart, without a display. */
public final class Charts {

    private static final int WIDTH = 560;
    private static final int HEIGHT = 420;

    /** One colour per run, shared by its test and training curves. */
    private static final Color[] RUN_COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)
    };

    private Charts() {}

    /**
     * Writes three charts side by side: test (solid) and training (dashed) accuracy per epoch, the
     * same for the loss, and the survival probability {@code 1 - p_l} of every residual block of
     * every run.
     *
     * @param png the file to create or replace
     * @param title the title of the accuracy chart, naming the model
     * @param runs the runs to draw
     * @param dropRates the per-block drop rates of each run, in the order of {@code runs}
     * @throws IOException if the file cannot be written
     */
    public static void writeTraining(
            Path png, String title, List<TrainingRun> runs, List<List<Float>> dropRates)
            throws IOException {
        XYChart accuracy = chart(title + ": accuracy", "epoch", "accuracy");
        XYChart loss = chart("Loss", "epoch", "softmax cross-entropy");
        XYChart survival = chart("Survival probability 1 - p_l", "residual block l", "1 - p_l");
        for (int i = 0; i < runs.size(); i++) {
            TrainingRun run = runs.get(i);
            Color colour = RUN_COLOURS[i % RUN_COLOURS.length];
            curve(accuracy, run, "test", EpochMetrics::testAccuracy, colour, false);
            curve(accuracy, run, "train", EpochMetrics::trainAccuracy, colour, true);
            curve(loss, run, "test", EpochMetrics::testLoss, colour, false);
            curve(loss, run, "train", EpochMetrics::trainLoss, colour, true);
            List<Float> rates = dropRates.get(i);
            XYSeries series = survival.addSeries(run.label(), blocks(rates), survival(rates));
            series.setLineColor(colour);
            series.setMarkerColor(colour);
        }
        accuracy.getStyler().setXAxisDecimalPattern("0");
        loss.getStyler().setXAxisDecimalPattern("0");
        survival.getStyler().setYAxisMin(0.0).setYAxisMax(1.05);
        survival.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        accuracy.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        save(png, List.of(accuracy, loss, survival));
    }

    /**
     * Writes one chart of the drop rate {@code p_l} and the survival probability {@code 1 - p_l} of
     * every residual block.
     *
     * @param png the file to create or replace
     * @param title the chart's title, naming the model and schedule
     * @param dropRates the per-block drop rates, in forward order
     * @throws IOException if the file cannot be written
     */
    public static void writeRates(Path png, String title, List<Float> dropRates)
            throws IOException {
        XYChart chart = chart(title, "residual block l", "probability");
        chart.addSeries("drop rate p_l", blocks(dropRates), rates(dropRates));
        chart.addSeries("survival 1 - p_l", blocks(dropRates), survival(dropRates));
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.05);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        save(png, List.of(chart));
    }

    /**
     * Writes two charts side by side: the mean test accuracy and the mean test loss per epoch of
     * every arm of a comparison, each point with its 95% interval over the seeds as an error bar
     * (none for a single seed). The arms' points are set a little apart along the epoch axis so
     * that their bars do not hide each other.
     *
     * @param png the file to create or replace
     * @param title the title of the accuracy chart, naming the model and K
     * @param accuracy the accuracy curves, the plain twin first
     * @param loss the loss curves, in the same order
     * @throws IOException if the file cannot be written
     */
    public static void writeComparison(
            Path png, String title, List<MeanCurve> accuracy, List<MeanCurve> loss)
            throws IOException {
        XYChart accuracyChart = chart(title, "epoch", "test accuracy");
        XYChart lossChart = chart("Test loss", "epoch", "softmax cross-entropy");
        for (XYChart chart : List.of(accuracyChart, lossChart)) {
            chart.getStyler().setXAxisDecimalPattern("0");
            chart.getStyler().setErrorBarsColorSeriesColor(true);
        }
        meanCurves(accuracyChart, accuracy);
        meanCurves(lossChart, loss);
        accuracyChart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        save(png, List.of(accuracyChart, lossChart));
    }

    /**
     * Writes one chart of the test accuracy of both networks against the number of residual
     * blocks removed at inference.
     *
     * @param png the file to create or replace
     * @param title the chart's title, naming the model
     * @param stochastic the stochastic network's accuracy with 0, 1, 2, ... blocks removed
     * @param plain the plain twin's, for the same blocks
     * @throws IOException if the file cannot be written
     */
    public static void writePruning(Path png, String title, double[] stochastic, double[] plain)
            throws IOException {
        XYChart chart =
                chart(title + ": pruned at inference", "residual blocks removed", "test accuracy");
        double[] removed = new double[stochastic.length];
        for (int k = 0; k < removed.length; k++) {
            removed[k] = k;
        }
        XYSeries trained = chart.addSeries("trained with stochastic depth", removed, stochastic);
        trained.setLineColor(RUN_COLOURS[0]);
        trained.setMarkerColor(RUN_COLOURS[0]);
        XYSeries twin = chart.addSeries("trained plain", removed, plain);
        twin.setLineColor(RUN_COLOURS[1]);
        twin.setMarkerColor(RUN_COLOURS[1]);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        save(png, List.of(chart));
    }

    private static void meanCurves(XYChart chart, List<MeanCurve> curves) {
        for (int i = 0; i < curves.size(); i++) {
            MeanCurve curve = curves.get(i);
            List<SeedStatistics.Interval> points = curve.points();
            double offset = 0.03 * (i - (curves.size() - 1) / 2.0);
            double[] epochs = new double[points.size()];
            double[] means = new double[points.size()];
            double[] halfWidths = new double[points.size()];
            for (int e = 0; e < points.size(); e++) {
                epochs[e] = e + 1 + offset;
                means[e] = points.get(e).mean();
                halfWidths[e] = points.get(e).hasWidth() ? points.get(e).halfWidth() : 0;
            }
            XYSeries series = chart.addSeries(curve.label(), epochs, means, halfWidths);
            Color colour = RUN_COLOURS[i % RUN_COLOURS.length];
            series.setLineColor(colour);
            series.setMarkerColor(colour);
        }
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private static void curve(
            XYChart chart,
            TrainingRun run,
            String split,
            ToDoubleFunction<EpochMetrics> metric,
            Color colour,
            boolean dashed) {
        double[] epochs = run.epochs().stream().mapToDouble(EpochMetrics::epoch).toArray();
        double[] values = run.epochs().stream().mapToDouble(metric).toArray();
        XYSeries series = chart.addSeries(run.label() + " " + split, epochs, values);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        if (dashed) {
            series.setLineStyle(SeriesLines.DASH_DASH);
        }
    }

    private static double[] blocks(List<Float> dropRates) {
        double[] blocks = new double[dropRates.size()];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = l + 1;
        }
        return blocks;
    }

    private static double[] rates(List<Float> dropRates) {
        return dropRates.stream().mapToDouble(Float::doubleValue).toArray();
    }

    private static double[] survival(List<Float> dropRates) {
        return dropRates.stream().mapToDouble(p -> 1.0 - p).toArray();
    }

    private static void save(Path png, List<XYChart> charts) throws IOException {
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /**
     * The mean of a metric per epoch over the seeds, for {@link #writeComparison}.
     *
     * @param label the arm's name in the legend
     * @param points one per epoch, from epoch 1: the mean and its interval
     */
    public record MeanCurve(String label, List<SeedStatistics.Interval> points) {

        /** Copies the points. */
        public MeanCurve {
            points = List.copyOf(points);
        }
    }
}
