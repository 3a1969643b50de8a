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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Runs every benchmark through the JMH API and prints a markdown table of each variant's step time
 * relative to its plain twin: the ratio of medians, with a 95% bootstrap interval over the
 * iterations of both.
 *
 * <p>The plain twin runs twice per network, first and last, and its two forks are pooled, so that a
 * slow drift of the machine affects it as much as the variants in between. Pass {@code --quick} for
 * a dry run with a few iterations (its figures are not meaningful).
 */
public final class BenchmarkRunner {

    /** The default intra-op threads of libtorch: one per core of the 2-core benchmark machine. */
    private static final int DEFAULT_THREADS = 2;

    private static final String TRAINING = ResidualBenchmarks.class.getName() + ".trainingStep";
    private static final String INFERENCE =
            ResidualBenchmarks.class.getName() + ".inferenceForward";
    private static final int BOOTSTRAP_SAMPLES = 4000;

    /**
     * The variants whose inference forward differs: the generated INFERENCE scaling (the same for
     * both methods and skipDropped), TRAINING scaling (the plain forward), and the runtime's
     * INFERENCE scaling.
     */
    private static final List<Variant> INFERENCE_VARIANTS =
            List.of(Variant.SAMPLE, Variant.SAMPLE_TRAINING, Variant.SAMPLE_SURGERY);

    private final boolean quick;
    private final int threads;

    private BenchmarkRunner(boolean quick, int threads) {
        this.quick = quick;
        this.threads = threads;
    }

