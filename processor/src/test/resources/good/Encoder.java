package test;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/** A transformer encoder: four layers of two residuals each, counted as four, timm's schedule. */
@StochasticDepth(
        drop = 0.1,
        distribution = Distribution.LINEAR_FROM_ZERO,
        target = EncoderLayer.class)
public final class Encoder {
    private final int classes;

    public Encoder(int classes) {
        this.classes = classes;
    }

    @Layer(order = 0)
    static Block embedding() {
        return Linear.builder().setUnits(16).build();
    }

    @Layer(order = 1, repeat = 4)
    static EncoderLayer layer(int i) {
        return new EncoderLayer(16);
    }

    @Layer(order = 2)
    Block head() {
        return Blocks.batchFlattenBlock();
    }
}
