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

    /** The name of the secondary result this profiler adds. */
    public static final String RESULT = "peakRss";

    private static final Path STATUS = Path.of("/proc/self/status");

    /** Creates the profiler; JMH instantiates it in every fork. */
    public PeakMemoryProfiler() {}

    /** {@inheritDoc} */
    @Override
    public String getDescription() {
        return "peak resident set size of the fork (VmHWM), in MiB";
    }

    /** {@inheritDoc} */
    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {}

    /** {@inheritDoc} */
    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams,
            IterationParams iterationParams,
            IterationResult result) {
        return List.of(new ScalarResult(RESULT, peakMebibytes(), "MiB", AggregationPolicy.MAX));
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