    /**
     * Runs the benchmarks and prints the table.
     *
     * @param args {@code --quick} for a dry run, {@code --threads N} for N intra-op threads of
     *     libtorch instead of 2
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        List<String> options = Arrays.asList(args);
        boolean quick = options.contains("--quick");
        int at = options.indexOf("--threads");
        int threads = at < 0 ? DEFAULT_THREADS : Integer.parseInt(options.get(at + 1));
        if (System.getenv("ONEDNN_MAX_CPU_ISA") == null) {
            System.err.println(
                    "warning: ONEDNN_MAX_CPU_ISA is not set; set it to AVX if the forks die with"
                            + " SIGFPE in convolution backward");
        }
        new BenchmarkRunner(quick, threads).run();
    }

    private void run() throws RunnerException {
        long start = System.nanoTime();
        List<String> rows = new ArrayList<>();
        for (Network network : Network.values()) {
            Map<Variant, Sample> training = new EnumMap<>(Variant.class);
            Map<Variant, Sample> inference = new EnumMap<>(Variant.class);
            List<Variant> order = new ArrayList<>(List.of(Variant.values()));
            order.add(Variant.PLAIN);
            for (Variant variant : order) {
                training.merge(variant, measure(TRAINING, network, variant), Sample::pool);
            }
            List<Variant> inferenceOrder = new ArrayList<>();
            inferenceOrder.add(Variant.PLAIN);
            inferenceOrder.addAll(INFERENCE_VARIANTS);
            inferenceOrder.add(Variant.PLAIN);
            for (Variant variant : inferenceOrder) {
                inference.merge(variant, measure(INFERENCE, network, variant), Sample::pool);
            }
            rows.addAll(rows(network, training, inference));
        }
        System.out.println();
        System.out.println(machine());
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

    private Sample measure(String benchmark, Network network, Variant variant)
            throws RunnerException {
        boolean train = benchmark.equals(TRAINING);
        int warmup = quick ? 1 : network.warmupSteps(train);
        int steps = quick ? 3 : network.measuredSteps(train);
        System.err.printf(
                Locale.ROOT,
                "%s %s %s: %d + %d steps%n",
                train ? "training" : "inference",
                network.label(),
                variant.label(),
                warmup,
                steps);
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .include("^" + benchmark.replace(".", "\\.") + "$")
                        .param("network", network.name())
                        .param("variant", variant.name())
                        .forks(1)
                        .warmupIterations(warmup)
                        .measurementIterations(steps)
                        .jvmArgsAppend(
                                "-Xms256m",
                                "-Xmx256m",
                                "-XX:+AlwaysPreTouch",
                                "-Dai.djl.offline=true",
                                "-Dai.djl.pytorch.num_threads=" + threads,
                                "-Dai.djl.pytorch.num_interop_threads=1",
                                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                        .shouldFailOnError(true)
                        .verbosity(VerboseMode.SILENT);
        if (train) {
            options.addProfiler(PeakMemoryProfiler.class);
        }
        RunResult result = new Runner(options.build()).runSingle();
        List<Double> times = new ArrayList<>();
        Memory memory = Memory.UNMEASURED;
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                times.add(iteration.getPrimaryResult().getScore());
            }
            Map<String, Result> secondary = fork.getSecondaryResults();
            if (secondary.containsKey(PeakMemoryProfiler.PEAK)) {
                memory =
                        memory.max(
                                new Memory(
                                        secondary.get(PeakMemoryProfiler.PEAK).getScore(),
                                        secondary.get(PeakMemoryProfiler.RISE).getScore()));
            }
        }
        return new Sample(times.stream().mapToDouble(Double::doubleValue).toArray(), memory);
    }

    private List<String> rows(
            Network network, Map<Variant, Sample> training, Map<Variant, Sample> inference) {
        Sample plainTraining = training.get(Variant.PLAIN);
        Sample plainInference = inference.get(Variant.PLAIN);
        List<String> rows = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            Sample train = training.get(variant);
            Sample infer = inference.get(variant);
            Memory memory = train.memory();
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.1f | %s | %s | %s | %.0f (+%.0f) | %.3f |",
                            network.label(),
                            variant.label(),
                            train.median(),
                            ratio(train, plainTraining),
                            infer == null ? "" : String.format(Locale.ROOT, "%.1f", infer.median()),
                            infer == null ? "" : ratio(infer, plainInference),
                            memory.peak(),
                            memory.rise(),
                            memory.rise() / plainTraining.memory().rise()));
        }
        return rows;
    }

    /** Formats the ratio of medians with its 95% percentile-bootstrap interval. */
    private static String ratio(Sample variant, Sample plain) {
        if (variant == plain) {
            return "1";
        }
        double[] bootstrap = new double[BOOTSTRAP_SAMPLES];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < bootstrap.length; i++) {
            bootstrap[i] = variant.resample(random).median() / plain.resample(random).median();
        }
        Arrays.sort(bootstrap);
        return String.format(
                Locale.ROOT,
                "%.3f [%.3f, %.3f]",
                variant.median() / plain.median(),
                bootstrap[(int) (0.025 * bootstrap.length)],
                bootstrap[(int) (0.975 * bootstrap.length) - 1]);
    }

    private String machine() {
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
        return String.format(
                Locale.ROOT,
                "%d cores (%s), JDK %s (%s), libtorch intra-op threads %d; medians of single steps,"
                        + " ratio of medians to the plain twin with a 95%% bootstrap interval",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                threads);
    }

    /**
     * The peak RSS of a fork and its rise over the peak after the setup, in MiB.
     *
     * @param peak the fork's peak
     * @param rise how far the measured operation raised it
     */
    private record Memory(double peak, double rise) {

        static final Memory UNMEASURED = new Memory(Double.NaN, Double.NaN);

        Memory max(Memory other) {
            return Double.isNaN(peak) || other.rise > rise ? other : this;
        }
    }

    /** The step times of one variant, in milliseconds, and its training step's memory. */
    private record Sample(double[] times, Memory memory) {

        Sample pool(Sample other) {
            double[] both = Arrays.copyOf(times, times.length + other.times.length);
            System.arraycopy(other.times, 0, both, times.length, other.times.length);
            return new Sample(both, memory.max(other.memory));
        }

        double median() {
            double[] sorted = times.clone();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1
                    ? sorted[middle]
                    : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        Sample resample(SplittableRandom random) {
            double[] drawn = new double[times.length];
            for (int i = 0; i < drawn.length; i++) {
                drawn[i] = times[random.nextInt(times.length)];
            }
            return new Sample(drawn, memory);
        }
    }
}
