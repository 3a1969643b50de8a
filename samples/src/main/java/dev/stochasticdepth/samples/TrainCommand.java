package dev.stochasticdepth.samples;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.translate.TranslateException;

import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.training.Charts;
import dev.stochasticdepth.samples.training.FashionMnistTrainer;
import dev.stochasticdepth.samples.training.Reports;
import dev.stochasticdepth.samples.training.TrainingRun;
import dev.stochasticdepth.samples.training.TrainingSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Trains a generated stochastic-depth network and its plain twin on Fashion-MNIST, one after the
 * other from the same initial weights and batch order, then prints a results table and writes the
 * learning curves as CSV and PNG.
 *
 * <p>The plain twin is the same generated network passed through {@link StochasticDepth#strip},
 * which swaps every stochastic residual block for a plain {@code ParallelBlock} over the same
 * branch and shortcut. The options give one {@link StochasticDepthSettings}: if it is the
 * network's own {@link SampleNetwork#settings() SETTINGS}, the generated network trains as it is;
 * else {@link StochasticDepth} surgery gives it the requested settings (see {@link
 * SampleNetwork#create(int, StochasticDepthSettings)}). {@code --surgery} compares DJL's model-zoo
 * {@code ResNetV1} rewritten by surgery with the untouched one instead.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train a generated stochastic-depth network and the same network without stochastic"
                        + " depth on Fashion-MNIST; print a results table and write a CSV and a"
                        + " PNG chart of the curves.")
final class TrainCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private NetworkOption model;

    @Mixin private TrainingOptions options;

    @Mixin private ScheduleOptions schedule;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            description =
                    "SAMPLE (each sample draws its keep bit) or BLOCK (the whole batch does)."
                            + " Default: the definition's (SAMPLE).")
    private StochasticMethod method;

    @Option(
            names = "--scaling",
            paramLabel = "SCALING",
            description =
                    "INFERENCE (scale the branch by 1 - p at inference) or TRAINING (divide kept"
                            + " branches by 1 - p in training). Default: the definition's"
                            + " (INFERENCE).")
    private Scaling scaling;

    @Option(
            names = "--skip-dropped",
            paramLabel = "BOOLEAN",
            arity = "0..1",
            fallbackValue = "true",
            description =
                    "With SAMPLE, run each branch on the kept samples only. Default: the"
                            + " definition's (false).")
    private Boolean skipDropped;

    @Option(
            names = "--warmup",
            paramLabel = "STEPS",
            defaultValue = "0",
            description =
                    "Ramp the stochastic network's drop rates up from 0 over the first STEPS"
                            + " training batches (DropRateWarmup). Default: ${DEFAULT-VALUE}, no"
                            + " ramp.")
    private int warmup;

    @Option(
            names = "--surgery",
            description =
                    "Train DJL's model-zoo ResNetV1 of the model's depth rewritten by"
                            + " StochasticDepth surgery, beside the untouched ResNetV1, instead of"
                            + " the generated network. On 28x28 images ResNetV1 has the CIFAR"
                            + " layout, so the model must be resnet20, resnet56 or resnet110.")
    private boolean surgery;

    @Option(
            names = "--save",
            paramLabel = "DIR",
            description =
                    "Save both trained networks in DIR (stochastic-0000.params and"
                            + " plain-0000.params, each with a .properties file saying how to"
                            + " rebuild it), for export and prune. Default: not saved.")
    private Path save;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description =
                    "Seed of the weights, the keep masks and the shuffle. Default:"
                            + " ${DEFAULT-VALUE}.")
    private int seed;

    @Override
    public Integer call() throws IOException, TranslateException {
        TrainingSettings settings = settings();
        StochasticDepthSettings requested = requested();
        List<Float> dropRates = model.network.rates(requested);
        FashionMnist data = options.loadData();
        FashionMnist.Split train = options.trainSplit(data);
        FashionMnist.Split test = options.testSplit(data);
        try {
            model.network.checkTrainingBatches(train.size(), settings.batchSize());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String stem = "train-" + model.network.id();
        Path txt = options.output(stem + ".txt");
        Path csv = options.output(stem + ".csv");
        Path png = options.output(stem + ".png");
        Twins twins;
        try {
            twins = surgery ? zooTwins(requested) : generatedTwins(requested);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                "%s; %d training and %d test images from %s%n",
                describe(twins, requested), train.size(), test.size(), data.source());
        stdout.flush();
        FashionMnistTrainer trainer = new FashionMnistTrainer(train, test, settings);
        SavedNetwork recipe =
                new SavedNetwork(
                        model.network,
                        surgery,
                        true,
                        requested,
                        options.dataSource(),
                        options.limitText());
        List<TrainingRun> runs =
                List.of(
                        trainer.train(
                                twins.name() + " stochastic depth",
                                twins.stochastic(),
                                StochasticBlocks.warmup(warmup),
                                epoch -> {},
                                trained ->
                                        save(
                                                recipe,
                                                trained,
                                                SavedNetwork.STOCHASTIC,
                                                settings.epochs())),
                        trainer.train(
                                twins.name() + " plain",
                                twins.plain(),
                                List.of(),
                                epoch -> {},
                                trained ->
                                        save(
                                                recipe.plain(),
                                                trained,
                                                SavedNetwork.PLAIN,
                                                settings.epochs())));

        String table = Reports.resultsTable(runs);
        stdout.print(table);
        Files.writeString(txt, table, StandardCharsets.UTF_8);
        Reports.writeCurves(csv, runs);
        Charts.writeTraining(
                png,
                twins.name() + ", " + train.size() + " images",
                runs,
                List.of(dropRates, Collections.nCopies(dropRates.size(), 0f)));
        stdout.printf("wrote %s, %s and %s%n", txt, csv, png);
        if (save != null) {
            stdout.printf("saved both networks in %s%n", save);
        }
        stdout.flush();
        return 0;
    }

    private void save(SavedNetwork recipe, Model trained, String name, int epochs)
            throws IOException {
        if (save != null) {
            recipe.save(trained, save, name, epochs);
        }
    }

    /** Describes the stochastic network: architecture, depth, schedule and settings. */
    private String describe(Twins twins, StochasticDepthSettings requested) {
        int residuals = StochasticDepth.find(twins.stochastic()).size();
        int positions = model.network.depth();
        return twins.name()
                + ", "
                + positions
                + (residuals == positions
                        ? " stochastic blocks, "
                        : " stochastic layers of " + residuals + " residuals, ")
                + schedule.describe(requested)
                + ", "
                + requested.method()
                + ", "
                + requested.scaling()
                + (requested.skipDropped() ? ", skipping dropped samples" : "")
                + (warmup > 0 ? ", warmup over " + warmup + " batches" : "");
    }

    /**
     * Returns the settings the options ask for, each one not given the network's own; the
     * settings' own check makes a combination that does not go together a bad setting.
     */
    private StochasticDepthSettings requested() {
        StochasticDepthSettings own = schedule.settings(model.network, spec);
        try {
            return new StochasticDepthSettings(
                    own.drop(),
                    own.distribution(),
                    method != null ? method : own.method(),
                    scaling != null ? scaling : own.scaling(),
                    skipDropped != null ? skipDropped : own.skipDropped());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private TrainingSettings settings() {
        if (warmup < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--warmup must be at least 0, got " + warmup);
        }
        return options.settings(seed);
    }

    /** Returns the network with the requested settings, and its plain twin. */
    private Twins generatedTwins(StochasticDepthSettings requested) {
        return new Twins(
                model.network.id(),
                model.network.create(FashionMnist.CLASSES, requested),
                model.network.plain(FashionMnist.CLASSES));
    }

    /** Returns model-zoo ResNetV1 rewritten by surgery, and an untouched ResNetV1 as its twin. */
    private Twins zooTwins(StochasticDepthSettings requested) {
        Block stochastic =
                SampleNetwork.surgery(model.network.zooResNet(FashionMnist.CLASSES), requested);
        Block plain = model.network.zooResNet(FashionMnist.CLASSES);
        // L basic units of two convolutions, plus the stem and the head: 2L + 2 layers.
        return new Twins("ResNetV1-" + (model.network.depth() * 2 + 2), stochastic, plain);
    }

    /**
     * The two networks of a comparison.
     *
     * @param name the architecture, in labels and titles
     * @param stochastic the network with stochastic depth
     * @param plain the same architecture without it, initialised identically under one seed
     */
    private record Twins(String name, Block stochastic, Block plain) {}
}
