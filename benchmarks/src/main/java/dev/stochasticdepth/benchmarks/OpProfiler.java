package dev.stochasticdepth.benchmarks;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stochasticdepth.samples.OneDnnGuard;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Where the time of a step goes: runs a variant and its plain twin under libtorch's profiler and
 * prints, per operator, the self time per step (the operator's time minus that of the operators it
 * called) of both and their difference, largest difference first.
 *
 * <p>Usage: {@code OpProfiler NETWORK VARIANT training|inference [STEPS]}, for example {@code
 * java -cp benchmarks/target/benchmarks.jar dev.stochasticdepth.benchmarks.OpProfiler RESNET56
 * SAMPLE training 4}. The profiler's own overhead is in both columns alike; the absolute times are
 * higher than unprofiled ones, the differences are what to read.
 */
@Command(
        name = "OpProfiler",
        mixinStandardHelpOptions = true,
        description = "Self time per operator of a variant and its plain twin, per step.")
public final class OpProfiler implements Callable<Integer> {

    private static final int WARMUP = 3;
    private static final int ROWS = 25;

    @Spec private CommandSpec spec;

    @Parameters(index = "0", description = "the network: ${COMPLETION-CANDIDATES}")
    private Network network;

    @Parameters(index = "1", description = "the variant: ${COMPLETION-CANDIDATES}")
    private Variant variant;

    @Parameters(index = "2", description = "training or inference")
    private Operation operation;

    @Parameters(
            index = "3",
            arity = "0..1",
            defaultValue = "4",
            description = "profiled steps of each (default: ${DEFAULT-VALUE})")
    private int steps;

    private OpProfiler() {}

    /**
     * Profiles the steps, prints the table and exits; bad arguments exit with status 2.
     *
     * @param args the network, the variant, {@code training} or {@code inference}, and optionally
     *     the number of profiled steps (default 4)
     */
    public static void main(String[] args) {
        OptionalInt rerun = OneDnnGuard.protect(OpProfiler.class, args);
        if (rerun.isPresent()) {
            System.exit(rerun.getAsInt());
        }
        CommandLine commandLine = new CommandLine(new OpProfiler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(commandLine.execute(args));
    }

    /**
     * Profiles the steps and prints the table.
     *
     * @return the exit status, 0
     * @throws IOException if a trace cannot be written or read
     */
    @Override
    public Integer call() throws IOException {
        if (operation == Operation.MEMORY || steps < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "expected training or inference and at least 1 step, got "
                            + operation.name().toLowerCase(Locale.ROOT)
                            + " and "
                            + steps);
        }
        boolean training = operation == Operation.TRAINING;
        Map<String, double[]> plain;
        Map<String, double[]> stochastic;
        try (Workload twin = new Workload(network, Variant.PLAIN);
                Workload measured = new Workload(network, variant)) {
            Consumer<Workload> step =
                    training ? Workload::trainingStep : Workload::inferenceForward;
            for (int i = 0; i < WARMUP; i++) {
                step.accept(twin);
                step.accept(measured);
            }
            plain = new HashMap<>();
            stochastic = new HashMap<>();
            for (int i = 0; i < steps; i++) {
                // Alternate which goes first, as the benchmarks do.
                boolean plainFirst = i % 2 == 0;
                Workload first = plainFirst ? twin : measured;
                Workload second = plainFirst ? measured : twin;
                Map<String, double[]> firstTimes = profile(first, step);
                Map<String, double[]> secondTimes = profile(second, step);
                add(plainFirst ? firstTimes : secondTimes, plain, steps);
                add(plainFirst ? secondTimes : firstTimes, stochastic, steps);
            }
        }
        print(network, variant, training, plain, stochastic);
        return 0;
    }

    /** Adds one step's times into the running means over {@code steps} steps. */
    private static void add(Map<String, double[]> step, Map<String, double[]> mean, int steps) {
        step.forEach(
                (name, times) -> {
                    double[] total = mean.computeIfAbsent(name, key -> new double[2]);
                    total[0] += times[0] / steps;
                    total[1] += times[1] / steps;
                });
    }

