package dev.stochasticdepth.samples.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class ComparisonReportTest {

    /** A run of two epochs: test accuracies, training seconds 10 and 12 (cumulative 10, 22). */
    private static List<ComparisonCsv.Row> run(String variant, int seed, float first, float last) {
        ComparisonCsv.RunKey key = new ComparisonCsv.RunKey("resnet20", variant, List.of(), seed);
        List<ComparisonCsv.Row> rows = new ArrayList<>();
        rows.add(
                new ComparisonCsv.Row(
                        key, new EpochMetrics(1, 1.5f, 0.5f, 1.2f, first, 10, 1), 10));
        rows.add(
                new ComparisonCsv.Row(key, new EpochMetrics(2, 1.0f, 0.7f, 0.8f, last, 12, 1), 22));
        return rows;
    }

    private static ComparisonReport report(Double target, int seeds) {
        List<List<ComparisonCsv.Row>> plain = new ArrayList<>();
        List<List<ComparisonCsv.Row>> variant = new ArrayList<>();
        float[][] accuracies = {
            {0.60f, 0.80f, 0.50f, 0.82f}, {0.70f, 0.82f, 0.60f, 0.86f}, {0.65f, 0.78f, 0.70f, 0.75f}
        };
        List<Integer> seedList = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            float[] a = accuracies[s];
            plain.add(run("plain", s + 1, a[0], a[1]));
            variant.add(run("block", s + 1, a[2], a[3]));
            seedList.add(s + 1);
        }
        return new ComparisonReport(
                "resnet20, test data",
                seedList,
                List.of(
                        new ComparisonReport.Arm("plain", "the reference", plain),
                        new ComparisonReport.Arm("block", "method=BLOCK", variant)),
                target);
    }

    @Test
    void statisticsOverThreeSeeds() {
        ComparisonReport report = report(null, 3);

        // Final plain accuracies 0.80, 0.82, 0.78: mean 0.80, the default target.
        assertThat(report.target()).isCloseTo(0.80, within(1e-6));
        assertThat(report.testAccuracy(0, 2).mean()).isCloseTo(0.80, within(1e-6));
        // sd 0.02, half-width 4.303 * 0.02 / sqrt(3) = 0.049686.
        assertThat(report.testAccuracy(0, 2).halfWidth()).isCloseTo(0.049686, within(1e-5));
        // Paired: 0.82 - 0.80, 0.86 - 0.82, 0.75 - 0.78 = 0.02, 0.04, -0.03.
        assertThat(report.accuracyDifference(1, 2).mean()).isCloseTo(0.01, within(1e-6));
        assertThat(report.trainSecondsPerEpoch(1)).isEqualTo(11.0);
        // Plain reaches 0.80 in epoch 2 with seeds 1 and 2 (22 s each), not with seed 3 (0.78).
        assertThat(report.timeToTarget(0)).isEqualTo(new ComparisonReport.TimeToTarget(22.0, 2, 3));
        assertThat(report.timeToTarget(1)).isEqualTo(new ComparisonReport.TimeToTarget(22.0, 2, 3));
        assertThat(report.curves(EpochMetrics::testAccuracy))
                .extracting(Charts.MeanCurve::label)
                .containsExactly("plain", "block");
    }

    @Test
    void tableSaysKAndShowsIntervals() {
        String table = report(null, 3).table();

        assertThat(table.lines().toList())
                .startsWith(
                        "resnet20, test data",
                        "K = 3 seeds (1, 2, 3): means +- half the 95% Student-t interval over the"
                                + " seeds (t = 4.303, 2 df)",
                        "  plain  the reference",
                        "  block  method=BLOCK")
                .containsSubsequence(
                        "final epoch (2), K = 3",
                        "variant    test accuracy         test loss  accuracy - plain  train"
                                + " s/epoch  ratio        time to 80.00%",
                        // 0.80, 0.82, 0.78; 0.82, 0.86, 0.75; paired 0.02, 0.04, -0.03.
                        "plain     80.00% +- 4.97  0.8000 +- 0.0000         reference        "
                                + " 11.000  1.000  22.0 s (2/3 reached)",
                        "block    81.00% +- 13.83  0.8000 +- 0.0000  +1.00 +- 8.96 pp        "
                                + " 11.000  1.000  22.0 s (2/3 reached)",
                        "",
                        "per epoch, K = 3",
                        "epoch  variant    test accuracy         test loss   accuracy - plain "
                                + " train s",
                        "1      plain    65.00% +- 12.42  1.2000 +- 0.0000          reference "
                                + "  10.000",
                        "1      block    60.00% +- 24.84  1.2000 +- 0.0000  -5.00 +- 21.51 pp "
                                + "  10.000",
                        "2      block    81.00% +- 13.83  0.8000 +- 0.0000   +1.00 +- 8.96 pp "
                                + "  12.000");
    }

    @Test
    void aTargetNobodyReaches() {
        ComparisonReport report = report(0.95, 3);

        assertThat(report.timeToTarget(1).reached()).isZero();
        assertThat(report.table()).contains("not reached (0/3)", "(--target)");
    }

    @Test
    void oneSeedHasMeansWithoutIntervals() {
        String table = report(null, 1).table();

        assertThat(table).contains("K = 1 seed (1): n=1, no interval").doesNotContain("+-");
        assertThat(table.lines())
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .startsWith("block")
                                        .contains("82.00%", "+2.00 pp"));
    }
}
