package dev.stochasticdepth.samples;

import picocli.CommandLine.Option;

/** The {@code --model} option shared by {@code train} and {@code rates}. */
final class NetworkOption {

    @Option(
            names = "--model",
            paramLabel = "NAME",
            defaultValue = "resnet20",
            converter = NetworkConverter.class,
            description =
                    "The network, one of: resnet20, resnet56, resnet110, resnet1202,"
                            + " preact-resnet20, resnet18, resnet34, resnet50, resnet101,"
                            + " resnet152, mobilenetv2 (DJL's model-zoo MobileNetV2 by"
                            + " surgery), efficientnet-mini, vit. Default: ${DEFAULT-VALUE}.")
    SampleNetwork network;
}
