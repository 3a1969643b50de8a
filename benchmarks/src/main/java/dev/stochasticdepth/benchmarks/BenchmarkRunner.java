package dev.stochasticdepth.benchmarks;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import dev.stochasticdepth.samples.OneDnnGuard;
import dev.stochasticdepth.samples.SampleNetwork;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Runs every benchmark through the JMH API and prints a markdown table of each variant's step time
 * relative to its plain twin: the ratio of the medians of the steps paired in one fork, with a 95%
 * bootstrap interval over the pairs, and the peak memory of a training step.
 *
 * <p>Pass {@code --quick} for a dry run with a few iterations (its figures are not meaningful),
 * {@code --threads N} for N intra-op threads of libtorch, {@code --network RESNET56} or {@code
 * --network RESNET50} for one network only.
 */
@Command(
        name = "benchmarks",
        mixinStandardHelpOptions = true,
        description = "Every stochastic-depth variant against its plain twin: the table of ratios.")
public final class BenchmarkRunner implements Callable<Integer> {

    /**
     * The variants whose inference forward differs: the control, the generated INFERENCE scaling
     * (the same for both methods and skipDropped), TRAINING scaling (the plain forward), and the
     * runtime's INFERENCE scaling.
     */
    private static final List<Variant> INFERENCE_VARIANTS =
            List.of(
                    Variant.PLAIN,
                    Variant.SAMPLE,
                    Variant.SAMPLE_TRAINING,
                    Variant.SAMPLE_SURGERY);

    @Spec private CommandSpec spec;

    @Option(
            names = "--quick",
            description = "a dry run of a few steps per variant; its figures mean nothing")
    private boolean quick;

    /** The default is one intra-op thread per core of the 2-core benchmark machine. */
    @Option(
            names = "--threads",
            defaultValue = "2",
            description = "libtorch's intra-op threads (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(
            names = "--network",
            description = "one network only: ${COMPLETION-CANDIDATES} (default: both)")
    private Network onlyNetwork;

    @Option(
            names = "--pruning",
            paramLabel = "MODEL",
            description =
                    "instead: inference of the served sample network MODEL (for example resnet20)"
                            + " with 0..L blocks pruned, highest rate first, against the full one")
    private String pruningModel;

    private BenchmarkRunner() {}

    /**
     * Runs the benchmarks, prints the table and exits; bad options exit with status 2.
     *
     * @param args {@code --quick}, {@code --threads N}, {@code --network NAME}; {@code --help}
     */
    public static void main(String[] args) {
        // The JMH forks inherit this JVM's environment, and so a cap the guard sets.
        OptionalInt rerun = OneDnnGuard.protect(BenchmarkRunner.class, args);
        System.exit(
                rerun.isPresent()
                        ? rerun.getAsInt()
                        : new CommandLine(new BenchmarkRunner()).execute(args));
    }

    /**
     * Runs the benchmarks and prints the table.
     *
     * @return the exit status, 0
     * @throws RunnerException if JMH fails
     */
    @Override
    public Integer call() throws RunnerException {
        if (threads < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (pruningModel != null) {
            int blocks;
            try {
                blocks = SampleNetwork.forId(pruningModel).depth();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            runPruning(blocks);
        } else {
            run();
        }
        return 0;
    }

    /** The pruning table: every number of removed blocks, each fork paired with the full network. */
    private void runPruning(int blocks) throws RunnerException {
        long start = System.nanoTime();
        List<String> rows = new ArrayList<>();
        int warmup = quick ? 1 : 4;
        int measured = quick ? 2 : 40;
        for (int removed = 0; removed <= blocks; removed++) {
            System.err.printf(
                    Locale.ROOT,
                    "pruning %s, %d blocks removed: %d + %d%n",
                    pruningModel,
                    removed,
                    warmup,
                    measured);
            RunResult result =
                    new Runner(
                                    options(warmup, measured)
                                            .include(PruningBenchmarks.PATTERN)
                                            .param("model", pruningModel)
                                            .param("removed", Integer.toString(removed))
                                            .build())
                            .runSingle();
            PairedTimes times = paired(result);
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d of %d | %.2f | %.2f | %s |",
                            pruningModel,
                            removed,
                            blocks,
                            PairedTimes.median(times.plain()),
                            PairedTimes.median(times.variant()),
                            times.formatRatio()));
        }
        System.out.println();
        System.out.println(
                machine("the pruned network paired with the full one forward by forward in one fork"));
        System.out.println();
        System.out.println(
                "| network | blocks removed | full, ms | pruned, ms | pruned vs full [95% CI] |");
        System.out.println("|---|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.printf(
                Locale.ROOT, "%nbenchmarks took %.1f min%n", (System.nanoTime() - start) / 60e9);
    }

    private void run() throws RunnerException {
        long start = System.nanoTime();
        List<String> rows = new ArrayList<>();
        List<Network> networks =
                onlyNetwork == null ? List.of(Network.values()) : List.of(onlyNetwork);
        for (Network network : networks) {
            Map<Variant, PairedTimes> training = new EnumMap<>(Variant.class);
            Map<Variant, PairedTimes> inference = new EnumMap<>(Variant.class);
            Map<Variant, Memory> memory = new EnumMap<>(Variant.class);
            for (Variant variant : Variant.values()) {
                training.put(variant, pairs(Operation.TRAINING, network, variant));
            }
            for (Variant variant : INFERENCE_VARIANTS) {
                inference.put(variant, pairs(Operation.INFERENCE, network, variant));
            }
            for (Variant variant : Variant.values()) {
                memory.put(variant, memory(network, variant));
            }
            rows.addAll(rows(network, training, inference, memory));
        }
        System.out.println();
        System.out.println(
                machine("each variant paired with its plain twin step by step in one fork"));
        System.out.println();
        System.out.println(
                "| network | variant | training step, ms | vs plain [95% CI] | inference, ms | vs"
                    + " plain [95% CI] | training peak RSS, MiB (rise over setup) | rise vs plain"
                    + " |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.printf(
                Locale.ROOT, "%nbenchmarks took %.1f min%n", (System.nanoTime() - start) / 60e9);
    }

