package dev.stochasticdepth.samples;

/** Converts {@code --model} values, naming the known models when the value is none of them. */
final class NetworkConverter extends OneLineConverter<SampleNetwork> {

    /** Creates the converter picocli instantiates. */
    NetworkConverter() {
        super(SampleNetwork::forId);
    }
}
