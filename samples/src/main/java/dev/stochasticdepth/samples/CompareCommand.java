package dev.stochasticdepth.samples;

import ai.djl.translate.TranslateException;

import dev.stochasticdepth.samples.data.FashionMnist;
import dev.stochasticdepth.samples.training.Charts;
import dev.stochasticdepth.samples.training.ComparisonCsv;
import dev.stochasticdepth.samples.training.ComparisonReport;
import dev.stochasticdepth.samples.training.EpochMetrics;
import dev.stochasticdepth.samples.training.FashionMnistTrainer;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Trains, for each of K seeds, the plain twin and one or more stochastic-depth variants of one
 * generated network, each from the same initial weights and batch order as the plain twin of its
 * seed, and reports statistics over the seeds: what stochastic depth buys, with its uncertainty.
 *
 * <p>The runs go seed by seed, the plain twin first, so that a stopped experiment holds complete
 * pairs. Every epoch is appended to {@code compare-<model>.csv} at once; a second start with the
 * same settings trains only the runs the file lacks (see {@link ComparisonCsv}), and refuses a file
 * written with other global settings.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "For each of K seeds, train the plain twin and stochastic-depth variants of one"
                        + " generated ResNet on Fashion-MNIST from the same weights and batches;"
                        + " print a table of means with 95%% Student-t intervals over the seeds,"
                        + " paired differences to the plain twin, training time and time to"
                        + " accuracy, and write compare-<model>.csv, .txt and .png. Resumes from"
                        + " the CSV.")
