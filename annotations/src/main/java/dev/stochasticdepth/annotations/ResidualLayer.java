package dev.stochasticdepth.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a layer made of several residual units that share one drop rate and one position in the
 * schedule, such as a transformer encoder layer: an attention residual, then an MLP residual.
 *
 * <p>The class lists its residuals with {@link Sublayer} methods, applied in ascending {@link
 * Sublayer#order}. As a {@link StochasticDepth#target} it counts once in the depth L: layer l gets
 * the rate p_l and every one of its residuals drops with p_l, each drawing its own per-sample keep
 * bits (timm's and DeiT's {@code Block} with {@code drop_path1} and {@code drop_path2}):
 *
 * <pre>{@code
 * @ResidualLayer
 * public final class EncoderLayer {
 *     private final int dim;
 *     public EncoderLayer(int dim) { this.dim = dim; }
 *
 *     @Sublayer(order = 0) Attention attention() { return new Attention(dim); }  // a @Residual
 *     @Sublayer(order = 1) Mlp mlp() { return new Mlp(dim, 4 * dim); }           // a @Residual
 * }
 *
 * @StochasticDepth(drop = 0.1, distribution = Distribution.LINEAR_FROM_ZERO,
 *         target = EncoderLayer.class)
 * public final class VisionTransformer {
 *     @Layer(order = 0) static Block embedding() { ... }
 *     @Layer(order = 1, repeat = 6) static EncoderLayer encoder(int i) { return new EncoderLayer(64); }
 *     @Layer(order = 2) static Block head() { ... }
 * }
 * }</pre>
 *
 * <p>The generated layer is a {@code SequentialBlock} of its residuals, so its parameter file is
 * that of a {@code SequentialBlock} of their plain {@code ParallelBlock}s. A {@code @ResidualLayer}
 * type that a layer returns but that is not a target becomes exactly that plain layer, not counted
 * in L.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ResidualLayer {}
