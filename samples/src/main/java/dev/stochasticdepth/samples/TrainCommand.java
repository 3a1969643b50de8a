package dev.stochasticdepth.samples;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.translate.TranslateException;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.DropRateWarmup;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.training.Charts;
import dev.stochasticdepth.samples.training.FashionMnistTrainer;
import dev.stochasticdepth.samples.training.Reports;
import dev.stochasticdepth.samples.training.TrainingRun;
import dev.stochasticdepth.samples.training.TrainingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Trains a generated stochastic-depth network and its plain twin on Fashion-MNIST, one after the
 * other from the same initial weights and batch order, then prints a results table and writes
 * the learning curves as CSV and PNG.
 *
 * <p>The plain twin is the same generated network passed through {@link StochasticDepth#strip},
 * which swaps every stochastic residual block for a plain {@code ParallelBlock} over the same
 * branch and shortcut. {@code --drop} and {@code --distribution} set the stochastic network's rates
 * at run time. A generated block compiles in its method, scaling and skipping, so a {@code
 * --method}, {@code --scaling} or {@code --skip-dropped} other than the definition's applies
 * {@link StochasticDepth} surgery, which swaps the generated blocks for the runtime's general
 * {@link StochasticResidualBlock} around the same branches and shortcuts. {@code --surgery}
 * compares DJL's model-zoo {@code ResNetV1} rewritten by surgery with the untouched one instead.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train a generated stochastic-depth ResNet and the same network without stochastic"
                        + " depth on Fashion-MNIST; print a results table and write a CSV and a"
                        + " PNG chart of the curves.")
