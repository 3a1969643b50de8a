package test;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.pooling.Pool;

import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/**
 * Layers inherited from a superclass: its static stem is called through it, its instance units on
 * the definition, its head is overridden, and the definition adds a layer of its own.
 */
public final class Inherited {
    private Inherited() {}

    /** The layers every variant shares; it is not a definition itself. */
    static class Base {
        private final int width;

        Base(int width) {
            this.width = width;
        }

        @Layer(order = -1)
        static Block stem() {
            return Blocks.identityBlock();
        }

        @Layer(order = 0, repeat = 3)
        Basic unit(int i) {
            return new Basic(width);
        }

        @Layer(order = 2)
        Block head() {
            return Blocks.identityBlock();
        }
    }

    @StochasticDepth(drop = 0.5, target = Basic.class)
    static final class Wide extends Base {
        Wide(int width) {
            super(width);
        }

        @Override
        @Layer(order = 2)
        Block head() {
            return Pool.globalAvgPool2dBlock();
        }

        @Layer(order = 1, repeat = 2)
        static Basic wide(int i) {
            return new Basic(16);
        }
    }
}
