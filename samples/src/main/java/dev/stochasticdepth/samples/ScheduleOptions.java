package dev.stochasticdepth.samples;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.StochasticDepthSettings;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --drop} and {@code --distribution} options shared by {@code train} and {@code rates}:
 * either keeps a network's own schedule or replaces it with another one.
 */
final class ScheduleOptions {

    @Option(
            names = "--drop",
            paramLabel = "P",
            description =
                    "Drop rate of the deepest block, in [0, 1). Default: the definition's"
                            + " (rates --model NAME shows it).")
    Double drop;

    @Option(
            names = "--distribution",
            paramLabel = "SCHEDULE",
            description =
                    "How rates grow with depth: ${COMPLETION-CANDIDATES}. Default: the"
                            + " definition's (rates --model NAME shows it).")
    Distribution distribution;

    /**
     * Returns whether the options leave the network's schedule as it is.
     *
     * @return {@code true} if neither option was given
     */
    boolean keepsDefinition() {
        return drop == null && distribution == null;
    }

    /**
     * Returns the network's settings with the options' drop and distribution, each one not given
     * taken from the network's own settings.
     *
     * @param network the network
     * @param spec the command, for errors
     * @return the settings
     * @throws ParameterException if {@code --drop} is out of range
     */
    StochasticDepthSettings settings(SampleNetwork network, CommandSpec spec) {
        StochasticDepthSettings settings = network.settings();
        if (drop != null) {
            try {
                settings = settings.withDrop(drop);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--drop: " + e.getMessage());
            }
        }
        return distribution != null ? settings.withDistribution(distribution) : settings;
    }

    /**
     * Describes the schedule in words, for headers and chart titles.
     *
     * @param settings the settings {@link #settings} returned
     * @return for example {@code "drop 0.5 LINEAR"}
     */
    String describe(StochasticDepthSettings settings) {
        // The deepest block's rate as the blocks hold it, a float: 0.2 * 8 / 9 reads 0.17777778.
        String deepest = String.valueOf((float) settings.drop());
        if (keepsDefinition()) {
            return "drop " + deepest + ", the definition's schedule";
        }
        return "drop " + deepest + " " + settings.distribution();
    }
}
