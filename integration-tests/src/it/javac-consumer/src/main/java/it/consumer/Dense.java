package it.consumer;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.Residual;

/** A fully connected residual unit. */
@Residual
public final class Dense {
    private final int units;

    public Dense(int units) {
        this.units = units;
    }

    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(units).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(units).build());
    }
}
