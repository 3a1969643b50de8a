/**
 * The annotation processor of stochastic depth for DJL: it turns each class annotated {@link
 * dev.stochasticdepth.annotations.StochasticDepth} into a DJL network at compile time.
 *
 * <p>Put {@code stochastic-depth-processor} in the compiler's {@code annotationProcessorPaths} (or
 * on the class path before JDK 23); {@link dev.stochasticdepth.processor.StochasticDepthProcessor}
 * then generates, beside each definition, a {@code SequentialBlock} subclass with the drop rates as
 * constants and one nested stochastic residual block class per target. Invalid definitions are
 * compile errors, and a definition still waiting for a missing type when processing ends is a
 * warning beside javac's error; their ids are listed in {@link
 * dev.stochasticdepth.processor.Message}.
 */
package dev.stochasticdepth.processor;
