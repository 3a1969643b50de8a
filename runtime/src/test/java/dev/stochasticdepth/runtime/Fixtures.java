package dev.stochasticdepth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

import dev.stochasticdepth.annotations.PostActivation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Blocks, forwards and checks shared by the runtime tests. */
final class Fixtures {

    private Fixtures() {}

    /**
     * Returns a builder for a block whose output is its keep mask broadcast over each sample: the
     * branch returns ones, the shortcut zeros, and there is no post-activation.
     */
    static StochasticResidualBlock.Builder maskReader(float dropRate) {
        return StochasticResidualBlock.builder()
                .setBranch(LambdaBlock.singleton(NDArray::onesLike, "ones"))
                .optShortcut(LambdaBlock.singleton(NDArray::zerosLike, "zeros"))
                .optPostActivation(PostActivation.NONE)
                .optDropRate(dropRate);
    }

    /** Returns 3x3 conv, batch norm, ReLU, 3x3 conv, batch norm: a ResNet basic branch. */
    static Block convBranch(int channels, int stride) {
        return new SequentialBlock()
                .add(conv(channels, 3, stride))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(conv(channels, 3, 1))
                .add(BatchNorm.builder().build());
    }

    /** Returns a 1x1 conv and batch norm: a ResNet projection shortcut. */
    static Block projection(int channels, int stride) {
        return new SequentialBlock()
                .add(conv(channels, 1, stride))
                .add(BatchNorm.builder().build());
    }

    /** Returns a bias-free convolution with "same" padding. */
    static Block conv(int channels, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    /** Runs {@code block} on {@code x}, with {@code x}'s manager as the parameter store's. */
    static NDArray forward(Block block, NDArray x, boolean training) {
        ParameterStore store = new ParameterStore(x.getManager(), false);
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** Returns the parameter file of {@code block}, as {@code Model.save} writes it. */
    static byte[] parameterFile(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Loads a parameter file written by {@link #parameterFile} into {@code block}. */
    static void load(Block block, NDManager manager, byte[] file)
            throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file))) {
            block.loadParameters(manager, in);
        }
    }

    /** Initializes {@code block} in single precision for inputs of {@code shape}. */
    static <B extends Block> B initialized(B block, NDManager manager, Shape shape) {
        block.initialize(manager, DataType.FLOAT32, shape);
        return block;
    }

    /**
     * Returns the keep value of each row of a mask-reader output, failing if any row is not one
     * constant: the keep decision is per sample, never per element.
     */
    static float[] rowValues(NDArray output) {
        int rows = Math.toIntExact(output.getShape().get(0));
        float[] values = output.toType(DataType.FLOAT32, false).toFloatArray();
        int rowLength = values.length / rows;
        float[] rowValues = new float[rows];
        for (int row = 0; row < rows; row++) {
            rowValues[row] = values[row * rowLength];
            for (int i = 1; i < rowLength; i++) {
                if (values[row * rowLength + i] != rowValues[row]) {
                    throw new AssertionError(
                            String.format(
                                    "row %d mixes keep values %s and %s",
                                    row, rowValues[row], values[row * rowLength + i]));
                }
            }
        }
        return rowValues;
    }

    /**
     * Asserts that {@code count} successes in {@code trials} Bernoulli trials fit the success
     * probability {@code probability} within 4 standard deviations of the binomial: a correct block
     * fails this with probability about 6e-5, and the fixed seeds make each run repeat the same
     * draws.
     */
    static void assertBinomial(long count, long trials, double probability, String what) {
        double mean = trials * probability;
        double sigma = Math.sqrt(trials * probability * (1 - probability));
        assertThat((double) count)
                .as(
                        "%s: %d of %d, expected %.1f +- 4 sigma (sigma %.1f)",
                        what, count, trials, mean, sigma)
                .isCloseTo(mean, within(4 * sigma));
    }
}
