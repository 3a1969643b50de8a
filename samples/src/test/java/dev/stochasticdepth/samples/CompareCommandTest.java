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

/** Runs {@code compare} in process on 16 training and 16 test images, two batches a pass. */
class CompareCommandTest {

    private static final String COLUMNS =
            "model,variant,drop,distribution,method,scaling,skip,warmup,seed,epoch,train_loss,"
                    + "train_accuracy,test_loss,test_accuracy,train_seconds,eval_seconds,"
                    + "cumulative_train_seconds";

    @TempDir Path folder;

    private final CommandRunner runner = new CommandRunner();

    private int compare(String... options) {
        return runner.run(commandLine(options));
    }

    /**
     * {@code compare --limit 16 --batch 8 --out <folder>} and the options, with {@code
     * --precise-bn 0} unless they say otherwise: the tests of files and resumption read the
     * columns without the precise evaluation.
     */
    private String[] commandLine(String... options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "compare",
                                "--limit",
                                "16",
                                "--batch",
                                "8",
                                "--out",
                                folder.toString()));
        args.addAll(List.of(options));
        if (!args.contains("--precise-bn")) {
            args.addAll(List.of("--precise-bn", "0"));
        }
        return args.toArray(String[]::new);
    }

    private Path csv() {
        return folder.resolve("compare-resnet20.csv");
    }

    /** The header {@code compare --limit 16 --batch 8 --epochs N} writes. */
    private static List<String> header(int epochs) {
        return List.of(
                "# stochastic-depth-samples compare",
                "# model=resnet20",
                "# epochs=" + epochs,
                "# batch=8",
                "# lr=0.001",
                "# data=bundled",
                "# limit=16",
                COLUMNS);
    }

    @Test
    void writesTheCsvTableAndChartThenASecondStartTrainsNothing() throws IOException {
        String[] options = {
            "--epochs", "1", "--seeds", "1-2", "--variant", "method=BLOCK,warmup=1,label=block"
        };

        assertThat(compare(options)).isZero();

        assertThat(runner.err()).isEmpty();
        List<String> lines = Files.readAllLines(csv());
        assertThat(lines.subList(0, 8)).isEqualTo(header(1));
        // Seed by seed, the plain twin first, so that a stopped experiment holds whole pairs.
        assertThat(lines.subList(8, lines.size()))
                .hasSize(4)
                .satisfiesExactly(
                        row -> assertThat(row).startsWith("resnet20,plain,,,,,,,1,1,"),
                        row ->
                                assertThat(row)
                                        .startsWith(
                                                "resnet20,block,0.5,LINEAR,BLOCK,INFERENCE,false,"
                                                        + "1,1,1,"),
                        row -> assertThat(row).startsWith("resnet20,plain,,,,,,,2,1,"),
                        row -> assertThat(row).startsWith("resnet20,block,0.5,"));
        for (String row : lines.subList(8, lines.size())) {
            String[] fields = row.split(",", -1);
            assertThat(fields).hasSize(17);
            // One epoch: the cumulative training time is the epoch's.
            assertThat(fields[16]).isEqualTo(fields[14]);
            assertThat(Double.parseDouble(fields[15])).isPositive();
        }
        String table = Files.readString(folder.resolve("compare-resnet20.txt"));
        assertThat(runner.out())
                .contains(table, "trained 4 runs, skipped 0", "experiment 100% |")
                .contains("4/4 epochs; resnet20 block seed 2 epoch 1/1: test accuracy");
        assertThat(table)
                .contains(
                        "K = 2 seeds (1, 2): means +- half the 95% Student-t interval over the"
                                + " seeds (t = 12.706, 1 df)",
                        "final epoch (1), K = 2", "per epoch, K = 2");
        assertThat(table.lines()).anySatisfy(line -> assertThat(line).startsWith("plain "));
        assertThat(table.lines())
                .anySatisfy(line -> assertThat(line).startsWith("block ").contains(" pp "));
        Path png = folder.resolve("compare-resnet20.png");
        assertThat(Files.size(png)).isPositive();
        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(chart.getWidth()).isEqualTo(2 * 560);

        assertThat(compare(options)).isZero();

        assertThat(Files.readAllLines(csv())).isEqualTo(lines);
        assertThat(runner.out())
                .contains(
                        "run 1/4: resnet20 plain seed 1 is complete in " + csv() + ", skipped",
                        "trained 0 runs, skipped 4 already complete in " + csv())
                .doesNotContain("experiment ");
        assertThat(Files.readString(folder.resolve("compare-resnet20.txt"))).isEqualTo(table);
    }

    @Test
    void aRunKilledMidwayIsTrainedAgainAndOnlyIt() throws IOException {
        String variant = "resnet20,stochastic depth,0.5,LINEAR,SAMPLE,INFERENCE,false,0,5,";
        List<String> plain =
                List.of(
                        "resnet20,plain,,,,,,,5,1,2.000000,0.200000,2.100000,0.150000,1.000,0.500,"
                                + "1.000",
                        "resnet20,plain,,,,,,,5,2,1.800000,0.300000,1.900000,0.250000,1.000,0.500,"
                                + "2.000");
        List<String> written = new ArrayList<>(header(2));
        written.addAll(plain);
        written.add(variant + "1,2.000000,0.200000,2.100000,0.150000,1.000,0.500,1.000");
        Files.write(csv(), written);

        assertThat(compare("--epochs", "2", "--seeds", "5")).isZero();

        assertThat(runner.out())
                .contains(
                        csv()
                                + ": dropped the incomplete run resnet20 stochastic depth seed 5 (1"
                                + " of 2 epochs), to train it again",
                        "run 1/2: resnet20 plain seed 5 is complete in",
                        "run 2/2: resnet20 stochastic depth seed 5\n",
                        "trained 1 run, skipped 1 already complete",
                        "K = 1 seed (5): n=1, no interval");
        List<String> lines = Files.readAllLines(csv());
        assertThat(lines.subList(0, 10)).isEqualTo(written.subList(0, 10));
        assertThat(lines.subList(10, lines.size()))
                .hasSize(2)
                .satisfiesExactly(
                        row -> assertThat(row).startsWith(variant + "1,"),
                        row -> assertThat(row).startsWith(variant + "2,"));
    }

    @Test
    void aCsvOfOtherSettingsIsRefused() throws IOException {
        Files.write(csv(), header(3));

        assertThat(runner.badInput(commandLine("--epochs", "2", "--seeds", "1")))
                .isEqualTo(
                        "stochastic-depth-samples compare: "
                                + csv()
                                + " was written with other settings (epochs 3, now 2); use"
                                + " another --out folder or move the file away");
        assertThat(Files.readAllLines(csv())).isEqualTo(header(3));
    }

    @Test
    void badSettingsAreOneLineNamingTheValue() {
        List<List<String>> cases =
                List.of(
                        List.of(
                                "Invalid value for option '--seeds': range '3-1' in '3-1' runs"
                                        + " backwards",
                                "--seeds",
                                "3-1"),
                        List.of(
                                "'x' in '1,x' is not a seed: seeds are whole numbers from 0, as in"
                                        + " 1,2,3 or 1-10",
                                "--seeds",
                                "1,x"),
                        List.of(
                                "Invalid value for option '--variant' (SPEC): unknown key 'depth',"
                                        + " expected one of drop, distribution, method, scaling,"
                                        + " skip, warmup or label",
                                "--variant",
                                "depth=3"),
                        List.of(
                                "method must be one of SAMPLE, BLOCK, got 'sideways'",
                                "--variant",
                                "method=sideways"),
                        List.of(
                                "distribution must be one of LINEAR, UNIFORM, LINEAR_FROM_ZERO,"
                                        + " got 'cubic'",
                                "--variant",
                                "distribution=cubic"),
                        List.of("drop must be in [0, 1), got 1.0", "--variant", "drop=1"),
                        List.of("drop must be in [0, 1), got -0.1", "--variant", "drop=-0.1"),
                        List.of("warmup must be at least 0, got -1", "--variant", "warmup=-1"),
                        List.of(
                                "--target must be a test accuracy in [0, 1], got 1.5",
                                "--target",
                                "1.5"),
                        List.of(
                                "--target must be a test accuracy in [0, 1], got -0.01",
                                "--target",
                                "-0.01"),
                        List.of(
                                "--variant 'method=BLOCK skip=true': skipDropped applies to method"
                                        + " SAMPLE only; BLOCK never runs a dropped branch",
                                "--variant",
                                "method=BLOCK,skip=true"),
                        List.of(
                                "two variants are labelled 'drop=0.1'; give each a label=NAME of"
                                        + " its own",
                                "--variant",
                                "drop=0.1",
                                "--variant",
                                "drop=0.1"),
                        List.of(
                                "label 'plain' is reserved for the plain twin",
                                "--variant",
                                "label=plain"),
                        List.of("epochs must be at least 1, got 0", "--epochs", "0"),
                        List.of("--limit must be at least 1, got 0", "--limit", "0"),
                        List.of("--precise-bn must be at least 0, got -1", "--precise-bn", "-1"));
        for (List<String> badCase : cases) {
            List<String> args = new ArrayList<>(List.of("compare"));
            args.addAll(badCase.subList(1, badCase.size()));

            assertThat(runner.badInput(args.toArray(String[]::new)))
                    .as("%s", args)
                    .startsWith("stochastic-depth-samples compare: ")
                    .endsWith(badCase.get(0));
        }
    }

    /**
     * With {@code --precise-bn}, each epoch also has the test loss and accuracy after batch norm's
     * statistics were re-estimated, and the usual columns are those of a comparison without it
     * to the last digit: the statistics of training are put back.
     */
    @Test
    void preciseBatchNormAddsItsColumnsAndLeavesTheRestAsItWas() throws IOException {
        String[] options = {"--epochs", "2", "--seeds", "1", "--variant", "method=SAMPLE"};
        assertThat(compare(options)).isZero();
        List<String> without = Files.readAllLines(csv());
        Files.delete(csv());

        List<String> preciseOptions = new ArrayList<>(List.of(options));
        preciseOptions.addAll(List.of("--precise-bn", "2"));
        assertThat(compare(preciseOptions.toArray(String[]::new))).isZero();

        List<String> with = Files.readAllLines(csv());
        assertThat(with.get(7)).isEqualTo("# precise_bn=2");
        assertThat(with.get(8))
                .isEqualTo(COLUMNS + ",precise_bn_test_loss,precise_bn_test_accuracy");
        assertThat(with).hasSize(without.size() + 1);
        for (int row = 8; row < without.size(); row++) {
            String[] plain = without.get(row).split(",", -1);
            String[] precise = with.get(row + 1).split(",", -1);
            // Settings, seed, epoch, losses and accuracies; the timing columns differ.
            assertThat(List.of(precise).subList(0, 14)).isEqualTo(List.of(plain).subList(0, 14));
            assertThat(precise).hasSize(plain.length + 2);
            assertThat(Float.parseFloat(precise[precise.length - 1])).isBetween(0f, 1f);
        }
        assertThat(runner.out()).contains("precise-BN test accuracy");
    }

    @Test
    void preciseBatchNormIsOnByDefault() {
        assertThat(runner.run("compare", "--help")).isZero();
        assertThat(runner.out().replaceAll("\\s+", " "))
                .contains("--precise-bn=BATCHES", "0 turns it off. Default: 50.");
    }
}
