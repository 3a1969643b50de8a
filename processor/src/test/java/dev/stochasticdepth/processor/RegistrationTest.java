package dev.stochasticdepth.processor;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.JavaFileObjects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/** The processor is found on the class path and declared isolating to Gradle. */
class RegistrationTest {

    @Test
    void serviceLoaderFindsTheProcessor() {
        assertThat(ServiceLoader.load(Processor.class).stream().map(ServiceLoader.Provider::type))
                .contains(StochasticDepthProcessor.class);
    }

    @Test
    void javacDiscoversTheProcessorOnTheClassPath(@TempDir Path output) throws IOException {
        // compile-testing always names its processors, which turns discovery off: call javac.
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> sources = new ArrayList<>(TestCompiler.units());
        sources.add(JavaFileObjects.forResource("good/ResNet50.java"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(diagnostics, null, UTF_8)) {
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(output));
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
            // -proc:full: JDK 23 and newer run processors found on the class path only when asked.
            List<String> options =
                    List.of("-proc:full", "-classpath", System.getProperty("java.class.path"));

            boolean compiled =
                    javac.getTask(null, files, diagnostics, options, null, sources).call();

            assertThat(compiled).as("%s", diagnostics.getDiagnostics()).isTrue();
        }
        assertThat(output.resolve("test/StochasticResNet50.java")).exists();
    }

    @Test
    void gradleSeesAnIsolatingProcessor() throws IOException {
        try (InputStream in =
                StochasticDepthProcessor.class
                        .getClassLoader()
                        .getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
            assertThat(new String(in.readAllBytes(), UTF_8).strip())
                    .isEqualTo(StochasticDepthProcessor.class.getName() + ",isolating");
        }
    }
}
