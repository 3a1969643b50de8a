package dev.stochasticdepth.samples;

import ai.djl.Model;
import ai.djl.translate.TranslateException;

import dev.stochasticdepth.runtime.PrunedBlock;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.training.Charts;
import dev.stochasticdepth.samples.training.Predictions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Removes residual blocks from both networks that {@code train --save} wrote, the highest drop
 * rate first ({@link StochasticDepth#pruneHighestRates}; the plain twin loses the same blocks),
 * and measures the test accuracy of each shallower network: how much depth each network can lose
 * at inference (Veit et al. 2016).
 */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description =
                "Remove residual blocks, highest drop rate first, from the stochastic network"
                        + " and its plain twin saved by train --save, and print, write as CSV and"
                        + " draw the test accuracy of each after every removal.")
final class PruneCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private SavedModelOption from;

    @Option(
            names = "--max",
            paramLabel = "K",
            description = "Remove up to K blocks. Default: all of them.")
    private Integer max;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results",
            description =
                    "Where to write prune-<model>.csv, .png and .txt. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Override
    public Integer call() throws IOException, TranslateException {
        SavedNetwork stochastic;
        SavedNetwork plain;
        FashionMnist.Split test;
        ExportCommand.checkBatches(spec, from.preciseBnBatches);
        try {
            stochastic = SavedNetwork.read(from.directory, SavedNetwork.STOCHASTIC);
            plain = SavedNetwork.read(from.directory, SavedNetwork.PLAIN);
            test = stochastic.testImages();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int blocks = stochastic.dropRates().size();
        int last = max == null ? blocks : max;
        if (last < 0 || last > blocks) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--max must be in 0.."
                            + blocks
                            + " for "
                            + stochastic.network().id()
                            + ", got "
                            + last);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<PruningStep> steps = new ArrayList<>();
        stdout.printf(
                "%s and its plain twin, %d test images, batch norm %s%n",
                stochastic.network().id(),
                test.size(),
                from.preciseBnBatches > 0
                        ? "re-estimated after every removal over " + from.preciseBnBatches
                                + " batches"
                        : "statistics of training");
        stdout.print(PruningStep.HEADER);
        for (int k = 0; k <= last; k++) {
            List<PrunedBlock> removed;
            double stochasticAccuracy;
            try (Model model = stochastic.load(from.directory, SavedNetwork.STOCHASTIC)) {
                removed = StochasticDepth.pruneHighestRates(model.getBlock(), k);
                stochastic.calibrate(model, from.preciseBnBatches);
                stochasticAccuracy = Predictions.of(model, test, ExportCommand.BATCH).accuracy();
            }
            double plainAccuracy;
            try (Model model = plain.load(from.directory, SavedNetwork.PLAIN)) {
                StochasticDepth.prune(
                        model.getBlock(), removed.stream().map(PrunedBlock::layer).toList());
                plain.calibrate(model, from.preciseBnBatches);
                plainAccuracy = Predictions.of(model, test, ExportCommand.BATCH).accuracy();
            }
            PruningStep step =
                    new PruningStep(
                            k,
                            k == 0 ? null : newest(removed, steps),
                            stochasticAccuracy,
                            plainAccuracy);
            steps.add(step);
            stdout.println(step.row());
            stdout.flush();
        }
        String stem = "prune-" + stochastic.network().id();
        Path txt = output(stem + ".txt");
        Path csv = output(stem + ".csv");
        Path png = output(stem + ".png");
        StringBuilder table = new StringBuilder(PruningStep.HEADER);
        StringBuilder rows = new StringBuilder(PruningStep.CSV_HEADER);
        for (PruningStep step : steps) {
            table.append(step.row()).append('\n');
            rows.append(step.csv()).append('\n');
        }
        Files.writeString(txt, table, StandardCharsets.UTF_8);
        Files.writeString(csv, rows, StandardCharsets.UTF_8);
        Charts.writePruning(
                png,
                stochastic.network().id() + ", " + test.size() + " test images",
                steps.stream().mapToDouble(PruningStep::stochasticAccuracy).toArray(),
                steps.stream().mapToDouble(PruningStep::plainAccuracy).toArray());
        stdout.printf("wrote %s, %s and %s%n", txt, csv, png);
        stdout.flush();
        return 0;
    }

    /** The block removed at this step: the one not removed at the step before. */
    private static PrunedBlock newest(List<PrunedBlock> removed, List<PruningStep> steps) {
        List<Integer> before = new ArrayList<>();
        for (PruningStep step : steps) {
            if (step.added() != null) {
                before.add(step.added().layer());
            }
        }
        return removed.stream()
                .filter(block -> !before.contains(block.layer()))
                .findFirst()
                .orElseThrow();
    }

    private Path output(String name) throws IOException {
        Files.createDirectories(out);
        return out.resolve(name);
    }

    /**
     * One row of the pruning curve.
     *
     * @param removed how many blocks are removed
     * @param added the block removed at this step, {@code null} for the full network
     * @param stochasticAccuracy the stochastic network's test accuracy at inference
     * @param plainAccuracy the plain twin's test accuracy
     */
    record PruningStep(
            int removed, PrunedBlock added, double stochasticAccuracy, double plainAccuracy) {

        static final String HEADER =
                String.format(
                        "| blocks removed | last removed (l, p_l) | left in its place |"
                                + " stochastic | plain |%n|---:|---|---|---:|---:|%n");

        static final String CSV_HEADER =
                "removed,layer,drop_rate,left_in_place,stochastic_accuracy,plain_accuracy\n";

        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %d | %s | %s | %.2f%% | %.2f%% |",
                    removed,
                    added == null
                            ? "-"
                            : String.format(
                                    Locale.ROOT, "%d, %.3f", added.layer(), added.dropRate()),
                    added == null ? "-" : added.leftInPlace(),
                    100 * stochasticAccuracy,
                    100 * plainAccuracy);
        }

        String csv() {
            return String.format(
                    Locale.ROOT,
                    "%d,%s,%s,\"%s\",%.4f,%.4f",
                    removed,
                    added == null ? "" : Integer.toString(added.layer()),
                    added == null ? "" : Float.toString(added.dropRate()),
                    added == null ? "" : added.leftInPlace(),
                    stochasticAccuracy,
                    plainAccuracy);
        }
    }
}