    private RunResult runFork(
            Operation operation, Network network, Variant variant, boolean paired)
            throws RunnerException {
        int warmup = quick ? 1 : network.warmup(operation);
        int measured = quick ? 2 : network.measured(operation);
        System.err.printf(
                Locale.ROOT,
                "%s %s %s: %d + %d%n",
                operation.name().toLowerCase(Locale.ROOT),
                network.label(),
                variant.label(),
                warmup,
                measured);
        ChainedOptionsBuilder options =
                options(warmup, measured)
                        .include(operation.pattern())
                        .param("network", network.name())
                        .param("variant", variant.name())
                        .param("paired", Boolean.toString(paired));
        if (operation == Operation.MEMORY) {
            options.addProfiler(PeakMemoryProfiler.class);
        }
        return new Runner(options.build()).runSingle();
    }

    /** One fork of the given iterations, with the JVM and libtorch settings of every benchmark. */
    private ChainedOptionsBuilder options(int warmup, int measured) {
        return new OptionsBuilder()
                .forks(1)
                .warmupIterations(warmup)
                .measurementIterations(measured)
                .jvmArgsAppend(
                        "-Xms256m",
                        "-Xmx256m",
                        "-XX:+AlwaysPreTouch",
                        "-Dai.djl.offline=true",
                        "-Dai.djl.pytorch.num_threads=" + threads,
                        "-Dai.djl.pytorch.num_interop_threads=1",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        // A CPU benchmark: DJL's probe for CUDA may warn on every fork.
                        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
    }

    private PairedTimes pairs(Operation operation, Network network, Variant variant)
            throws RunnerException {
        return paired(runFork(operation, network, variant, true));
    }

    /** The step times of a paired fork, from {@link ResidualBenchmarks.StepTimes}. */
    private static PairedTimes paired(RunResult result) {
        List<double[]> pairs = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                Map<String, Result> times = iteration.getSecondaryResults();
                pairs.add(
                        new double[] {
                            times.get("plainMillis").getScore(),
                            times.get("variantMillis").getScore()
                        });
            }
        }
        double[] plain = pairs.stream().mapToDouble(pair -> pair[0]).toArray();
        double[] stochastic = pairs.stream().mapToDouble(pair -> pair[1]).toArray();
        return new PairedTimes(plain, stochastic);
    }

    private Memory memory(Network network, Variant variant) throws RunnerException {
        RunResult result = runFork(Operation.MEMORY, network, variant, false);
        Map<String, Result> secondary = result.getAggregatedResult().getSecondaryResults();
        return new Memory(
                secondary.get(PeakMemoryProfiler.PEAK).getScore(),
                secondary.get(PeakMemoryProfiler.RISE).getScore());
    }

    private List<String> rows(
            Network network,
            Map<Variant, PairedTimes> training,
            Map<Variant, PairedTimes> inference,
            Map<Variant, Memory> memory) {
        double plainRise = memory.get(Variant.PLAIN).rise();
        List<String> rows = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            PairedTimes train = training.get(variant);
            PairedTimes infer = inference.get(variant);
            Memory peak = memory.get(variant);
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.1f | %s | %s | %s | %.0f (+%.0f) | %.3f |",
                            network.label(),
                            variant.label(),
                            PairedTimes.median(train.variant()),
                            train.formatRatio(),
                            infer == null ? "" : milliseconds(infer),
                            infer == null ? "" : infer.formatRatio(),
                            peak.peak(),
                            peak.rise(),
                            peak.rise() / plainRise));
        }
        return rows;
    }

    private static String milliseconds(PairedTimes times) {
        return String.format(Locale.ROOT, "%.1f", PairedTimes.median(times.variant()));
    }

    private String machine(String pairing) {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu =
                    lines.filter(line -> line.startsWith("model name"))
                            .map(line -> line.substring(line.indexOf(':') + 1).trim())
                            .findFirst()
                            .orElse(cpu);
        } catch (java.io.IOException e) {
            // Not Linux: the table still stands, without the CPU model.
        }
        String tunables = System.getenv("GLIBC_TUNABLES");
        String isa = System.getenv(OneDnnGuard.VARIABLE);
        return String.format(
                Locale.ROOT,
                "%d cores (%s), JDK %s (%s), libtorch intra-op threads %d, %s, %s; %s; medians of"
                        + " single steps, ratio of medians with a 95%% bootstrap interval over the"
                        + " pairs",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                threads,
                isa == null ? "oneDNN uncapped" : OneDnnGuard.VARIABLE + "=" + isa,
                tunables == null ? "glibc malloc defaults" : "GLIBC_TUNABLES=" + tunables,
                pairing);
    }

    /**
     * The peak RSS of a fork and its rise over the peak after the setup, in MiB.
     *
     * @param peak the fork's peak
     * @param rise how far the training steps raised it
     */
    private record Memory(double peak, double rise) {}
}
