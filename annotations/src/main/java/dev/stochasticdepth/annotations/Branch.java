package dev.stochasticdepth.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link Residual} class that builds the residual branch f(x), the part
 * stochastic depth drops.
 *
 * <p>Exactly one per {@link Residual} class: a non-private instance method with no parameters
 * that returns an {@code ai.djl.nn.Block}, for example {@code @Branch Block branch() { ... }}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Branch {}
