package dev.stochasticdepth.benchmarks;

import dev.stochasticdepth.samples.OneDnnGuard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Times the main job's epoch with oneDNN at full speed and capped at AVX, on the same machine in
 * one run: each round runs the samples' {@code train --epochs 1} twice in fresh JVMs, once with
 * {@code ONEDNN_MAX_CPU_ISA=ALL} and once with {@code AVX}, alternating which goes first, and reads
 * the seconds per epoch (training and evaluation) of both networks from the CSV it writes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.stochasticdepth.benchmarks.OneDnnCapComparison
 * </pre>
 *
 * <p>The runs take {@code train}'s defaults but for the epochs, so the epoch is the main job's.
 */
@Command(
        name = "OneDnnCapComparison",
        mixinStandardHelpOptions = true,
        description = "Epoch time of the main job with oneDNN uncapped and capped at AVX.")
public final class OneDnnCapComparison implements Callable<Integer> {

    private static final List<String> SETTINGS = List.of("ALL", OneDnnGuard.CAP);

    @Spec private CommandSpec spec;

    @Option(
            names = "--rounds",
            defaultValue = "2",
            description = "Pairs of runs (default: ${DEFAULT-VALUE})")
    private int rounds;

    @Option(
            names = "--limit",
            description =
                    "Train and test on the first N images only (default: train's, as the main"
                            + " job)")
    private Integer limit;

    @Option(
            names = "--threads",
            description = "libtorch's intra-op threads in each run (default: libtorch's own)")
    private Integer threads;

    @Option(
            names = "--model",
            defaultValue = "resnet20",
            description = "The network (default: ${DEFAULT-VALUE}, the main job's)")
    private String model;

    private OneDnnCapComparison() {}

    /**
     * Runs the comparison, prints the table and exits; bad options exit with status 2.
     *
     * @param args {@code --rounds N}, {@code --limit N}, {@code --model NAME}; {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new OneDnnCapComparison()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (threads != null && threads < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (rounds < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--rounds must be at least 1, got " + rounds);
        }
        Path work = Files.createTempDirectory("onednn-cap");
        // network -> setting -> seconds per epoch, one per round
        Map<String, Map<String, List<Double>>> seconds = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < SETTINGS.size(); i++) {
                String setting = SETTINGS.get((round + i) % SETTINGS.size());
                Path out = work.resolve(round + "-" + setting);
                int status = train(setting, out);
                if (status != 0) {
                    System.err.println("train with " + setting + " exited with status " + status);
                    return 1;
                }
                List<String> csv = Files.readAllLines(out.resolve("train-" + model + ".csv"));
                // By name: the precise batch-norm columns come after it.
                int column = List.of(csv.get(0).split(",")).indexOf("seconds");
                for (String line : csv.subList(1, 3)) {
                    String[] cells = line.split(",");
                    seconds.computeIfAbsent(cells[0], k -> new LinkedHashMap<>())
                            .computeIfAbsent(setting, k -> new ArrayList<>())
                            .add(Double.parseDouble(cells[column]));
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%n%s, one epoch of the main job (%s), %s, %d rounds, median seconds per epoch"
                        + " (training and evaluation):%n%n",
                model,
                limit == null ? "its default data" : limit + " images",
                threads == null ? "libtorch's default threads" : threads + " intra-op threads",
                rounds);
        System.out.println("| network | uncapped (ALL) | ONEDNN_MAX_CPU_ISA=AVX | capped / uncapped |");
        System.out.println("|---|---:|---:|---:|");
        for (Map.Entry<String, Map<String, List<Double>>> network : seconds.entrySet()) {
            double uncapped = median(network.getValue().get("ALL"));
            double capped = median(network.getValue().get(OneDnnGuard.CAP));
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.1f s | %.1f s | %.2f |%n",
                    network.getKey(),
                    uncapped,
                    capped,
                    capped / uncapped);
        }
        return 0;
    }

    private int train(String setting, Path out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (threads != null) {
            command.add("-Dai.djl.pytorch.num_threads=" + threads);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.stochasticdepth.samples.Main");
        command.addAll(List.of("train", "--epochs", "1", "--model", model, "--out", out.toString()));
        if (limit != null) {
            command.addAll(List.of("--limit", limit.toString()));
        }
        ProcessBuilder train =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
        train.environment().put(OneDnnGuard.VARIABLE, setting);
        System.err.printf("round with %s=%s: %s%n", OneDnnGuard.VARIABLE, setting, out);
        return train.start().waitFor();
    }

    private static double median(List<Double> values) {
        return PairedTimes.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
