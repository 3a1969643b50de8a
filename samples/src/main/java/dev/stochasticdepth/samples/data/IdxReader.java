package dev.stochasticdepth.samples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads gzip-compressed idx files, the format of MNIST and Fashion-MNIST, checking everything a
 * damaged or wrong file can get wrong.
 *
 * <p>An idx file is a 4-byte magic number {@code 0x00 0x00 type rank}, then {@code rank} sizes as
 * big-endian 32-bit integers, then the data. Only type {@code 0x08} (unsigned byte), the type of
 * both Fashion-MNIST images (rank 3) and labels (rank 1), is read.
 */
public final class IdxReader {

    /** The type byte of unsigned-byte data. */
    private static final int UNSIGNED_BYTE = 0x08;

    /** The largest byte array a JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /**
     * Reads a whole gzip-compressed idx file of unsigned bytes with the given rank.
     *
     * @param gzip the compressed file's bytes; closed by this method
     * @param name the file's name, for messages
     * @param rank the number of dimensions expected, 1 for labels and 3 for images
     * @return the dimensions and data
     * @throws IdxFormatException if the file is not gzip, is cut short, has another magic number
     *     or rank, has trailing bytes, or is too large for one array
     * @throws IOException if reading fails otherwise
     */
    public static IdxArray read(InputStream gzip, String name, int rank) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(new GZIPInputStream(gzip), 1 << 16))) {
            int magic = in.readInt();
            int expected = (UNSIGNED_BYTE << 8) | rank;
            if (magic != expected) {
                throw new IdxFormatException(
                        String.format(
                                Locale.ROOT,
                                "%s: magic number 0x%08X, expected 0x%08X (unsigned bytes, rank %d)",
                                name,
                                magic,
                                expected,
                                rank));
            }
            int[] dimensions = new int[rank];
            long size = 1;
            for (int axis = 0; axis < rank; axis++) {
                dimensions[axis] = in.readInt();
                if (dimensions[axis] < 0) {
                    throw new IdxFormatException(
                            name + ": negative size " + dimensions[axis] + " of axis " + axis);
                }
                // Capping the running product keeps it far from overflowing a long.
                size = Math.min(size, MAX_ARRAY + 1) * dimensions[axis];
            }
            if (size > MAX_ARRAY) {
                throw new IdxFormatException(
                        name + ": dimensions " + Arrays.toString(dimensions) + " too large");
            }
            byte[] data = new byte[(int) size];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new IdxFormatException(
                        String.format(
                                Locale.ROOT,
                                "%s: truncated, %d of %d data bytes for dimensions %s",
                                name,
                                read,
                                data.length,
                                Arrays.toString(dimensions)));
            }
            if (in.read() != -1) {
                throw new IdxFormatException(
                        name + ": trailing bytes after the data for " + Arrays.toString(dimensions));
            }
            return new IdxArray(dimensions, data);
        } catch (EOFException e) {
            // Thrown by readInt in the header or by the inflater when the gzip stream ends early.
            String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
            throw new IdxFormatException(name + ": truncated" + detail);
        } catch (ZipException e) {
            throw new IdxFormatException(name + ": not a valid gzip file (" + e.getMessage() + ")");
        }
    }
}
