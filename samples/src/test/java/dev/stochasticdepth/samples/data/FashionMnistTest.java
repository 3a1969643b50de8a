package dev.stochasticdepth.samples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    private static final List<String> FILES =
            List.of(
                    FashionMnist.TRAIN_IMAGES,
                    FashionMnist.TRAIN_LABELS,
                    FashionMnist.TEST_IMAGES,
                    FashionMnist.TEST_LABELS);

    private static FashionMnist bundled;

    @TempDir Path folder;

    @BeforeAll
    static void readBundled() throws IOException {
        bundled = FashionMnist.bundled();
    }

    @Test
    void bundledSubsetHasTheDocumentedSizes() {
        assertThat(bundled.train().size()).isEqualTo(10_000);
        assertThat(bundled.test().size()).isEqualTo(2_000);
        assertThat(bundled.train().pixels().dimensions()).containsExactly(10_000, 28, 28);
        assertThat(bundled.test().pixels().dimensions()).containsExactly(2_000, 28, 28);
    }

    @Test
    void bundledSubsetHasTheDocumentedClassCounts() {
        assertThat(classCounts(bundled.train()))
                .containsExactly(942, 1027, 1016, 1019, 974, 989, 1021, 1022, 990, 1000);
        assertThat(classCounts(bundled.test()))
                .containsExactly(200, 203, 214, 190, 219, 195, 197, 200, 194, 188);
    }

    @Test
    void noTestImageIsATrainingImage() throws NoSuchAlgorithmException {
        Set<ByteBuffer> train = hashes(bundled.train());
        Set<ByteBuffer> test = hashes(bundled.test());

        // Distinct hashes also show that neither split repeats an image.
        assertThat(train).hasSize(10_000);
        assertThat(test).hasSize(2_000);
        assertThat(test).doesNotContainAnyElementsOf(train);
    }

    @Test
    void readsAFolderOfOriginalFiles() throws IOException {
        copyBundledFiles();

        FashionMnist data = FashionMnist.fromDirectory(folder);

        assertThat(data.source()).isEqualTo(folder.toString());
        assertThat(data.train().pixels().data()).isEqualTo(bundled.train().pixels().data());
        assertThat(data.test().labels().data()).isEqualTo(bundled.test().labels().data());
    }

    @Test
    void namesTheMissingFile() throws IOException {
        copyBundledFiles();
        Files.delete(folder.resolve(FashionMnist.TEST_LABELS));

        assertThatThrownBy(() -> FashionMnist.fromDirectory(folder))
                .hasMessage(
                        "data folder "
                                + folder
                                + " has no t10k-labels-idx1-ubyte.gz (it needs the four original"
                                + " Fashion-MNIST idx .gz files)");
        assertThatThrownBy(() -> FashionMnist.fromDirectory(folder.resolve("nowhere")))
                .hasMessage("data folder " + folder.resolve("nowhere") + " does not exist");
    }

    @Test
    void namesTheDamagedFile() throws IOException {
        copyBundledFiles();
        Path images = folder.resolve(FashionMnist.TRAIN_IMAGES);
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, java.util.Arrays.copyOf(bytes, bytes.length / 3));

        assertThatThrownBy(() -> FashionMnist.fromDirectory(folder))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith("train-images-idx3-ubyte.gz: truncated");
    }

    @Test
    void rejectsLabelsThatDoNotMatchTheImages() throws IOException {
        copyBundledFiles();
        Files.write(
                folder.resolve(FashionMnist.TEST_LABELS),
                IdxReaderTest.gzip(IdxReaderTest.idx(0x0801, new int[] {3}, new byte[] {1, 2, 3})));

        assertThatThrownBy(() -> FashionMnist.fromDirectory(folder))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(
                        "t10k-labels-idx1-ubyte.gz: 3 labels for 2000 images in"
                                + " t10k-images-idx3-ubyte.gz");

        Files.write(
                folder.resolve(FashionMnist.TEST_LABELS),
                IdxReaderTest.gzip(IdxReaderTest.idx(0x0801, new int[] {2000}, labels(2000, 10))));

        assertThatThrownBy(() -> FashionMnist.fromDirectory(folder))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage(
                        "t10k-labels-idx1-ubyte.gz: label 10 of item 1999 is not a class in"
                                + " [0, 10)");
    }

    @Test
    void firstKeepsTheLeadingImagesAndLabels() {
        FashionMnist.Split first = bundled.train().first(5);

        assertThat(first.size()).isEqualTo(5);
        assertThat(first.image(4)).isEqualTo(bundled.train().image(4));
        assertThat(first.labels().data())
                .containsExactly(java.util.Arrays.copyOf(bundled.train().labels().data(), 5));
        assertThat(bundled.train().first(20_000)).isSameAs(bundled.train());
    }

    @Test
    void datasetHoldsImagesScaledToTheUnitIntervalAndTheirLabels() throws Exception {
        FashionMnist.Split split = bundled.test().first(10);
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset = split.toDataset(manager, 4, null);
            Batch batch = dataset.getData(manager).iterator().next();

            NDArray images = batch.getData().singletonOrThrow();
            NDArray labels = batch.getLabels().singletonOrThrow();
            assertThat(images.getShape()).isEqualTo(new Shape(4, 1, 28, 28));
            assertThat(images.min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(images.max().getFloat()).isLessThanOrEqualTo(1f);
            // Sequential order: the first batch is the first four images, scaled by 1/255.
            int pixel = Byte.toUnsignedInt(split.image(2)[400]);
            assertThat(images.getFloat(2, 0, 400 / 28, 400 % 28)).isEqualTo(pixel / 255f);
            assertThat(labels.toFloatArray())
                    .containsExactly(
                            split.labels().data()[0],
                            split.labels().data()[1],
                            split.labels().data()[2],
                            split.labels().data()[3]);
            batch.close();
        }
    }

    private static int[] classCounts(FashionMnist.Split split) {
        int[] counts = new int[FashionMnist.CLASSES];
        for (byte label : split.labels().data()) {
            counts[label]++;
        }
        return counts;
    }

    private static byte[] labels(int count, int last) {
        byte[] labels = new byte[count];
        labels[count - 1] = (byte) last;
        return labels;
    }

    private static Set<ByteBuffer> hashes(FashionMnist.Split split)
            throws NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Set<ByteBuffer> hashes = new HashSet<>();
        for (int i = 0; i < split.size(); i++) {
            hashes.add(ByteBuffer.wrap(sha256.digest(split.image(i))));
        }
        return hashes;
    }

    private void copyBundledFiles() throws IOException {
        for (String name : FILES) {
            try (InputStream in =
                    FashionMnist.class.getResourceAsStream("fashion-mnist/" + name)) {
                Files.copy(in, folder.resolve(name));
            }
        }
    }
}
