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

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
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
 * @param settings the stochastic network's settings (kept for the plain twin too, whose blocks
 *     are pruned in the order of their rates)
 * @param data {@code bundled} or the folder of the idx files trained on
 * @param limit the number of test images used, or {@code all}
 */
record SavedNetwork(
        SampleNetwork network,
        boolean surgery,
        boolean stochastic,
        StochasticDepthSettings settings,
        String data,
        String limit) {

    /** The saved stochastic network's model name in a {@code --save} folder. */
    static final String STOCHASTIC = "stochastic";

    /** The saved plain twin's model name in a {@code --save} folder. */
    static final String PLAIN = "plain";

    /**
     * Returns the same recipe for the plain network: the plain twin, or the network {@code export}
     * folds the stochastic one into.
     *
     * @return this recipe without stochastic depth
     */
    SavedNetwork plain() {
        return new SavedNetwork(network, surgery, false, settings, data, limit);
    }

    /**
     * Returns the drop rates of the stochastic network.
     *
     * @return p_1..p_L of {@link #settings()}
     */
    List<Float> dropRates() {
        return network.rates(settings);
    }

    /**
     * Builds the network's blocks, uninitialized, ready for {@code Model.load}.
     *
     * @return the generated network (or ResNetV1 by surgery) with its rates, or the plain network
     */
    Block build() {
        if (surgery) {
            Block zoo = network.zooResNet(FashionMnist.CLASSES);
            return stochastic ? SampleNetwork.surgery(zoo, settings) : zoo;
        }
        return stochastic
                ? network.create(FashionMnist.CLASSES, settings)
                : network.plain(FashionMnist.CLASSES);
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
                dropRates().stream().map(String::valueOf).collect(Collectors.joining(",")));
        properties.setProperty("drop", Double.toString(settings.drop()));
        properties.setProperty("distribution", settings.distribution().name());
        properties.setProperty("method", settings.method().name());
        properties.setProperty("scaling", settings.scaling().name());
        properties.setProperty("skipDropped", Boolean.toString(settings.skipDropped()));
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
            SampleNetwork network = SampleNetwork.forId(required(properties, "network"));
            return new SavedNetwork(
                    network,
                    Boolean.parseBoolean(required(properties, "surgery")),
                    Boolean.parseBoolean(required(properties, "stochastic")),
                    settings(
                            network,
                            properties,
                            rates,
                            StochasticMethod.valueOf(required(properties, "method")),
                            Scaling.valueOf(required(properties, "scaling")),
                            Boolean.parseBoolean(required(properties, "skipDropped"))),
                    required(properties, "data"),
                    required(properties, "limit"));
        } catch (IllegalArgumentException e) {
            throw new IOException("damaged " + file + ": " + e.getMessage());
        }
    }

    /**
     * Returns the saved settings, checked against the saved rates. A recipe keeps {@code drop} and
     * {@code distribution} (since the settings value); one written before has only the rates, whose
     * deepest is the drop (as a float, so through its decimal text) and whose values name the
     * distribution.
     *
     * @throws IllegalArgumentException if the settings do not give the saved rates, no
     *     distribution does, or the settings do not go together
     */
    private static StochasticDepthSettings settings(
            SampleNetwork network,
            Properties properties,
            List<Float> rates,
            StochasticMethod method,
            Scaling scaling,
            boolean skipDropped) {
        String drop = properties.getProperty("drop");
        String distribution = properties.getProperty("distribution");
        if (drop != null && distribution != null) {
            StochasticDepthSettings settings =
                    new StochasticDepthSettings(
                            Double.parseDouble(drop),
                            Distribution.valueOf(distribution),
                            method,
                            scaling,
                            skipDropped);
            if (!network.rates(settings).equals(rates)) {
                throw new IllegalArgumentException(
                        "dropRates "
                                + rates
                                + " are not those of drop "
                                + drop
                                + " "
                                + distribution
                                + " over "
                                + network.id());
            }
            return settings;
        }
        double deepest = Double.parseDouble(rates.get(rates.size() - 1).toString());
        for (Distribution each : Distribution.values()) {
            StochasticDepthSettings settings =
                    new StochasticDepthSettings(deepest, each, method, scaling, skipDropped);
            if (network.rates(settings).equals(rates)) {
                return settings;
            }
        }
        throw new IllegalArgumentException(
                "dropRates " + rates + " follow no distribution over " + network.id());
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