    /** Returns, per operator name, {self milliseconds, calls} of one profiled step. */
    private static Map<String, double[]> profile(Workload workload, Consumer<Workload> step)
            throws IOException {
        Path trace = Files.createTempFile("op-profile", ".json");
        try {
            JniUtils.startProfile(false, false, false);
            step.accept(workload);
            JniUtils.stopProfile(trace.toString());
            return selfTimes(trace);
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /**
     * Reads a trace in Chrome's format, as libtorch's profiler writes it, and returns per operator
     * name its self time in milliseconds (its duration minus that of the operators directly inside
     * it on the same thread) and its number of calls.
     *
     * @param trace the trace file
     * @return {self milliseconds, calls} per operator name
     * @throws IOException if the file cannot be read
     */
    static Map<String, double[]> selfTimes(Path trace) throws IOException {
        JsonElement root;
        try (Reader reader = Files.newBufferedReader(trace)) {
            root = JsonParser.parseReader(reader);
        }
        JsonArray events =
                root.isJsonArray()
                        ? root.getAsJsonArray()
                        : root.getAsJsonObject().getAsJsonArray("traceEvents");
        Map<String, List<Event>> byThread = new HashMap<>();
        for (JsonElement element : events) {
            JsonObject event = element.getAsJsonObject();
            if (!event.has("dur") || !"X".equals(event.get("ph").getAsString())) {
                continue;
            }
            String thread = event.get("pid").getAsString() + "/" + event.get("tid").getAsString();
            byThread.computeIfAbsent(thread, key -> new ArrayList<>())
                    .add(
                            new Event(
                                    event.get("name").getAsString(),
                                    event.get("ts").getAsDouble(),
                                    event.get("dur").getAsDouble()));
        }
        Map<String, double[]> totals = new HashMap<>();
        for (List<Event> thread : byThread.values()) {
            thread.sort(
                    Comparator.comparingDouble(Event::start)
                            .thenComparing(Comparator.comparingDouble(Event::duration).reversed()));
            Deque<double[]> open = new ArrayDeque<>(); // {end, index}
            double[] self = thread.stream().mapToDouble(Event::duration).toArray();
            for (int i = 0; i < thread.size(); i++) {
                Event event = thread.get(i);
                while (!open.isEmpty() && open.peek()[0] <= event.start()) {
                    open.pop();
                }
                if (!open.isEmpty()) {
                    self[(int) open.peek()[1]] -= event.duration();
                }
                open.push(new double[] {event.start() + event.duration(), i});
            }
            for (int i = 0; i < thread.size(); i++) {
                double[] total =
                        totals.computeIfAbsent(thread.get(i).name(), key -> new double[2]);
                total[0] += self[i] / 1000;
                total[1] += 1;
            }
        }
        return totals;
    }

    private static void print(
            Network network,
            Variant variant,
            boolean training,
            Map<String, double[]> plain,
            Map<String, double[]> stochastic) {
        Set<String> names = new HashSet<>(plain.keySet());
        names.addAll(stochastic.keySet());
        double[] none = {0, 0};
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(
                Comparator.comparingDouble(
                                (String name) ->
                                        Math.abs(
                                                stochastic.getOrDefault(name, none)[0]
                                                        - plain.getOrDefault(name, none)[0]))
                        .reversed());
        double plainTotal = plain.values().stream().mapToDouble(value -> value[0]).sum();
        double variantTotal = stochastic.values().stream().mapToDouble(value -> value[0]).sum();
        System.out.printf(
                Locale.ROOT,
                "%s, %s, %s: self time per step, ms (calls per step)%n%n",
                network.label(),
                variant.label(),
                training ? "training step" : "inference forward");
        System.out.println("| operator | plain | variant | difference |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf(
                Locale.ROOT,
                "| all operators | %.1f | %.1f | %+.1f |%n",
                plainTotal,
                variantTotal,
                variantTotal - plainTotal);
        for (String name : sorted.subList(0, Math.min(ROWS, sorted.size()))) {
            double[] a = plain.getOrDefault(name, none);
            double[] b = stochastic.getOrDefault(name, none);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.2f (%.0f) | %.2f (%.0f) | %+.2f |%n",
                    name,
                    a[0],
                    a[1],
                    b[0],
                    b[1],
                    b[0] - a[0]);
        }
    }

    /** One operator call of the trace, in microseconds. */
    private record Event(String name, double start, double duration) {}
}
