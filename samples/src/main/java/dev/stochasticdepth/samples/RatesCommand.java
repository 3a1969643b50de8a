package dev.stochasticdepth.samples;

import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.samples.training.Charts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Prints the drop rate and survival probability of every stochastic block of a generated network
 * and charts them, for its compiled-in schedule or another one.
 */
@Command(
        name = "rates",
        mixinStandardHelpOptions = true,
        description =
                "Print a table of block -> drop rate -> survival probability of a model under a"
                        + " schedule, and chart it as rates-<model>.png.")
final class RatesCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private NetworkOption model;

    @Mixin private ScheduleOptions schedule;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results",
            description = "Where to write rates-<model>.png. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Override
    public Integer call() {
        StochasticDepthSettings settings = schedule.settings(model.network, spec);
        List<Float> rates = model.network.rates(settings);
        String title = model.network.id() + ", " + schedule.describe(settings);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(title);
        stdout.println(table(rates));
        Path png = out.resolve("rates-" + model.network.id() + ".png");
        try {
            Files.createDirectories(out);
            Charts.writeRates(png, title, rates);
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "cannot write " + png + " (" + e.getClass().getSimpleName() + ")");
        }
        stdout.println("wrote " + png);
        stdout.flush();
        return 0;
    }

    /**
     * Returns one line per block: its 1-based number, drop rate and survival probability.
     *
     * @param rates p_1..p_L
     * @return the table, with a header line
     */
    static String table(List<Float> rates) {
        StringBuilder table =
                new StringBuilder(
                        String.format(
                                Locale.ROOT, "%5s  %9s  %8s", "block", "drop rate", "survival"));
        for (int l = 0; l < rates.size(); l++) {
            table.append(
                    String.format(
                            Locale.ROOT,
                            "\n%5d  %9.4f  %8.4f",
                            l + 1,
                            rates.get(l),
                            1 - rates.get(l)));
        }
        return table.toString();
    }
}
