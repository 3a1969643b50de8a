package dev.stochasticdepth.samples;

import picocli.CommandLine.Option;

/**
 * The {@code --model} option shared by {@code train}, {@code compare} and {@code rates}: its help
 * text lists the names of the {@link SampleNetwork} catalogue, and its converter accepts only them.
 */
final class NetworkOption {

    @Option(
            names = "--model",
            paramLabel = "NAME",
            defaultValue = "resnet20",
            converter = NetworkConverter.class,
            completionCandidates = SampleNetwork.Ids.class,
            description =
                    "The network, one of: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SampleNetwork network;
}
