/**
 * The annotation DSL of stochastic depth for DJL.
 *
 * <p>Annotate a network definition with {@link dev.stochasticdepth.annotations.StochasticDepth},
 * its layers with {@link dev.stochasticdepth.annotations.Layer}, and each residual unit with
 * {@link dev.stochasticdepth.annotations.Residual}, {@link dev.stochasticdepth.annotations.Branch}
 * and optionally {@link dev.stochasticdepth.annotations.Shortcut}, and each layer of several
 * residuals that share one rate (a transformer encoder layer) with {@link
 * dev.stochasticdepth.annotations.ResidualLayer} and {@link
 * dev.stochasticdepth.annotations.Sublayer}; the annotation processor
 * ({@code stochastic-depth-processor}) then generates a DJL {@code Block} for the network. The
 * enums hold the choices, and {@link dev.stochasticdepth.annotations.Distribution} holds the one
 * formula for the per-layer drop rates, shared by the processor and the runtime.
 */
package dev.stochasticdepth.annotations;
