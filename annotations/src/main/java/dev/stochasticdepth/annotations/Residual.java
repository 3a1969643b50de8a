package dev.stochasticdepth.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a residual unit definition: {@code post(shortcut(x) + branch(x))}.
 *
 * <p>The class has exactly one {@link Branch} method and at most one {@link Shortcut} method (the
 * identity when absent), both instance methods without parameters returning an
 * {@code ai.djl.nn.Block}:
 *
 * <pre>{@code
 * @Residual
 * public final class Basic {
 *     private final int filters;
 *     public Basic(int filters) { this.filters = filters; }
 *
 *     @Branch Block branch() { return conv3x3(filters).add(batchNorm()).add(Activation::relu)...; }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Residual {

    /**
     * Returns the activation applied after the shortcut and branch are added.
     *
     * @return {@link PostActivation#RELU} for the original ResNet, {@link PostActivation#NONE} for
     *     pre-activation and ConvNeXt-style units
     */
    PostActivation postActivation() default PostActivation.RELU;
}
