package dev.stochasticdepth.samples.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research, 2017): 28x28 grey images of clothing
 * in ten classes, read from the original idx files.
 *
 * <p>{@link #bundled()} reads the subset that ships in this jar (the first 10,000 training and the
 * first 2,000 test images of the original files; see the README beside them); {@link
 * #fromDirectory(Path)} reads any folder holding the four original {@code .gz} files, such as the
 * full set of Debian's {@code dataset-fashion-mnist} package in {@code
 * /usr/share/datasets/fashion-mnist}. Training and test images come from different files.
 */
public final class FashionMnist {

    /** The number of classes. */
    public static final int CLASSES = 10;

    /** The height and width of an image. */
    public static final int SIDE = 28;

    /** The class names, indexed by label. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    /** The file names of the original distribution, also used for the bundled subset. */
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";

    static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private static final String BUNDLED = "fashion-mnist/";

    private final String source;
    private final Split train;
    private final Split test;

    private FashionMnist(String source, Split train, Split test) {
        this.source = source;
        this.train = train;
        this.test = test;
    }

    /**
     * Reads the subset bundled with the samples.
     *
     * @return the bundled training and test splits
     * @throws IOException if the bundled files are missing or damaged
     */
    public static FashionMnist bundled() throws IOException {
        return read("the bundled subset", FashionMnist::openBundled);
    }

    /**
     * Reads the four original idx {@code .gz} files from a folder.
     *
     * @param directory a folder holding {@code train-images-idx3-ubyte.gz}, {@code
     *     train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and {@code
     *     t10k-labels-idx1-ubyte.gz}
     * @return the training and test splits
     * @throws IOException if the folder or a file is missing, or a file is damaged
     */
    public static FashionMnist fromDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("data folder " + directory + " does not exist");
        }
        for (String name : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                throw new IOException(
                        "data folder "
                                + directory
                                + " has no "
                                + name
                                + " (it needs the four original Fashion-MNIST idx .gz files)");
            }
        }
        return read(directory.toString(), name -> Files.newInputStream(directory.resolve(name)));
    }

    /**
     * Returns where the data was read from.
     *
     * @return a folder, or a description of the bundled subset
     */
    public String source() {
        return source;
    }

    /**
     * Returns the training split.
     *
     * @return the images of the original training file
     */
    public Split train() {
        return train;
    }

    /**
     * Returns the test split.
     *
     * @return the images of the original test file
     */
    public Split test() {
        return test;
    }

    private static FashionMnist read(String source, Opener opener) throws IOException {
        Split train = Split.read(opener, TRAIN_IMAGES, TRAIN_LABELS);
        Split test = Split.read(opener, TEST_IMAGES, TEST_LABELS);
        return new FashionMnist(source, train, test);
    }

    private static InputStream openBundled(String name) throws IOException {
        InputStream in = FashionMnist.class.getResourceAsStream(BUNDLED + name);
        if (in == null) {
            throw new IOException("bundled Fashion-MNIST file " + name + " is missing");
        }
        return in;
    }

    /** Opens one of the four files by name. */
    @FunctionalInterface
    private interface Opener {
        InputStream open(String name) throws IOException;
    }

    /**
     * Images and their labels.
     *
     * @param pixels the images, {@code (N, 28, 28)} unsigned bytes
     * @param labels the labels, {@code N} values in [0, 10)
     */
    public record Split(IdxArray pixels, IdxArray labels) {

        /**
         * Checks that there is one label per image.
         *
         * @throws IllegalArgumentException if the counts differ
         */
        public Split {
            if (pixels.count() != labels.count()) {
                throw new IllegalArgumentException(
                        pixels.count() + " images but " + labels.count() + " labels");
            }
        }

        private static Split read(Opener opener, String imagesName, String labelsName)
                throws IOException {
            IdxArray pixels;
            try (InputStream in = opener.open(imagesName)) {
                pixels = IdxReader.read(in, imagesName, 3);
            }
            int[] dims = pixels.dimensions();
            if (dims[1] != SIDE || dims[2] != SIDE) {
                throw new IdxFormatException(
                        imagesName
                                + ": images of "
                                + dims[1]
                                + "x"
                                + dims[2]
                                + ", expected "
                                + SIDE
                                + "x"
                                + SIDE);
            }
            IdxArray labels;
            try (InputStream in = opener.open(labelsName)) {
                labels = IdxReader.read(in, labelsName, 1);
            }
            if (labels.count() != pixels.count()) {
                throw new IdxFormatException(
                        labelsName + ": " + labels.count() + " labels for " + pixels.count()
                                + " images in " + imagesName);
            }
            byte[] values = labels.data();
            for (int i = 0; i < values.length; i++) {
                if (Byte.toUnsignedInt(values[i]) >= CLASSES) {
                    throw new IdxFormatException(
                            labelsName + ": label " + Byte.toUnsignedInt(values[i]) + " of item "
                                    + i + " is not a class in [0, " + CLASSES + ")");
                }
            }
            return new Split(pixels, labels);
        }

        /**
         * Returns the number of images.
         *
         * @return N
         */
        public int size() {
            return pixels.count();
        }

        /**
         * Returns the first {@code count} images, or all if there are fewer.
         *
         * @param count the most images to keep, at least 1
         * @return a split of {@code min(count, size())} images
         */
        public Split first(int count) {
            if (count >= size()) {
                return this;
            }
            int itemSize = pixels.itemSize();
            int[] dims = pixels.dimensions().clone();
            dims[0] = count;
            return new Split(
                    new IdxArray(dims, Arrays.copyOf(pixels.data(), count * itemSize)),
                    new IdxArray(new int[] {count}, Arrays.copyOf(labels.data(), count)));
        }

        /**
         * Returns the raw pixels of image {@code index}.
         *
         * @param index the image, in [0, size())
         * @return its 784 bytes, row by row
         */
        public byte[] image(int index) {
            int itemSize = pixels.itemSize();
            return Arrays.copyOfRange(pixels.data(), index * itemSize, (index + 1) * itemSize);
        }

        /**
         * Returns the images as floats in [0, 1], shaped {@code (N, 1, 28, 28)}, and the labels.
         *
         * @param manager the manager that owns the arrays
         * @param batchSize the batch size
         * @param shuffle a shuffle for training, or {@code null} to visit images in file order
         * @return a dataset of this split
         */
        public ArrayDataset toDataset(NDManager manager, int batchSize, SeededShuffle shuffle) {
            byte[] raw = pixels.data();
            float[] scaled = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                scaled[i] = Byte.toUnsignedInt(raw[i]) / 255f;
            }
            float[] classes = new float[size()];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = Byte.toUnsignedInt(labels.data()[i]);
            }
            NDArray images = manager.create(scaled, new Shape(size(), 1, SIDE, SIDE));
            NDArray targets = manager.create(classes, new Shape(size()));
            Sampler.SubSampler order = shuffle == null ? new SequenceSampler() : shuffle;
            return new ArrayDataset.Builder()
                    .setData(images)
                    .optLabels(targets)
                    .setSampling(new BatchSampler(order, batchSize, false))
                    .build();
        }
    }
}
