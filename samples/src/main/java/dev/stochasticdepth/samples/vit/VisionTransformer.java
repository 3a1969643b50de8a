package dev.stochasticdepth.samples.vit;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/**
 * A small vision transformer for 28x28 images (Dosovitskiy et al., 2021; DeiT's recipe for drop
 * path): 4x4 patches embedded by a strided convolution into 49 tokens of width 64 with learned
 * positions, 6 pre-norm encoder layers of 4 attention heads and an MLP of width 256, then layer norm,
 * the mean over the tokens and a linear classifier.
 *
 * <p>Stochastic depth counts the encoder layers, not their residuals: layer l of L = 6 drops both
 * its attention and its MLP residual with rate {@code 0.1 * (l - 1) / (L - 1)}, from 0 for the first
 * to 0.1 for the last, as timm's {@code drop_path_rate} does (DeiT-Tiny's 0.1). The processor
 * generates {@code StochasticVisionTransformer} from this definition.
 */
@StochasticDepth(
        drop = 0.1,
        distribution = Distribution.LINEAR_FROM_ZERO,
        target = EncoderLayer.class)
public final class VisionTransformer {

    /** The token width D. */
    static final int DIM = 64;

    /** The attention heads of every layer. */
    static final int HEADS = 4;

    /** The side of a square patch, in pixels. */
    static final int PATCH = 4;

    /** The number of tokens of a 28x28 image: (28 / 4)^2. */
    static final int TOKENS = (28 / PATCH) * (28 / PATCH);

    private final int classes;

    /**
     * Defines the network.
     *
     * @param classes the number of outputs of the classifier
     */
    public VisionTransformer(int classes) {
        this.classes = classes;
    }

    /**
     * Returns the patch embedding: a {@code PATCH}-strided convolution of {@code DIM} filters,
     * {@code (N, DIM, 7, 7)} reshaped to tokens {@code (N, 49, DIM)}, plus learned positions.
     *
     * @return the embedding
     */
    @Layer(order = 0)
    static Block patchEmbedding() {
        return new SequentialBlock()
                .add(
                        Conv2d.builder()
                                .setFilters(DIM)
                                .setKernelShape(new Shape(PATCH, PATCH))
                                .optStride(new Shape(PATCH, PATCH))
                                .build())
                .addSingleton(x -> x.reshape(x.getShape().get(0), DIM, -1).transpose(0, 2, 1))
                .add(new PositionEmbedding(TOKENS, DIM));
    }

    /**
     * Returns encoder layer {@code i}.
     *
     * @param i the 0-based layer, of 6
     * @return the layer
     */
    @Layer(order = 1, repeat = 6)
    static EncoderLayer encoder(int i) {
        return new EncoderLayer(DIM, HEADS, 4 * DIM);
    }

    /**
     * Returns layer norm, the mean over the tokens and the classifier.
     *
     * @return the head, giving {@code (N, classes)} logits
     */
    @Layer(order = 2)
    Block head() {
        return new SequentialBlock()
                .add(LayerNorm.builder().build())
                .addSingleton(x -> x.mean(new int[] {1}))
                .add(Linear.builder().setUnits(classes).build());
    }
}
