package dev.stochasticdepth.samples;

import dev.stochasticdepth.annotations.Distribution;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.List;

/**
 * The {@code --drop} and {@code --distribution} options shared by {@code train} and {@code rates}:
 * either keeps a generated network's compiled-in rates or replaces them with another schedule.
 */
final class ScheduleOptions {

    @Option(
            names = "--drop",
            paramLabel = "P",
            description =
                    "Drop rate of the deepest block, in [0, 1). Default: the definition's"
                            + " (0.5 for the CIFAR layouts, 0.1 for the ImageNet ones and vit).")
    Double drop;

    @Option(
            names = "--distribution",
            paramLabel = "SCHEDULE",
            description =
                    "How rates grow with depth: ${COMPLETION-CANDIDATES}. Default: the"
                            + " definition's (LINEAR; LINEAR_FROM_ZERO for vit).")
    Distribution distribution;

    /**
     * Returns whether the options leave the compiled-in rates as they are.
     *
     * @return {@code true} if neither option was given
     */
    boolean keepsDefinition() {
        return drop == null && distribution == null;
    }

    /**
     * Returns the rates the options select for {@code network}: its compiled-in rates if neither
     * option was given, else the schedule with the options' values, taking the one not given from
     * the definition (the distribution its compiled rates follow, and the deepest block's rate,
     * which every schedule gives the deepest block).
     *
     * @param network the generated network
     * @param spec the command, for errors
     * @return p_1..p_L
     * @throws ParameterException if {@code --drop} is out of range
     */
    List<Float> dropRates(SampleNetwork network, CommandSpec spec) {
        List<Float> compiled = network.dropRates();
        if (keepsDefinition()) {
            return compiled;
        }
        // Through the decimal string, so that a compiled 0.1f stays 0.1 and not 0.10000000149.
        double deepest =
                drop != null
                        ? drop
                        : Double.parseDouble(compiled.get(compiled.size() - 1).toString());
        try {
            Distribution.checkDrop(deepest);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--drop: " + e.getMessage());
        }
        Distribution schedule =
                distribution != null ? distribution : definitionDistribution(compiled);
        return StochasticBlocks.schedule(schedule, deepest, compiled.size());
    }

    /** Returns the distribution the compiled rates follow; LINEAR if several or none do. */
    private static Distribution definitionDistribution(List<Float> compiled) {
        return StochasticBlocks.distributionOf(compiled).orElse(Distribution.LINEAR);
    }

    /**
     * Describes the schedule in words, for headers and chart titles.
     *
     * @param rates the rates {@link #dropRates} returned
     * @return for example {@code "drop 0.5 LINEAR"}
     */
    String describe(List<Float> rates) {
        String deepest = String.valueOf(rates.get(rates.size() - 1));
        if (keepsDefinition()) {
            return "drop " + deepest + ", the definition's schedule";
        }
        return "drop "
                + deepest
                + " "
                + (distribution != null ? distribution : definitionDistribution(rates));
    }
}