final class TrainCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            defaultValue = "resnet20",
            converter = NetworkConverter.class,
            description = "The network, one of: resnet20, resnet56, resnet110, resnet1202,"
                    + " preact-resnet20, resnet18, resnet34, resnet50, resnet101, resnet152."
                    + " Default: ${DEFAULT-VALUE}.")
    private SampleNetwork network;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "3",
            description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "128",
            description = "Images per batch. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            defaultValue = "0.001",
            description = "Adam's learning rate. Default: ${DEFAULT-VALUE}.")
    private float learningRate;

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
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description =
                    "Seed of the weights, the keep masks and the shuffle. Default: ${DEFAULT-VALUE}.")
    private int seed;

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
            description = "Use only the first N training and N test images.")
    private Integer limit;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results",
            description = "Where to write train-<model>.csv, .png and .txt. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Override
    public Integer call() throws IOException, TranslateException {
        TrainingSettings settings = settings();
        List<Float> dropRates = schedule.dropRates(network, spec);
        FashionMnist data = loadData();
        FashionMnist.Split train = data.train();
        FashionMnist.Split test = data.test();
        if (limit != null) {
            train = train.first(limit);
            test = test.first(limit);
        }
        createOutputDirectory();

        Twins twins = surgery ? zooTwins(dropRates) : generatedTwins(dropRates);
        PrintWriter stdout = spec.commandLine().getOut();
        StochasticResidualBlock first = StochasticDepth.find(twins.stochastic()).get(0);
        stdout.printf(
                "%s, %d stochastic blocks, %s, %s, %s%s%s; %d training and %d test images from %s%n",
                twins.name(),
                dropRates.size(),
                schedule.describe(dropRates),
                first.getMethod(),
                first.getScaling(),
                first.isSkipDropped() ? ", skipping dropped samples" : "",
                warmup > 0 ? ", warmup over " + warmup + " batches" : "",
                train.size(),
                test.size(),
                data.source());
        stdout.flush();

        FashionMnistTrainer trainer = new FashionMnistTrainer(train, test, settings);
        List<TrainingRun> runs =
                List.of(
                        trainer.train(
                                twins.name() + " stochastic depth",
                                twins.stochastic(),
                                warmup > 0 ? List.of(new DropRateWarmup(warmup)) : List.of()),
                        trainer.train(twins.name() + " plain", twins.plain(), List.of()));

        String table = Reports.resultsTable(runs);
        stdout.print(table);
        Path stem = out.resolve("train-" + network.id());
        Path csv = stem.resolveSibling(stem.getFileName() + ".csv");
        Path png = stem.resolveSibling(stem.getFileName() + ".png");
        Path txt = stem.resolveSibling(stem.getFileName() + ".txt");
        Reports.writeCurves(csv, runs);
        Files.writeString(txt, table, StandardCharsets.UTF_8);
        Charts.writeTraining(
                png,
                twins.name() + ", " + train.size() + " images",
                runs,
                List.of(dropRates, Collections.nCopies(dropRates.size(), 0f)));
        stdout.printf("wrote %s, %s and %s%n", txt, csv, png);
        stdout.flush();
        return 0;
    }

    private TrainingSettings settings() {
        if (warmup < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--warmup must be at least 0, got " + warmup);
        }
        if (limit != null && limit < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        try {
            return new TrainingSettings(epochs, batchSize, learningRate, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private FashionMnist loadData() {
        try {
            return dataDirectory == null
                    ? FashionMnist.bundled()
                    : FashionMnist.fromDirectory(dataDirectory);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void createOutputDirectory() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "cannot create output folder " + out + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Returns the generated network with the selected rates, and the plain twin: the same
     * generated network stripped of stochastic depth, each residual a plain {@code ParallelBlock}.
     * A method, scaling or skipping other than the one compiled in takes surgery, which swaps the
     * generated blocks for general runtime blocks around the same branches and shortcuts.
     */
    private Twins generatedTwins(List<Float> dropRates) {
        SequentialBlock generated = network.create(FashionMnist.CLASSES);
        StochasticResidualBlock compiled = StochasticDepth.find(generated).get(0);
        StochasticMethod wantedMethod = method != null ? method : compiled.getMethod();
        Scaling wantedScaling = scaling != null ? scaling : compiled.getScaling();
        boolean wantedSkip = skipDropped != null ? skipDropped : compiled.isSkipDropped();
        Block stochastic =
                wantedMethod == compiled.getMethod()
                                && wantedScaling == compiled.getScaling()
                                && wantedSkip == compiled.isSkipDropped()
                        ? generated
                        : surgery(generated, dropRates, wantedMethod, wantedScaling, wantedSkip);
        StochasticBlocks.setDropRates(stochastic, dropRates);
        Block plain = StochasticDepth.strip(network.create(FashionMnist.CLASSES));
        return new Twins(network.id(), stochastic, plain);
    }

    /** Returns model-zoo ResNetV1 rewritten by surgery, and an untouched ResNetV1 as its twin. */
    private Twins zooTwins(List<Float> dropRates) {
        int layers =
                switch (network) {
                    case RESNET20 -> 20;
                    case RESNET56 -> 56;
                    case RESNET110 -> 110;
                    default -> throw new ParameterException(
                            spec.commandLine(),
                            "--surgery trains model-zoo ResNetV1, whose 28x28 layout exists for"
                                    + " resnet20, resnet56 and resnet110, not "
                                    + network.id());
                };
        Block stochastic =
                surgery(
                        resNetV1(layers),
                        dropRates,
                        method != null ? method : StochasticMethod.SAMPLE,
                        scaling != null ? scaling : Scaling.INFERENCE,
                        Boolean.TRUE.equals(skipDropped));
        StochasticBlocks.setDropRates(stochastic, dropRates);
        return new Twins("ResNetV1-" + layers, stochastic, resNetV1(layers));
    }

    private static Block resNetV1(int layers) {
        return ResNetV1.builder()
                .setImageShape(new Shape(1, FashionMnist.SIDE, FashionMnist.SIDE))
                .setNumLayers(layers)
                .setOutSize(FashionMnist.CLASSES)
                .build();
    }

    /** Rewrites {@code model} with the given settings; the caller then sets the exact rates. */
    private Block surgery(
            Block model,
            List<Float> dropRates,
            StochasticMethod wantedMethod,
            Scaling wantedScaling,
            boolean wantedSkip) {
        try {
            return StochasticDepth.builder()
                    .drop(dropRates.get(dropRates.size() - 1))
                    .method(wantedMethod)
                    .scaling(wantedScaling)
                    .skipDropped(wantedSkip)
                    .build()
                    .apply(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
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
