package dev.stochasticdepth.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link StochasticDepth} definition, or of a superclass of one, that makes
 * one layer of the network.
 *
 * <p>The method, static or instance, returns either an {@code ai.djl.nn.Block} (added as it is),
 * an instance of a {@link StochasticDepth#target} type (wrapped in a stochastic residual block
 * that counts in the depth L) or of another {@link Residual} type (wrapped in a plain residual
 * block); a {@link ResidualLayer} type likewise gives a stochastic layer of residuals sharing one
 * rate if it is a target, a plain one if not. With {@code repeat > 1} it takes one {@code int} parameter, the 0-based repetition index:
 *
 * <pre>{@code
 * @Layer(order = 2, repeat = 4)
 * Bottleneck conv3(int i) { return new Bottleneck(512, i == 0 ? 2 : 1, i == 0); }
 * }</pre>
 *
 * <p>A definition's layers are the {@code @Layer} methods declared in it and in its superclasses
 * (not its interfaces), so variants can extend one base class that holds the layers. Java does not
 * inherit method annotations: an override is one layer only if it carries {@code @Layer} itself,
 * and an override without it is a compile error. Inherited layer methods must be accessible from
 * the definition's package; static ones are called through the class that declares them.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Layer {

    /**
     * Returns the position of this layer; layers are assembled in ascending order.
     *
     * @return an order unique within the definition and its superclasses
     */
    int order();

    /**
     * Returns how many times the method is called, each time with the next 0-based index.
     *
     * @return at least 1
     */
    int repeat() default 1;
}
