package dev.stochasticdepth.samples;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of the commands that read what {@code train --save} wrote: where, and how to
 * evaluate it.
 */
final class SavedModelOption {

    /** Where {@code train --save} writes by default in the README's commands. */
    static final String DEFAULT = "results/model";

    @Option(
            names = "--from",
            paramLabel = "DIR",
            defaultValue = DEFAULT,
            description =
                    "The folder that train --save DIR wrote. Default: ${DEFAULT-VALUE}.")
    Path directory;

    @Option(
            names = "--precise-bn",
            paramLabel = "BATCHES",
            defaultValue = "50",
            description =
                    "After loading (and after pruning), re-estimate batch norm's running"
                            + " statistics from the network's inference form over the first"
                            + " BATCHES batches of 64 training images (PreciseBatchNorm), as"
                            + " train --precise-bn does; 0 keeps the statistics of training."
                            + " Default: ${DEFAULT-VALUE}.")
    int preciseBnBatches;
}