final class CompareCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private NetworkOption model;

    @Mixin private TrainingOptions options;

    @Option(
            names = "--seeds",
            paramLabel = "LIST",
            defaultValue = "1-3",
            converter = SeedList.Converter.class,
            description =
                    "The seeds, comma-separated seeds or ranges such as 1,2,3 or 1-10. Each seed"
                            + " sets the weights, keep masks and shuffle of its runs. Default:"
                            + " ${DEFAULT-VALUE}.")
    private SeedList seeds;

    @Option(
            names = "--variant",
            paramLabel = "SPEC",
            converter = Variant.Converter.class,
            description =
                    "A stochastic variant, repeatable: comma-separated key=value pairs with keys"
                            + " drop, distribution, method, scaling, skip (skipDropped), warmup"
                            + " (DropRateWarmup steps) and label; a key not given takes the"
                            + " definition's value, for example method=BLOCK,drop=0.1. Default:"
                            + " one variant, the definition's own settings.")
    private List<Variant.Spec> variants = new ArrayList<>();

    @Option(
            names = "--target",
            paramLabel = "ACC",
            description =
                    "The test accuracy in [0, 1] of the time to accuracy. Default: the plain"
                            + " twin's final mean test accuracy.")
    private Double target;

    @Override
    public Integer call() throws IOException, TranslateException {
        if (target != null && !(target >= 0 && target <= 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--target must be a test accuracy in [0, 1], got " + target);
        }
        TrainingSettings settings = options.settings(seeds.seeds().get(0));
        List<Variant> resolved = resolveVariants();
        FashionMnist data = options.loadData();
        FashionMnist.Split train = options.trainSplit(data);
        FashionMnist.Split test = options.testSplit(data);
        try {
            model.network.checkTrainingBatches(train.size(), settings.batchSize());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String stem = "compare-" + model.network.id();
        Path csvFile = options.output(stem + ".csv");
        Path txt = options.output(stem + ".txt");
        Path png = options.output(stem + ".png");
        ComparisonCsv csv = openCsv(csvFile, settings);

        PrintWriter out = spec.commandLine().getOut();
        String heading =
                String.format(
                        Locale.ROOT,
                        "%s, %d training and %d test images from %s, %d epoch%s, batch %d, lr %s",
                        model.network.id(),
                        train.size(),
                        test.size(),
                        data.source(),
                        settings.epochs(),
                        settings.epochs() == 1 ? "" : "s",
                        settings.batchSize(),
                        settings.learningRate());
        out.printf(
                Locale.ROOT,
                "%s: the plain twin and %d variant%s, K = %d seed%s (%s)%n",
                heading,
                resolved.size(),
                resolved.size() == 1 ? "" : "s",
                seeds.size(),
                seeds.size() == 1 ? "" : "s",
                seeds);
        for (String run : csv.dropped()) {
            out.printf("%s: dropped the incomplete run %s, to train it again%n", csvFile, run);
        }

        List<Run> plan = plan(resolved);
        int trained = trainMissing(plan, csv, train, test);
        out.printf(
                "trained %d run%s, skipped %d already complete in %s%n",
                trained, trained == 1 ? "" : "s", plan.size() - trained, csvFile);
        reportOthers(out, csv, plan, csvFile);

        ComparisonReport report = report(heading, csv, plan, resolved);
        String table = report.table();
        out.print(table);
        Files.writeString(txt, table, StandardCharsets.UTF_8);
        String k = "K = " + seeds.size();
        Charts.writeComparison(
                png,
                model.network.id() + ", " + train.size() + " images, " + k,
                report.curves(EpochMetrics::testAccuracy),
                report.curves(EpochMetrics::testLoss));
        out.printf("wrote %s, %s and %s%n", txt, csvFile, png);
        out.flush();
        return 0;
    }

    /**
     * Trains the runs of the plan that the CSV does not hold complete, appending every epoch to it.
     *
     * @return the number of runs trained
     */
    private int trainMissing(
            List<Run> plan,
            ComparisonCsv csv,
            FashionMnist.Split train,
            FashionMnist.Split test)
            throws IOException, TranslateException {
        PrintWriter out = spec.commandLine().getOut();
        int epochs = options.settings(plan.get(0).key().seed()).epochs();
        int complete = (int) plan.stream().filter(run -> csv.isComplete(run.key())).count();
        ExperimentProgress progress =
                new ExperimentProgress(out, plan.size() * epochs, complete * epochs);
        int trained = 0;
        for (int i = 0; i < plan.size(); i++) {
            Run run = plan.get(i);
            String name = run.key().describe();
            if (csv.isComplete(run.key())) {
                out.printf(
                        "run %d/%d: %s is complete in %s, skipped%n",
                        i + 1, plan.size(), name, csv.file());
                continue;
            }
            out.printf("run %d/%d: %s%n", i + 1, plan.size(), name);
            out.flush();
            FashionMnistTrainer trainer =
                    new FashionMnistTrainer(train, test, options.settings(run.key().seed()));
            trainer.train(
                    name,
                    run.variant() == null
                            ? model.network.plain(FashionMnist.CLASSES)
                            : run.variant().network(model.network),
                    run.variant() == null ? List.of() : run.variant().listeners(),
                    epoch -> {
                        csv.append(run.key(), epoch);
                        progress.epochEnded(name, epoch, epochs);
                    });
            trained++;
        }
        return trained;
    }

    /**
     * Completes the variants with the network's settings; settings that do not go together are a
     * bad setting of the variant.
     */
    private List<Variant> resolveVariants() {
        List<Variant.Spec> given =
                variants.isEmpty() ? List.of(Variant.definitionDefault()) : variants;
        Set<String> labels = new HashSet<>();
        List<Variant> resolved = new ArrayList<>();
        for (Variant.Spec variant : given) {
            if (!labels.add(variant.label())) {
                throw new ParameterException(
                        spec.commandLine(),
                        "two variants are labelled '"
                                + variant.label()
                                + "'; give each a label=NAME of its own");
            }
            try {
                resolved.add(variant.resolve(model.network));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--variant '" + variant.label() + "': " + e.getMessage());
            }
        }
        return resolved;
    }

    private ComparisonCsv openCsv(Path file, TrainingSettings settings) {
        Map<String, String> global = new LinkedHashMap<>();
        global.put("model", model.network.id());
        global.put("epochs", String.valueOf(settings.epochs()));
        global.put("batch", String.valueOf(settings.batchSize()));
        global.put("lr", String.valueOf(settings.learningRate()));
        global.put("data", options.dataSource());
        global.put("limit", options.limitText());
        boolean precise = settings.preciseBnBatches() > 0;
        if (precise) {
            // Only then, so that files of comparisons without it keep their header.
            global.put("precise_bn", String.valueOf(settings.preciseBnBatches()));
        }
        List<String> columns = Variant.KEYS.stream().map(Variant.Key::name).toList();
        try {
            return ComparisonCsv.open(file, global, columns, settings.epochs(), precise);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "cannot read or write " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The runs in training order: for each seed the plain twin, then every variant. */
    private List<Run> plan(List<Variant> resolved) {
        String id = model.network.id();
        List<String> noSettings = Collections.nCopies(Variant.KEYS.size(), "");
        List<Run> plan = new ArrayList<>();
        for (int seed : seeds.seeds()) {
            plan.add(new Run(new ComparisonCsv.RunKey(id, Variant.PLAIN, noSettings, seed), null));
            for (Variant variant : resolved) {
                plan.add(
                        new Run(
                                new ComparisonCsv.RunKey(
                                        id, variant.label(), variant.settingValues(), seed),
                                variant));
            }
        }
        return plan;
    }

    /** Says how many runs of the file this experiment does not show, if any. */
    private static void reportOthers(
            PrintWriter out, ComparisonCsv csv, List<Run> plan, Path file) {
        Set<ComparisonCsv.RunKey> planned = new HashSet<>();
        plan.forEach(run -> planned.add(run.key()));
        long others = csv.runs().stream().filter(run -> !planned.contains(run)).count();
        if (others > 0) {
            out.printf(
                    "%s also holds %d run%s of other variants or seeds, kept and not shown%n",
                    file, others, others == 1 ? "" : "s");
        }
    }

    private ComparisonReport report(
            String heading, ComparisonCsv csv, List<Run> plan, List<Variant> resolved) {
        int armCount = 1 + resolved.size();
        List<List<List<ComparisonCsv.Row>>> runs = new ArrayList<>();
        for (int arm = 0; arm < armCount; arm++) {
            runs.add(new ArrayList<>());
        }
        // The plan lists the arms of one seed after another, in arm order.
        for (int i = 0; i < plan.size(); i++) {
            runs.get(i % armCount).add(csv.rows(plan.get(i).key()));
        }
        List<ComparisonReport.Arm> arms = new ArrayList<>();
        arms.add(
                new ComparisonReport.Arm(
                        Variant.PLAIN,
                        "the same network without stochastic depth (StochasticDepth.strip), the"
                                + " reference",
                        runs.get(0)));
        for (int v = 0; v < resolved.size(); v++) {
            arms.add(
                    new ComparisonReport.Arm(
                            resolved.get(v).label(), resolved.get(v).describe(), runs.get(v + 1)));
        }
        return new ComparisonReport(heading, seeds.seeds(), arms, target);
    }

    /**
     * One run of the experiment.
     *
     * @param key what names it in the CSV
     * @param variant its resolved variant, {@code null} for the plain twin
     */
    private record Run(ComparisonCsv.RunKey key, Variant variant) {}
}
