package dev.stochasticdepth.processor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Java literals for numbers, the same on every JDK: {@code Float.toString} changed its output for
 * some values in JDK 19, and generated sources must not depend on the compiler's JDK.
 */
final class Literals {

    private Literals() {}

    /** Returns the shortest decimal literal that reads back as {@code value}, such as {@code 0.0125f}. */
    static String floatLiteral(float value) {
        for (int digits = 1; ; digits++) {
            BigDecimal rounded = round(value, digits);
            if (Float.parseFloat(rounded.toString()) == value) {
                return plain(rounded) + "f";
            }
        }
    }

    /** Returns the shortest decimal that reads back as {@code value}, such as {@code 0.2}. */
    static String decimal(double value) {
        for (int digits = 1; ; digits++) {
            BigDecimal rounded = round(value, digits);
            if (Double.parseDouble(rounded.toString()) == value) {
                return plain(rounded);
            }
        }
    }

    private static BigDecimal round(double value, int digits) {
        return new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    }

    private static String plain(BigDecimal value) {
        String text = value.stripTrailingZeros().toPlainString();
        return text.contains(".") ? text : text + ".0";
    }
}
