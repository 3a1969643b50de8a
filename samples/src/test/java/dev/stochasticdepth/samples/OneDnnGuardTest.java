package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The guard's decisions with stand-in probes (a shell that exits or kills itself, a JVM that dies
 * of SIGFPE as oneDNN made it), the capped rerun of a real main class, and the real probe on this
 * machine's engine.
 */
class OneDnnGuardTest {

    @TempDir Path folder;

    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();

    private OneDnnGuard guard(Map<String, String> environment, String... probe) {
        return new OneDnnGuard(
                List.of(probe), environment, new PrintStream(notes, true, StandardCharsets.UTF_8));
    }

    private String notes() {
        return notes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aProbeThatRunsThroughLeavesFullSpeedWithoutANote() {
        OneDnnGuard guard = guard(Map.of(), "true");
        assertThat(guard.decide()).isEqualTo(OneDnnGuard.Decision.FULL_SPEED);
        assertThat(guard.probeStatus()).isZero();
        assertThat(notes()).isEmpty();
    }

    @Test
    void aProbeKilledBySigfpeNeedsTheCapAndSaysSoInOneLine() {
        OneDnnGuard guard = guard(Map.of(), "sh", "-c", "kill -FPE $$");
        assertThat(guard.decide()).isEqualTo(OneDnnGuard.Decision.CAP_NEEDED);
        assertThat(guard.probeStatus()).isEqualTo(128 + 8);
        assertThat(notes().lines()).hasSize(1);
        assertThat(notes()).contains("exit status 136: SIGFPE", "ONEDNN_MAX_CPU_ISA=AVX");
    }

    /** The path a real crash takes: the JVM's fatal-error handler reports it, then aborts. */
    @Test
    void aJvmThatDiesOfSigfpeInNativeCodeNeedsTheCap() throws IOException {
        Path crash = folder.resolve("Crash.java");
        Files.writeString(
                crash,
                "public class Crash { public static void main(String[] a) throws Exception {"
                        + " new ProcessBuilder(\"kill\", \"-FPE\","
                        + " String.valueOf(ProcessHandle.current().pid())).start().waitFor();"
                        + " Thread.sleep(60_000); } }");
        List<String> probe = OneDnnGuard.probeCommand();
        // The guard's own JVM options, with the stand-in source file as the program.
        List<String> command =
                List.of(probe.get(0), probe.get(1), "-XX:TieredStopAtLevel=1", crash.toString());
        OneDnnGuard guard = guard(Map.of(), command.toArray(String[]::new));
        assertThat(guard.decide()).isEqualTo(OneDnnGuard.Decision.CAP_NEEDED);
        assertThat(guard.probeStatus()).isEqualTo(128 + 6);
        assertThat(notes()).contains("SIGABRT, the JVM's fatal-error handler");
    }

    @Test
    void aProbeThatFailsWithoutACrashRunsUncappedWithANote() {
        OneDnnGuard guard = guard(Map.of(), "sh", "-c", "exit 1");
        assertThat(guard.decide()).isEqualTo(OneDnnGuard.Decision.FULL_SPEED);
        assertThat(notes()).contains("failed without crashing (exit status 1)", "uncapped");
    }

    @Test
    void theUsersSettingHoldsAndNoProbeRuns() {
        Path marker = folder.resolve("probe-ran");
        OneDnnGuard guard =
                guard(Map.of(OneDnnGuard.VARIABLE, "AVX2"), "touch", marker.toString());
        assertThat(guard.decide()).isEqualTo(OneDnnGuard.Decision.ALREADY_SET);
        assertThat(marker).doesNotExist();
        assertThat(notes().lines()).hasSize(1);
        assertThat(notes()).contains("ONEDNN_MAX_CPU_ISA=AVX2 (your setting)");
    }

    @Test
    void anUncappedSettingNeedsNoNote() {
        assertThat(guard(Map.of(OneDnnGuard.VARIABLE, "ALL"), "false").decide())
                .isEqualTo(OneDnnGuard.Decision.ALREADY_SET);
        assertThat(notes()).isEmpty();
    }

    @Test
    void aCrashReranTheProgramCappedWithItsArgumentsAndPassesOnItsStatus() throws IOException {
        Path report = folder.resolve("report.txt");
        OptionalInt status =
                guard(Map.of(), "sh", "-c", "kill -FPE $$")
                        .run(EnvironmentReport.class, new String[] {report.toString(), "b c"});
        assertThat(status).hasValue(EnvironmentReport.STATUS);
        assertThat(Files.readAllLines(report))
                .containsExactly("ONEDNN_MAX_CPU_ISA=AVX", "capped by guard=true", "args=b c");
    }

    @Test
    void noCrashMeansNoRerun() {
        assertThat(guard(Map.of(), "true").run(EnvironmentReport.class, new String[] {"x"}))
                .isEmpty();
    }

    /** {@code java -jar x.jar} has the relative class path {@code x.jar}; the probe runs in tmp. */
    @Test
    void theProbeAndTheRerunGetAnAbsoluteClassPath() {
        String saved = System.getProperty("java.class.path");
        try {
            System.setProperty("java.class.path", "x.jar" + File.pathSeparator + "/abs/y.jar");
            String expected =
                    Path.of("x.jar").toAbsolutePath() + File.pathSeparator + "/abs/y.jar";
            assertThat(OneDnnGuard.probeCommand()).contains(expected);
            assertThat(OneDnnGuard.rerunCommand(Main.class, new String[0]).command())
                    .contains(expected);
        } finally {
            System.setProperty("java.class.path", saved);
        }
    }

    /**
     * The probe as {@code protect} starts it, from another folder on this class path, runs: it
     * exits normally or, on a machine where oneDNN crashes, dies of a signal; a status from 1 to
     * 128 would be a probe that never got to the kernels (a class not found, say).
     */
    @Test
    void theRealProbeStartsAndRunsItsKernels() {
        OneDnnGuard guard = guard(Map.of(), OneDnnGuard.probeCommand().toArray(String[]::new));
        guard.decide();
        assertThat(guard.probeStatus()).matches(status -> status == 0 || status > 128);
    }

    @Test
    void theRealProbeRunsEveryKernelOnThisEngine() {
        // 15 ResNet and 18 inverted-residual convolutions, each at 3 batch sizes.
        assertThat(OneDnnProbe.run()).isEqualTo(99);
    }

    /** A program for the rerun to start: it writes what it was started with to a file. */
    static final class EnvironmentReport {
        static final int STATUS = 7;

        public static void main(String[] args) throws IOException {
            Files.write(
                    Path.of(args[0]),
                    List.of(
                            "ONEDNN_MAX_CPU_ISA=" + System.getenv(OneDnnGuard.VARIABLE),
                            "capped by guard=" + System.getProperty(OneDnnGuard.CAPPED_BY_GUARD),
                            "args=" + args[1]));
            System.exit(STATUS);
        }
    }
}
