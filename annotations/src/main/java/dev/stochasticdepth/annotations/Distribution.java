package dev.stochasticdepth.annotations;

/**
 * How the drop rate of a stochastic residual block depends on its depth: the one place the
 * schedules are defined, used by the annotation processor at compile time and by the runtime's
 * model surgery.
 *
 * <p>Blocks are numbered {@code l = 1..L} in forward order and {@code drop} is the rate of the
 * deepest block. For example {@code Distribution.LINEAR.rate(2, 4, 0.2)} is {@code 0.1}.
 */
public enum Distribution {
    /** {@code p_l = drop * l / L}: the linear decay of Huang et al. (2016) and Composer. */
    LINEAR {
        @Override
        double schedule(int layer, int layers, double drop) {
            return drop * layer / layers;
        }
    },
    /** {@code p_l = drop} for every block. */
    UNIFORM {
        @Override
        double schedule(int layer, int layers, double drop) {
            return drop;
        }
    },
    /**
     * {@code p_l = drop * (l - 1) / (L - 1)}, and 0 when {@code L = 1}: the first block is never
     * dropped (timm's {@code linspace(0, drop, L)}).
     */
    LINEAR_FROM_ZERO {
        @Override
        double schedule(int layer, int layers, double drop) {
            return layers == 1 ? 0.0 : drop * (layer - 1) / (layers - 1);
        }
    };

    /**
     * Returns the drop rate of block {@code layer} of {@code layers}.
     *
     * @param layer the 1-based position of the block in forward order, in [1, layers]
     * @param layers the number L of stochastic blocks, at least 1
     * @param drop the rate of the deepest block, in [0, 1)
     * @return the drop rate of that block, in [0, drop]
     * @throws IllegalArgumentException if an argument is out of range or {@code drop} is NaN
     */
    public double rate(int layer, int layers, double drop) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        }
        if (layer < 1 || layer > layers) {
            throw new IllegalArgumentException(
                    "layer must be in [1, " + layers + "], got " + layer);
        }
        checkDrop(drop);
        return schedule(layer, layers, drop);
    }

    /**
     * Checks that {@code drop} is a valid drop rate.
     *
     * @param drop the value to check
     * @return {@code drop}
     * @throws IllegalArgumentException if {@code drop} is NaN or outside [0, 1)
     */
    public static double checkDrop(double drop) {
        if (!isValidDrop(drop)) {
            throw new IllegalArgumentException("drop must be in [0, 1), got " + drop);
        }
        return drop;
    }

    /**
     * Returns whether {@code drop} is a valid drop rate: a number in [0, 1).
     *
     * @param drop the value to check
     * @return {@code false} for NaN, negative values and values of at least 1
     */
    public static boolean isValidDrop(double drop) {
        return drop >= 0.0 && drop < 1.0;
    }

    abstract double schedule(int layer, int layers, double drop);
}
