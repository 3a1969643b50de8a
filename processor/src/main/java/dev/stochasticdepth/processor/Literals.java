package dev.stochasticdepth.processor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Predicate;

/**
 * Java literals for numbers that are the same on every JDK: the shortest decimal that reads back as
 * the value, and the closest one of that length. {@code Float.toString} alone is not enough, since
 * before JDK 19 it sometimes printed more digits than needed.
 */
final class Literals {

    private Literals() {}

    /** Returns the literal of {@code value}, such as {@code 0.0125f}. */
    static String floatLiteral(float value) {
        BigDecimal shortest =
                shortest(value, Float.toString(value), text -> Float.parseFloat(text) == value);
        return plain(shortest) + "f";
    }

    /** Returns the shortest decimal that reads back as {@code value}, such as {@code 0.2}. */
    static String decimal(double value) {
        return plain(
                shortest(value, Double.toString(value), text -> Double.parseDouble(text) == value));
    }

    /**
     * Returns {@code exact} rounded to the fewest significant digits that still read back as it. If
     * some precision reads back, every larger one does too, so the search starts from the length of
     * a decimal that is known to read back ({@code readsBack}) and shortens it.
     */
    private static BigDecimal shortest(
            double exact, String readingBack, Predicate<String> readsBack) {
        int digits = new BigDecimal(readingBack).stripTrailingZeros().precision();
        while (digits > 1 && readsBack.test(round(exact, digits - 1).toString())) {
            digits--;
        }
        return round(exact, digits);
    }

    private static BigDecimal round(double value, int digits) {
        return new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    }

    private static String plain(BigDecimal value) {
        String text = value.stripTrailingZeros().toPlainString();
        return text.contains(".") ? text : text + ".0";
    }
}
