package it.consumer;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;

import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/** A residual perceptron: stem, four stochastic units, head. */
@StochasticDepth(drop = 0.2, target = Dense.class)
public final class Mlp {
    private final int classes;

    public Mlp(int classes) {
        this.classes = classes;
    }

    @Layer(order = 0)
    static Block stem() {
        return Linear.builder().setUnits(16).build();
    }

    @Layer(order = 1, repeat = 4)
    static Dense unit(int i) {
        return new Dense(16);
    }

    @Layer(order = 2)
    Block head() {
        return Linear.builder().setUnits(classes).build();
    }
}
