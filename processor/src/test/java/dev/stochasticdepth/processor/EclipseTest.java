package dev.stochasticdepth.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Eclipse's compiler (ecj 3.40, as Eclipse and m2e run processors) generates from the goldens' and
 * the samples' definitions the same sources as javac, byte for byte, and compiles them without a
 * warning; {@link EclipseErrorTest} runs the error cases.
 */
class EclipseTest {

    /** The samples' ResNet definitions; surefire runs in the processor module's directory. */
    private static final Path SAMPLES =
            Path.of("../samples/src/main/java/dev/stochasticdepth/samples/resnet");

    @Test
    void goldenDefinitionsGenerateTheGoldenSources() {
        List<JavaFileObject> all = new ArrayList<>(GoldenTest.definitions());
        all.addAll(TestCompiler.units());

        Compilation ecj = TestCompiler.ECJ.compile(all);

        assertCleanlyGenerated(ecj);
        // GoldenTest holds javac's output to the goldens; this holds ecj's to javac's.
        assertThat(GoldenTest.sources(ecj))
                .isEqualTo(GoldenTest.sources(TestCompiler.JAVAC.compile(all)))
                .hasSize(goldenCount());
    }

    @Test
    void sampleDefinitionsGenerateWhatJavacGenerates() throws IOException {
        List<JavaFileObject> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                samples.add(JavaFileObjects.forResource(file.toUri().toURL()));
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }

        Compilation ecj = TestCompiler.ECJ.compile(samples);
        Compilation javac = TestCompiler.JAVAC.compile(samples);

        assertThat(javac).succeededWithoutWarnings();
        assertCleanlyGenerated(ecj);
        assertThat(GoldenTest.sources(ecj))
                .isEqualTo(GoldenTest.sources(javac))
                .containsKeys("StochasticResNet20.java", "StochasticResNet50.java");
    }

    /**
     * Asserts that ecj compiled, that the processor said nothing, and that ecj has no warning on a
     * generated source (its lint on the definitions themselves is the definitions' business).
     */
    private static void assertCleanlyGenerated(Compilation compilation) {
        assertThat(compilation).succeeded();
        for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
            assertThat(diagnostic.getMessage(null)).as("diagnostic").doesNotContain("[SD");
            if (diagnostic.getKind() != Diagnostic.Kind.NOTE) {
                assertThat(diagnostic.getSource())
                        .as("%s", diagnostic)
                        .isNotNull()
                        .matches(
                                source -> !TestCompiler.fileName(source).startsWith("Stochastic"),
                                "not a generated source");
            }
        }
    }

    private static int goldenCount() {
        try (Stream<Path> goldens = Files.list(TestCompiler.resourceFolder("expected"))) {
            return (int) goldens.filter(file -> file.toString().endsWith(".java")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
