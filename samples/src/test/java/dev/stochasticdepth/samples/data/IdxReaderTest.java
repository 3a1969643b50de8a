package dev.stochasticdepth.samples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IdxReaderTest {

    /** Returns an uncompressed idx file: magic, then the dimensions, then {@code data}. */
    static byte[] idx(int magic, int[] dimensions, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + data.length);
        buffer.putInt(magic);
        for (int size : dimensions) {
            buffer.putInt(size);
        }
        return buffer.put(data).array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    private static IdxArray read(byte[] gzip, int rank) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(gzip), "test.gz", rank);
    }

    @Test
    void readsDimensionsAndUnsignedData() throws IOException {
        byte[] data = {0, 1, (byte) 255, 7, 8, 9};
        IdxArray array = read(gzip(idx(0x0803, new int[] {3, 1, 2}, data)), 3);

        assertThat(array.dimensions()).containsExactly(3, 1, 2);
        assertThat(array.count()).isEqualTo(3);
        assertThat(array.itemSize()).isEqualTo(2);
        assertThat(array.data()).containsExactly(data);
    }

    @Test
    void readsAnEmptyFile() throws IOException {
        assertThat(read(gzip(idx(0x0801, new int[] {0}, new byte[0])), 1).count()).isZero();
    }

    @Test
    void rejectsAnotherMagicNumber() throws IOException {
        // A label file (rank 1) where images (rank 3) are expected.
        byte[] labels = gzip(idx(0x0801, new int[] {2}, new byte[] {1, 2}));

        assertThatThrownBy(() -> read(labels, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(
                        "test.gz: magic number 0x00000801, expected 0x00000803 (unsigned bytes,"
                                + " rank 3)");
    }

    @Test
    void rejectsAnotherDataType() throws IOException {
        // 0x0D is the idx type of 32-bit floats.
        byte[] floats = gzip(idx(0x0D01, new int[] {1}, new byte[4]));

        assertThatThrownBy(() -> read(floats, 1)).hasMessageContaining("magic number 0x00000D01");
    }

    @Test
    void rejectsTooFewDataBytes() throws IOException {
        byte[] shortData = gzip(idx(0x0803, new int[] {2, 2, 2}, new byte[7]));

        assertThatThrownBy(() -> read(shortData, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("test.gz: truncated, 7 of 8 data bytes for dimensions [2, 2, 2]");
    }

    @Test
    void rejectsATruncatedHeader() throws IOException {
        byte[] header = Arrays.copyOf(idx(0x0803, new int[] {2, 2, 2}, new byte[0]), 10);

        assertThatThrownBy(() -> read(gzip(header), 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("test.gz: truncated");
    }

    @Test
    void rejectsACutGzipStream() throws IOException {
        byte[] whole = gzip(idx(0x0803, new int[] {4, 28, 28}, new byte[4 * 28 * 28]));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> read(cut, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith("test.gz: truncated");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] longData = gzip(idx(0x0801, new int[] {2}, new byte[3]));

        assertThatThrownBy(() -> read(longData, 1))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("test.gz: trailing bytes after the data for [2]");
    }

    @Test
    void rejectsAFileThatIsNotGzip() {
        byte[] raw = idx(0x0801, new int[] {1}, new byte[1]);

        assertThatThrownBy(() -> read(raw, 1))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("test.gz: not a valid gzip file (Not in GZIP format)");
    }

    @Test
    void rejectsACorruptedGzipStream() throws IOException {
        byte[] corrupt = gzip(idx(0x0803, new int[] {4, 28, 28}, new byte[4 * 28 * 28]));
        // Flip the bits of a byte in the middle of the deflate stream.
        corrupt[corrupt.length / 2] ^= (byte) 0xFF;

        assertThatThrownBy(() -> read(corrupt, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith("test.gz: ");
    }

    @Test
    void rejectsNegativeAndOversizedDimensions() throws IOException {
        byte[] negative = gzip(idx(0x0803, new int[] {-1, 28, 28}, new byte[0]));
        byte[] huge = gzip(idx(0x0803, new int[] {100_000, 100_000, 28}, new byte[0]));

        assertThatThrownBy(() -> read(negative, 3))
                .hasMessage("test.gz: negative size -1 of axis 0");
        assertThatThrownBy(() -> read(huge, 3))
                .hasMessage("test.gz: dimensions [100000, 100000, 28] too large");
    }
}
