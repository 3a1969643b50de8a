package dev.stochasticdepth.samples;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a program at the CPU's full speed unless libtorch's oneDNN crashes on this machine, and then
 * with oneDNN capped at AVX, which avoids the crash.
 *
 * <p>libtorch 2.7.1's oneDNN has crashed the JVM with {@code SIGFPE} (an integer division by zero
 * in a 1x1 convolution's backward pass) on some machines and not on others; the JVM cannot catch
 * it. So before the first training step, {@link #protect} runs {@link OneDnnProbe} in a child JVM. If
 * the probe exits normally the program goes on in this JVM, uncapped. If it dies, the program runs
 * again in a child JVM with {@code ONEDNN_MAX_CPU_ISA=AVX} (oneDNN reads the variable once, when it
 * loads, so the cap cannot be applied to a running JVM) and a one-line note says so. A user who
 * sets {@code ONEDNN_MAX_CPU_ISA} keeps that setting, and no probe runs.
 */
public final class OneDnnGuard {

    /** The environment variable oneDNN reads its instruction-set cap from. */
    public static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";

    /** The cap that avoids the crash: AVX (AVX2 and AVX-512 crashed where the crash was seen). */
    public static final String CAP = "AVX";

    /** Set on a JVM this guard started with the cap, so that its note can say why. */
    static final String CAPPED_BY_GUARD = "stochasticdepth.onednn.capped";

    private static final long PROBE_TIMEOUT_SECONDS = 300;

    /** Exit statuses above this one are a JVM killed by signal 1 and up, or aborted by its own. */
    private static final int SIGNALLED = 128;

    /** What {@link #decide} found. */
    public enum Decision {
        /** {@code ONEDNN_MAX_CPU_ISA} is set: the user's (or a parent guard's) value holds. */
        ALREADY_SET,
        /** The probe ran every kernel, or failed without a crash: no cap. */
        FULL_SPEED,
        /** The probe died of a signal: run with {@link #CAP}. */
        CAP_NEEDED
    }

    private final List<String> probeCommand;
    private final Map<String, String> environment;
    private final PrintStream log;
    private int probeStatus;

    /**
     * Creates a guard.
     *
     * @param probeCommand the command that runs the probe, as {@link #probeCommand()} gives it
     * @param environment the environment of this process, to read {@link #VARIABLE} from
     * @param log where the one-line notes go
     */
    OneDnnGuard(List<String> probeCommand, Map<String, String> environment, PrintStream log) {
        this.probeCommand = List.copyOf(probeCommand);
        this.environment = environment;
        this.log = log;
    }

    /**
     * Makes sure this program does not die in oneDNN: call it first in {@code main}, before any
     * engine is loaded, and if it returns a status, exit with it.
     *
     * <pre>{@code
     * OptionalInt rerun = OneDnnGuard.protect(Main.class, args);
     * if (rerun.isPresent()) {
     *     System.exit(rerun.getAsInt());
     * }
     * }</pre>
     *
     * @param mainClass the class whose {@code main} is running
     * @param args its arguments, passed on to a capped rerun
     * @return empty if the program should go on in this JVM; else the exit status of the program's
     *     run in a capped child JVM, which has already finished
     */
    public static OptionalInt protect(Class<?> mainClass, String[] args) {
        return new OneDnnGuard(probeCommand(), System.getenv(), System.err).run(mainClass, args);
    }

    /**
     * Decides, and if the cap is needed runs {@code mainClass} again capped, in the foreground.
     *
     * @param mainClass the class whose {@code main} is running
     * @param args its arguments
     * @return as {@link #protect}
     */
    OptionalInt run(Class<?> mainClass, String[] args) {
        if (decide() != Decision.CAP_NEEDED) {
            return OptionalInt.empty();
        }
        ProcessBuilder rerun = rerunCommand(mainClass, args).inheritIO();
        rerun.environment().put(VARIABLE, CAP);
        try {
            return OptionalInt.of(rerun.start().waitFor());
        } catch (IOException e) {
            throw new IllegalStateException("cannot rerun " + mainClass.getName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(1);
        }
    }

    /**
     * Decides whether this program needs the cap, running the probe if {@link #VARIABLE} is not
     * set, and prints a one-line note when a cap is in force.
     *
     * @return what it found
     */
    Decision decide() {
        String value = environment.get(VARIABLE);
        if (value != null) {
            if (!value.equalsIgnoreCase("ALL")) {
                log.println(
                        "note: "
                                + VARIABLE
                                + "="
                                + value
                                + (System.getProperty(CAPPED_BY_GUARD) != null
                                        ? " (set because oneDNN crashed in the probe): oneDNN"
                                        : " (your setting): oneDNN")
                                + " uses no instructions above "
                                + value
                                + ", which can halve the speed of training");
            }
            return Decision.ALREADY_SET;
        }
        probeStatus = runProbe();
        if (probeStatus <= SIGNALLED) {
            if (probeStatus != 0) {
                // An exception, not a crash: the program will meet the same problem and say more.
                log.println(
                        "note: the oneDNN probe failed without crashing ("
                                + describeStatus(probeStatus)
                                + "); running uncapped");
            }
            return Decision.FULL_SPEED;
        }
        log.println(
                "note: oneDNN crashed in the convolution probe ("
                        + describeStatus(probeStatus)
                        + "); running with "
                        + VARIABLE
                        + "="
                        + CAP
                        + ", which avoids the crash at about half the speed");
        return Decision.CAP_NEEDED;
    }

    /**
     * Returns the probe's exit status, once {@link #decide} ran it.
     *
     * @return 0 if it ran every kernel; else its status (128 + signal if a signal killed it)
     */
    int probeStatus() {
        return probeStatus;
    }

    private int runProbe() {
        ProcessBuilder probe =
                new ProcessBuilder(probeCommand)
                        .directory(new File(System.getProperty("java.io.tmpdir")))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process;
        try {
            process = probe.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the oneDNN probe " + probeCommand, e);
        }
        try {
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                // A probe that hangs has not crashed: no reason to slow the program down.
                process.destroyForcibly();
                log.println("note: the oneDNN probe did not finish; running uncapped");
                return 0;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Names a probe's exit status: the signal for statuses above 128, as shells do. */
    static String describeStatus(int status) {
        if (status > 128) {
            String signal =
                    switch (status - 128) {
                        case 4 -> "SIGILL";
                        case 6 -> "SIGABRT, the JVM's fatal-error handler";
                        case 8 -> "SIGFPE";
                        case 9 -> "SIGKILL";
                        case 11 -> "SIGSEGV";
                        default -> "signal " + (status - 128);
                    };
            return String.format(Locale.ROOT, "exit status %d: %s", status, signal);
        }
        return "exit status " + status;
    }

    /**
     * Returns the command that runs {@link OneDnnProbe} with this JVM's Java and class path, and
     * its fatal-error report (if it crashes) in the temporary folder. The JVM's core-dump switch
     * stays on: with {@code -XX:-CreateCoredumpOnCrash} a crashed JVM exits with status 1, like an
     * uncaught exception, instead of aborting (134); whether a core file is written is still up
     * to the system's limit.
     *
     * @return the command
     */
    static List<String> probeCommand() {
        Path errorFile =
                Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "stochastic-depth-onednn-probe-%p.log");
        return List.of(
                javaExecutable(),
                "-XX:ErrorFile=" + errorFile,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp",
                classPath(),
                OneDnnProbe.class.getName());
    }

    /**
     * Returns the command that runs {@code mainClass} again in a new JVM with this JVM's options
     * and class path, marked as capped by this guard.
     *
     * @param mainClass the class whose {@code main} runs
     * @param args its arguments
     * @return the command, not started
     */
    static ProcessBuilder rerunCommand(Class<?> mainClass, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + CAPPED_BY_GUARD + "=true");
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /**
     * Returns this JVM's class path with every entry made absolute, since the probe runs in
     * another folder ({@code java -jar x.jar} gives the relative {@code x.jar}).
     */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String javaExecutable() {
        Optional<String> running = ProcessHandle.current().info().command();
        return running.orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()
                        + (File.separatorChar == '\\' ? ".exe" : ""));
    }
}
