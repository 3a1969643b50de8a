package test;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.Residual;
import dev.stochasticdepth.annotations.Shortcut;

/** A ResNet bottleneck unit: 1x1, 3x3, 1x1 convolutions, projected when it changes shape. */
@Residual
public final class Bottleneck {
    private final int filters;
    private final int stride;
    private final boolean project;

    public Bottleneck(int filters, int stride, boolean project) {
        this.filters = filters;
        this.stride = stride;
        this.project = project;
    }

    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(conv(filters / 4, 1, 1))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(conv(filters / 4, 3, stride))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(conv(filters, 1, 1))
                .add(BatchNorm.builder().build());
    }

    @Shortcut
    public Block shortcut() {
        if (!project) {
            return Blocks.identityBlock();
        }
        return new SequentialBlock().add(conv(filters, 1, stride)).add(BatchNorm.builder().build());
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }
}
