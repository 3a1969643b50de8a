package dev.stochasticdepth.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link Residual} class that builds the shortcut, which is never dropped.
 *
 * <p>Optional, at most one per class: a non-private instance method with no parameters that
 * returns an {@code ai.djl.nn.Block}. Without it the shortcut is the identity. For example
 * {@code @Shortcut Block shortcut() { return project ? conv1x1() : Blocks.identityBlock(); }}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Shortcut {}
