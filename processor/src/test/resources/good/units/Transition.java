package test;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.Residual;
import dev.stochasticdepth.annotations.Shortcut;

/** A downsampling unit that is never dropped: a strided convolution beside a strided projection. */
@Residual
public final class Transition {
    private final int filters;

    public Transition(int filters) {
        this.filters = filters;
    }

    @Branch
    public Block branch() {
        return conv(3, 1);
    }

    @Shortcut
    public Block shortcut() {
        return conv(1, 0);
    }

    private Block conv(int kernel, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(2, 2))
                .optPadding(new Shape(padding, padding))
                .build();
    }
}
