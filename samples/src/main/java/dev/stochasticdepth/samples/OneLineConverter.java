package dev.stochasticdepth.samples;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.function.Function;

/**
 * A picocli converter over a parser that names what is wrong in an {@code
 * IllegalArgumentException}: picocli then reports {@code Invalid value for option '--x': <the
 * message>}, one line, and the program exits with status 2.
 *
 * @param <T> the option's type
 */
abstract class OneLineConverter<T> implements ITypeConverter<T> {

    private final Function<String, T> parser;

    /**
     * Creates a converter.
     *
     * @param parser turns an option value into a {@code T}, or throws an {@code
     *     IllegalArgumentException} naming the value
     */
    OneLineConverter(Function<String, T> parser) {
        this.parser = parser;
    }

    @Override
    public T convert(String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
