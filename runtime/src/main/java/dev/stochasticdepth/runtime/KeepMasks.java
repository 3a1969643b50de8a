package dev.stochasticdepth.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Draws the per-sample Bernoulli keep bits of stochastic depth from the engine's random generator,
 * on the input's device, so that {@code Engine.setRandomSeed} makes them repeatable. (The one
 * decision per block of BLOCK is drawn on the host: {@link StochasticResidualBlock#keepsBranch}.)
 *
 * <p>DJL has no Bernoulli operator: a keep bit is {@code u < keepProbability} for {@code u} uniform
 * in [0, 1), which is 1 with probability {@code keepProbability}.
 */
public final class KeepMasks {

    private KeepMasks() {}

    /**
     * Returns one keep value per sample of {@code x}, shaped {@code (N, 1, ..., 1)} with the rank of
     * {@code x} so that it broadcasts over each sample, on the device and with the data type of
     * {@code x}: {@code keptValue} with probability {@code keepProbability}, else 0.
     *
     * @param x a batch, of rank at least 1, whose first axis is the sample axis
     * @param keepProbability the probability that a sample is kept, {@code 1 - p}
     * @param keptValue the value of a kept sample's entry: 1, or {@code 1 / (1 - p)} to rescale
     * @return the mask, attached to the manager of {@code x}
     * @throws IllegalArgumentException if {@code x} is a scalar
     */
    public static NDArray perSample(NDArray x, float keepProbability, float keptValue) {
        Shape shape = maskShape(x);
        try (NDArray uniform = uniform(x, shape);
                NDArray bits = uniform.lt(keepProbability)) {
            NDArray mask = bits.toType(x.getDataType(), false);
            return keptValue == 1f ? mask : mask.muli(keptValue);
        }
    }

    /**
     * Returns the broadcastable shape {@code (N, 1, ..., 1)} of a per-sample mask for {@code x}.
     *
     * @param x a batch of rank at least 1
     * @return a shape of the same rank as {@code x}
     * @throws IllegalArgumentException if {@code x} is a scalar
     */
    static Shape maskShape(NDArray x) {
        checkBatch(x);
        Shape shape = x.getShape();
        long[] dims = new long[shape.dimension()];
        Arrays.fill(dims, 1L);
        dims[0] = shape.get(0);
        return new Shape(dims);
    }

    /**
     * Checks that {@code x} is a batch, with samples on axis 0; a rank comparison, no allocation,
     * since every forward of every block calls it.
     *
     * @param x the input of a residual block
     * @throws IllegalArgumentException if {@code x} is a scalar, naming its value
     */
    static void checkBatch(NDArray x) {
        if (x.getShape().dimension() == 0) {
            throw new IllegalArgumentException(
                    "stochastic depth needs a batch of rank >= 1 with samples on axis 0, got the"
                            + " scalar "
                            + x.toArray()[0]
                            + " (shape "
                            + x.getShape()
                            + ")");
        }
    }

    private static NDArray uniform(NDArray x, Shape shape) {
        return x.getManager().randomUniform(0f, 1f, shape, DataType.FLOAT32, x.getDevice());
    }
}
