package test;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.Residual;

/** A basic ResNet unit with an identity shortcut: two 3x3 convolutions. */
@Residual
public final class Basic {
    private final int filters;

    public Basic(int filters) {
        this.filters = filters;
    }

    @Branch
    Block branch() {
        return new SequentialBlock()
                .add(conv3x3())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(conv3x3())
                .add(BatchNorm.builder().build());
    }

    private Block conv3x3() {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .build();
    }
}
