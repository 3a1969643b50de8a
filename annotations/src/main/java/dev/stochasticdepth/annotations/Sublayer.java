package dev.stochasticdepth.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link ResidualLayer} class that returns one of the layer's residuals.
 *
 * <p>A non-private instance method with no parameters that returns a {@link Residual} type, for
 * example {@code @Sublayer(order = 0) Attention attention() { return new Attention(dim); }}. The
 * layer applies its residuals one after the other in ascending {@link #order}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Sublayer {

    /**
     * Returns the position of this residual in the layer; residuals run in ascending order.
     *
     * @return an order unique within the layer
     */
    int order();
}
