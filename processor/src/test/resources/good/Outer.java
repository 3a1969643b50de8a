package test;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.core.Linear;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.Residual;
import dev.stochasticdepth.annotations.StochasticDepth;

/** Nested definitions and units: names join the enclosing class names with _. */
public final class Outer {
    private Outer() {}

    /** A generic unit: the generated block takes any {@code Dense<?>}. */
    @Residual
    public static final class Dense<T> {
        private final int units;

        public Dense(int units) {
            this.units = units;
        }

        @Branch
        public Block branch() {
            return Linear.builder().setUnits(units).build();
        }
    }

    @StochasticDepth(drop = 0.3, distribution = Distribution.LINEAR_FROM_ZERO, target = Dense.class)
    static final class Inner {
        @Layer(order = 0, repeat = 5)
        static Dense<String> dense(int i) {
            return new Dense<>(32);
        }

        @Layer(order = 1)
        static Block flatten() {
            return Blocks.batchFlattenBlock();
        }
    }
}
