package dev.stochasticdepth.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A JMH profiler that reports the peak resident set size of the benchmark's fork ({@code VmHWM} in
 * {@code /proc/self/status}, Linux only) after every iteration: native tensors included, which the
 * JVM's own memory counters do not see.
 *
 * <p>Each variant runs in a fresh fork, so the figure is the peak of that variant's warmup and
 * measurement alone.
 */
public final class PeakMemoryProfiler implements InternalProfiler {

    /** The name of the secondary result with the fork's peak RSS. */
    public static final String PEAK = "peakRss";

    /** The name of the secondary result with the rise of the peak RSS over the setup's. */
    public static final String RISE = "peakRssRise";

    private static final Path STATUS = Path.of("/proc/self/status");

    /** The peak when the first iteration began, after the setup; NaN until then. */
    private double setupPeak = Double.NaN;

    /** Creates the profiler; JMH instantiates it in every fork. */
    public PeakMemoryProfiler() {}

    /** {@inheritDoc} */
    @Override
    public String getDescription() {
        return "peak resident set size of the fork (VmHWM), in MiB";
    }

    /** {@inheritDoc} */
    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        if (Double.isNaN(setupPeak)) {
            setupPeak = peakMebibytes();
        }
    }

    /** {@inheritDoc} */
    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams,
            IterationParams iterationParams,
            IterationResult result) {
        double peak = peakMebibytes();
        return List.of(
                new ScalarResult(PEAK, peak, "MiB", AggregationPolicy.MAX),
                new ScalarResult(RISE, peak - setupPeak, "MiB", AggregationPolicy.MAX));
    }

    private static double peakMebibytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    // "VmHWM:   123456 kB"
                    String kibibytes = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kibibytes) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
        throw new IllegalStateException(STATUS + " has no VmHWM line: peak memory needs Linux");
    }
}
