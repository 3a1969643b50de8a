package test;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Residual;

/** A pre-activation unit: batch norm and ReLU before each convolution, nothing after the add. */
@Residual(postActivation = PostActivation.NONE)
public record PreActivation(int filters) {

    @Branch
    public Block branch() {
        return new SequentialBlock()
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(
                        Conv2d.builder()
                                .setFilters(filters)
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .build());
    }
}
