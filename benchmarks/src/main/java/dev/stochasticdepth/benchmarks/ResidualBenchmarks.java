package dev.stochasticdepth.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import java.util.concurrent.TimeUnit;

/**
 * The measured operations on one variant of a network, each against its {@link Variant#PLAIN}
 * twin in the same fork.
 *
 * <p>{@link #trainingSteps} and {@link #inferenceForwards} run one step of the twin and one of the
 * variant per invocation, in alternating order (plain first on even invocations, the variant
 * first on odd ones), and time each with {@link System#nanoTime()} into {@link StepTimes}, which
 * JMH reports per iteration. Pairing within one process takes out what differs between forks
 * (where the JIT, the allocator and the kernel's page placement settle), which moved identical
 * steps by up to 10% from fork to fork; alternating takes out the order within a pair. With
 * {@link Variant#PLAIN} as the variant, both sides are identical plain networks: the control that
 * shows the resolution of the measurement.
 *
 * <p>{@link #trainingMemory} runs the variant alone, in its own fork, for the peak memory that
 * {@link PeakMemoryProfiler} reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ResidualBenchmarks {

    /** The network. */
    @Param({"RESNET56", "RESNET50"})
    public Network network;

    /** The variant of the network. */
    @Param({
        "PLAIN",
        "SAMPLE",
        "SAMPLE_TRAINING",
        "SAMPLE_SKIP",
        "SAMPLE_SKIP_TRAINING",
        "BLOCK",
        "BLOCK_TRAINING",
        "SAMPLE_SURGERY",
        "SAMPLE_SKIP_SURGERY",
        "BLOCK_SURGERY",
        "SAMPLE_SKIP_LOW_DROP",
        "BLOCK_LOW_DROP"
    })
    public Variant variant;

    /**
     * Whether the plain twin is built beside the variant: true for the paired benchmarks, false for
     * {@link #trainingMemory}, whose fork must hold the variant alone.
     */
    @Param({"true"})
    public boolean paired;

    private Workload plain;
    private Workload stochastic;
    private long invocations;

    /**
     * The step times of one invocation, reported by JMH as secondary results of every iteration.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class StepTimes {

        /** The plain twin's step, in milliseconds. */
        public double plainMillis;

        /** The variant's step, in milliseconds. */
        public double variantMillis;

        /** Clears the times before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            plainMillis = 0;
            variantMillis = 0;
        }
    }

    /** Builds the variant and, when paired, its plain twin with the same weights and batch. */
    @Setup(Level.Trial)
    public void setUp() {
        stochastic = new Workload(network, variant);
        plain = paired ? new Workload(network, Variant.PLAIN) : null;
    }

    /** Releases the networks and their native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        stochastic.close();
        if (plain != null) {
            plain.close();
        }
    }

    /**
     * One training step of the plain twin and one of the variant.
     *
     * @param times where the two step times go
     */
    @Benchmark
    public void trainingSteps(StepTimes times) {
        pair(
                times,
                workload -> {
                    workload.trainingStep();
                    return 0f;
                });
    }

    /**
     * One inference forward of the plain twin and one of the variant.
     *
     * @param times where the two step times go
     * @return the sum of both networks' logits, so that both forwards are computed
     */
    @Benchmark
    public float inferenceForwards(StepTimes times) {
        return pair(times, Workload::inferenceForward);
    }

    /** One training step of the variant alone, for its peak memory (run unpaired). */
    @Benchmark
    public void trainingMemory() {
        stochastic.trainingStep();
    }

    /** Runs one step of each, the plain twin first on even invocations, and times both. */
    private float pair(StepTimes times, ToFloatFunction step) {
        return pair(times, invocations++, plain, stochastic, step::apply);
    }

    /**
     * Runs one step of {@code plain} and one of {@code variant}, {@code plain} first on even
     * invocations, and times both into {@code times}.
     *
     * @param times where the two step times go
     * @param invocation the number of the invocation, from 0
     * @param plain the reference side
     * @param variant the measured side
     * @param step the step, returning a value read from its result
     * @return the sum of both steps' values
     */
    static <T> float pair(
            StepTimes times, long invocation, T plain, T variant, ToFloatStep<T> step) {
        boolean plainFirst = invocation % 2 == 0;
        long start = System.nanoTime();
        float sum = step.apply(plainFirst ? plain : variant);
        long middle = System.nanoTime();
        sum += step.apply(plainFirst ? variant : plain);
        long end = System.nanoTime();
        times.plainMillis = (plainFirst ? middle - start : end - middle) / 1e6;
        times.variantMillis = (plainFirst ? end - middle : middle - start) / 1e6;
        return sum;
    }

    /** A step on one side of a pair that returns a value read from its result. */
    @FunctionalInterface
    interface ToFloatStep<T> {
        float apply(T side);
    }

    /** A step that returns a value read from its result, or 0 if it returns none. */
    @FunctionalInterface
    private interface ToFloatFunction {
        float apply(Workload workload);
    }
}
