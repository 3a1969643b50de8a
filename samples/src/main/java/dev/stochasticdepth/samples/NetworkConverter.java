package dev.stochasticdepth.samples;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code --model} values, naming the known models when the value is none of them. */
final class NetworkConverter implements ITypeConverter<SampleNetwork> {

    @Override
    public SampleNetwork convert(String value) {
        try {
            return SampleNetwork.forId(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
