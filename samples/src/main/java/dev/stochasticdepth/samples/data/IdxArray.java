package dev.stochasticdepth.samples.data;

import java.util.Arrays;

/**
 * The contents of an idx file of unsigned bytes: its dimensions and its data in row-major order.
 *
 * @param dimensions the size of each axis, the first being the number of items
 * @param data the values, {@code product(dimensions)} bytes, to be read as unsigned
 */
public record IdxArray(int[] dimensions, byte[] data) {

    /**
     * Returns the number of items, the size of the first axis.
     *
     * @return the item count
     */
    public int count() {
        return dimensions[0];
    }

    /**
     * Returns the number of bytes of one item, the product of all axes but the first.
     *
     * @return the item size
     */
    public int itemSize() {
        return data.length / Math.max(1, dimensions[0]);
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "IdxArray" + Arrays.toString(dimensions);
    }
}
