package dev.stochasticdepth.samples;

import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.training.TrainingSettings;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options shared by {@code train} and {@code compare} that say how to train, on which data and
 * where the results go: {@code --epochs}, {@code --batch}, {@code --lr}, {@code --data}, {@code
 * --limit} and {@code --out}. Bad values are picocli {@link ParameterException}s of the command
 * that mixes these options in.
 */
final class TrainingOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "12",
            description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "64",
            description = "Images per batch. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            defaultValue = "0.001",
            description = "Adam's learning rate. Default: ${DEFAULT-VALUE}.")
    private float learningRate;

    @Option(
            names = "--precise-bn",
            paramLabel = "BATCHES",
            defaultValue = "50",
            description =
                    "After each epoch, also evaluate with batch norm's running statistics"
                            + " re-estimated from the network's inference form over the first"
                            + " BATCHES training batches (PreciseBatchNorm); the statistics of"
                            + " training are put back afterwards. 0 turns it off. Default:"
                            + " ${DEFAULT-VALUE}.")
    private int preciseBnBatches;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "A folder with the four original Fashion-MNIST idx .gz files, for example"
                            + " /usr/share/datasets/fashion-mnist. Default: the bundled subset"
                            + " (10,000 training and 2,000 test images).")
    private Path dataDirectory;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description =
                    "Use only the first N training and N test images. Default: "
                            + BUNDLED_LIMIT
                            + " with the bundled subset (its first "
                            + BUNDLED_LIMIT
                            + " training images and all its test images), all with --data.")
    private Integer limit;

    /**
     * The bundled subset's default number of training images: few enough that the plain network
     * overfits within the default epochs, which is where stochastic depth shows what it does.
     */
    static final int BUNDLED_LIMIT = 2000;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results",
            description =
                    "Where to write ${COMMAND-NAME}-<model>.csv, .png and .txt. Default:"
                            + " ${DEFAULT-VALUE}.")
    private Path out;

    /**
     * Returns the checked training settings with the given seed.
     *
     * @param seed the seed of the weights, the keep masks and the shuffle
     * @return the settings
     * @throws ParameterException if a value is out of range
     */
    TrainingSettings settings(int seed) {
        if (limit != null && limit < 1) {
            throw new ParameterException(
                    command.commandLine(), "--limit must be at least 1, got " + limit);
        }
        if (preciseBnBatches < 0) {
            throw new ParameterException(
                    command.commandLine(),
                    "--precise-bn must be at least 0, got " + preciseBnBatches);
        }
        try {
            return new TrainingSettings(epochs, batchSize, learningRate, seed, preciseBnBatches);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /**
     * Reads the data: the {@code --data} folder, or the bundled subset.
     *
     * @return the training and test splits, not yet limited
     * @throws ParameterException if a file is missing or damaged
     */
    FashionMnist loadData() {
        try {
            return dataDirectory == null
                    ? FashionMnist.bundled()
                    : FashionMnist.fromDirectory(dataDirectory);
        } catch (IOException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /**
     * Returns the training images to use.
     *
     * @param data what {@link #loadData} read
     * @return its training split, or the first {@code --limit} images of it
     */
    FashionMnist.Split trainSplit(FashionMnist data) {
        Integer images = effectiveLimit();
        return images == null ? data.train() : data.train().first(images);
    }

    /**
     * Returns the test images to use.
     *
     * @param data what {@link #loadData} read
     * @return its test split, or the first {@code --limit} images of it
     */
    FashionMnist.Split testSplit(FashionMnist data) {
        Integer images = effectiveLimit();
        return images == null ? data.test() : data.test().first(images);
    }

    /**
     * Names the data source and limit for a results file, so that a later run can tell whether it
     * trains on the same images.
     *
     * @return {@code bundled} or the absolute, normalised {@code --data} folder
     */
    String dataSource() {
        return dataDirectory == null
                ? "bundled"
                : dataDirectory.toAbsolutePath().normalize().toString();
    }

    /**
     * Returns the {@code --limit}, for a results file.
     *
     * @return the number, or {@code all}
     */
    String limitText() {
        Integer images = effectiveLimit();
        return images == null ? "all" : images.toString();
    }

    /** The {@code --limit}, or its default: {@link #BUNDLED_LIMIT} for the bundled subset. */
    private Integer effectiveLimit() {
        if (limit != null) {
            return limit;
        }
        return dataDirectory == null ? Integer.valueOf(BUNDLED_LIMIT) : null;
    }

    /**
     * Creates the {@code --out} folder if needed and returns a file in it.
     *
     * @param name the file name
     * @return the file's path in the output folder
     * @throws ParameterException if the folder cannot be created
     */
    Path output(String name) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ParameterException(
                    command.commandLine(),
                    "cannot create output folder "
                            + out
                            + " ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
        return out.resolve(name);
    }
}
