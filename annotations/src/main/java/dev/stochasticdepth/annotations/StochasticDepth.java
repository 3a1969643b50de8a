package dev.stochasticdepth.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a network definition whose residual blocks of the {@link #target} types become
 * stochastic-depth blocks in a generated DJL network.
 *
 * <p>The annotated class lists its layers with {@link Layer} methods. The annotation processor
 * generates one top-level class, by default named {@code Stochastic} followed by the class name,
 * which is a DJL {@code SequentialBlock} of those layers with the per-layer drop rates computed by
 * {@link #distribution} as compile-time constants:
 *
 * <pre>{@code
 * @StochasticDepth(drop = 0.2, distribution = Distribution.LINEAR, target = Bottleneck.class)
 * public final class ResNet50 {
 *     @Layer(order = 0) static Block stem() { ... }
 *     @Layer(order = 1, repeat = 3) static Bottleneck conv2(int i) { ... }
 *     @Layer(order = 2) static Block head() { ... }
 * }
 *
 * Block net = new StochasticResNet50();
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StochasticDepth {

    /**
     * Returns the drop rate of the deepest stochastic block, in [0, 1).
     *
     * @return the drop rate that {@link #distribution} scales down for shallower blocks
     */
    double drop();

    /**
     * Returns how the drop rate grows with depth.
     *
     * @return the schedule of per-layer drop rates
     */
    Distribution distribution() default Distribution.LINEAR;

    /**
     * Returns the {@link Residual} types whose blocks become stochastic and count in the depth L,
     * and the {@link ResidualLayer} types whose layers do, each counting once for all its
     * residuals.
     *
     * @return one or more {@link Residual} or {@link ResidualLayer} classes
     */
    Class<?>[] target();

    /**
     * Returns whether each sample or the whole batch draws the keep decision.
     *
     * @return the drop granularity
     */
    StochasticMethod method() default StochasticMethod.SAMPLE;

    /**
     * Returns when the branch is rescaled so that training and inference agree in expectation.
     *
     * @return the scaling mode
     */
    Scaling scaling() default Scaling.INFERENCE;

    /**
     * Returns whether, with {@link StochasticMethod#SAMPLE}, the branch runs only on the kept
     * samples; the output has the same distribution for less compute, but batch normalisation in
     * the branch then sees only the kept samples.
     *
     * @return {@code true} to skip the branch for dropped samples
     */
    boolean skipDropped() default false;

    /**
     * Returns the simple name of the generated class; empty means {@code Stochastic} followed by
     * the class name, with enclosing class names joined by {@code _}.
     *
     * @return a Java identifier, or the empty string for the default name
     */
    String name() default "";
}
