package dev.stochasticdepth.samples;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;

import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.PreciseBatchNorm;
import dev.stochasticdepth.samples.data.FashionMnist;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * How to rebuild a network that {@code train --save} wrote, so that {@code export} and {@code
 * prune} can load its parameter file: DJL's file holds the parameters, not the blocks, so the
 * loader must build the same blocks first. The recipe is a {@code <name>.properties} file beside
 * the model's {@code <name>-0000.params}, and it also names the images the network was tested on.
 *
 * @param network the sample network
 * @param surgery whether it is model-zoo {@code ResNetV1} (rewritten by surgery when stochastic)
 *     rather than the generated network
 * @param stochastic whether it has stochastic depth; {@code false} for the plain twin
 * @param dropRates p_1..p_L of the stochastic network (kept for the plain twin too, to order the
 *     blocks it prunes)
 * @param method the stochastic network's method
 * @param scaling the stochastic network's scaling
 * @param skipDropped whether the stochastic network skips dropped samples
 * @param data {@code bundled} or the folder of the idx files trained on
 * @param limit the number of test images used, or {@code all}
 */
record SavedNetwork(
        SampleNetwork network,
        boolean surgery,
        boolean stochastic,
        List<Float> dropRates,
        StochasticMethod method,
        Scaling scaling,
        boolean skipDropped,
        String data,
        String limit) {

    /** The saved stochastic network's model name in a {@code --save} folder. */
    static final String STOCHASTIC = "stochastic";

    /** The saved plain twin's model name in a {@code --save} folder. */
    static final String PLAIN = "plain";

    SavedNetwork {
        dropRates = List.copyOf(dropRates);
    }

    /**
     * Returns the same recipe for the plain network: the plain twin, or the network {@code export}
     * folds the stochastic one into.
     *
     * @return this recipe without stochastic depth
     */
    SavedNetwork plain() {
        return new SavedNetwork(
                network, surgery, false, dropRates, method, scaling, skipDropped, data, limit);
    }

    /**
     * Builds the network's blocks, uninitialized, ready for {@code Model.load}.
     *
     * @return the generated network (or ResNetV1 by surgery) with its rates, or the plain network
     */
    Block build() {
        if (surgery) {
            Block zoo = GeneratedNetworks.zooResNet(network);
            if (!stochastic) {
                return zoo;
            }
            Block rewritten =
                    GeneratedNetworks.surgery(zoo, dropRates, method, scaling, skipDropped);
            StochasticBlocks.setDropRates(rewritten, dropRates);
            return rewritten;
        }
        return stochastic
                ? GeneratedNetworks.stochastic(network, dropRates, method, scaling, skipDropped)
                : GeneratedNetworks.plain(network);
    }

    /**
     * Saves {@code model} and this recipe as {@code name} in {@code directory}.
     *
     * @param model the trained model
     * @param directory the folder, created if needed
     * @param name the model name, such as {@link #STOCHASTIC}
     * @param epochs the epochs it was trained, which DJL names the file by (so that saving again
     *     replaces the file instead of adding the next epoch's)
     * @throws IOException if a file cannot be written
     */
    void save(Model model, Path directory, String name, int epochs) throws IOException {
        Files.createDirectories(directory);
        model.setProperty("Epoch", Integer.toString(epochs));
        model.save(directory, name);
        Properties properties = new Properties();
        properties.setProperty("network", network.id());
        properties.setProperty("surgery", Boolean.toString(surgery));
        properties.setProperty("stochastic", Boolean.toString(stochastic));
        properties.setProperty(
                "dropRates",
                dropRates.stream().map(String::valueOf).collect(Collectors.joining(",")));
        properties.setProperty("method", method.name());
        properties.setProperty("scaling", scaling.name());
        properties.setProperty("skipDropped", Boolean.toString(skipDropped));
        properties.setProperty("data", data);
        properties.setProperty("limit", limit);
        try (Writer out =
                Files.newBufferedWriter(
                        directory.resolve(name + ".properties"), StandardCharsets.UTF_8)) {
            properties.store(out, "stochastic-depth-samples: how to rebuild " + name);
        }
    }

    /**
     * Reads the recipe of {@code name} in {@code directory}.
     *
     * @param directory a folder written by {@code train --save} or {@code export}
     * @param name the model name
     * @return the recipe
     * @throws IOException if the file is missing, unreadable or incomplete, naming it
     */
    static SavedNetwork read(Path directory, String name) throws IOException {
        Path file = directory.resolve(name + ".properties");
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "no saved network "
                            + name
                            + " in "
                            + directory
                            + " (missing "
                            + file
                            + "; write one with train --save "
                            + directory
                            + ")");
        }
        try {
            List<Float> rates = new ArrayList<>();
            for (String rate : required(properties, "dropRates").split(",")) {
                rates.add(Float.parseFloat(rate));
            }
            return new SavedNetwork(
                    SampleNetwork.forId(required(properties, "network")),
                    Boolean.parseBoolean(required(properties, "surgery")),
                    Boolean.parseBoolean(required(properties, "stochastic")),
                    rates,
                    StochasticMethod.valueOf(required(properties, "method")),
                    Scaling.valueOf(required(properties, "scaling")),
                    Boolean.parseBoolean(required(properties, "skipDropped")),
                    required(properties, "data"),
                    required(properties, "limit"));
        } catch (IllegalArgumentException e) {
            throw new IOException("damaged " + file + ": " + e.getMessage());
        }
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }

    /**
     * Loads the saved model {@code name} from {@code directory}, built from its recipe.
     *
     * @param directory the folder
     * @param name the model name
     * @return the loaded model; the caller closes it
     * @throws IOException if a file is missing or damaged
     */
    Model load(Path directory, String name) throws IOException {
        Model model = Model.newInstance(name);
        model.setBlock(build());
        try {
            model.load(directory, name);
        } catch (MalformedModelException | IOException e) {
            model.close();
            throw new IOException(
                    "cannot load " + name + " from " + directory + ": " + e.getMessage(), e);
        }
        return model;
    }

    /**
     * Reads the test images the network was evaluated on in training.
     *
     * @return the same split {@code train} used
     * @throws IOException if the data is missing or damaged
     */
    FashionMnist.Split testImages() throws IOException {
        FashionMnist.Split test = readData().test();
        return limit.equals("all") ? test : test.first(Integer.parseInt(limit));
    }

    /**
     * Re-estimates the batch-norm statistics of the loaded {@code model} from the network's
     * inference form ({@link PreciseBatchNorm}) over the first {@code batches} batches of 64 of the
     * images it was trained on, in file order, as {@code train --precise-bn} does after an epoch.
     *
     * @param model the loaded model
     * @param batches how many batches, 0 for none (the statistics of training stay)
     * @throws IOException if the data is missing or damaged
     * @throws TranslateException if DJL fails to prepare a batch
     */
    void calibrate(Model model, int batches) throws IOException, TranslateException {
        if (batches == 0) {
            return;
        }
        FashionMnist.Split train = readData().train();
        if (!limit.equals("all")) {
            train = train.first(Integer.parseInt(limit));
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            // A batch's arrays live only as long as the iteration holds it: keep copies.
            List<NDList> inputs = new ArrayList<>();
            for (Batch batch : train.toDataset(manager, 64, null).getData(manager)) {
                try (batch) {
                    if (inputs.size() < batches) {
                        NDArray images = batch.getData().singletonOrThrow().duplicate();
                        images.attach(manager);
                        inputs.add(new NDList(images));
                    }
                }
            }
            ParameterStore store = new ParameterStore(manager, false);
            PreciseBatchNorm.recompute(model.getBlock(), store, inputs);
        }
    }

    private FashionMnist readData() throws IOException {
        return data.equals("bundled")
                ? FashionMnist.bundled()
                : FashionMnist.fromDirectory(Path.of(data));
    }
}
