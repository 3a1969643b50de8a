package dev.stochasticdepth.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.tools.JavaFileObject;

/**
 * Compiles each definition of {@code good/} and compares every generated source, byte for byte,
 * with its golden file in {@code expected/}. Run with {@code -Dgoldens.update=true} to rewrite the
 * goldens from the current output on purpose, then review the diff.
 */
class GoldenTest {

    private static final boolean UPDATE = Boolean.getBoolean("goldens.update");

    /** Where the goldens live in the source tree; surefire runs in the module directory. */
    private static final Path GOLDEN_SOURCES = Path.of("src/test/resources/expected");

    static List<JavaFileObject> definitions() {
        return TestCompiler.resources("good");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void generatesTheGoldenSources(JavaFileObject definition) throws IOException {
        Compilation compilation = TestCompiler.JAVAC.compileWithUnits(definition);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation.generatedSourceFiles()).isNotEmpty();
        for (Map.Entry<String, String> generated : sources(compilation).entrySet()) {
            checkGolden(generated.getKey(), generated.getValue());
        }
    }

    /**
     * Compiles every definition at once, which also shows that networks targeting the same unit
     * type in one package (ResNet50 and MultiTarget both target Bottleneck) compile side by side.
     */
    @Test
    void everyGoldenComesFromADefinitionCompiledTogether() throws IOException {
        List<JavaFileObject> all = new ArrayList<>(definitions());
        all.addAll(TestCompiler.units());

        Compilation compilation = TestCompiler.JAVAC.compile(all);

        assertThat(compilation).succeededWithoutWarnings();
        try (Stream<Path> goldens = Files.list(TestCompiler.resourceFolder("expected"))) {
            assertThat(sources(compilation).keySet())
                    .containsExactlyElementsOf(
                            goldens.map(file -> file.getFileName().toString())
                                    .filter(name -> name.endsWith(".java"))
                                    .sorted()
                                    .toList());
        }
    }

    @Test
    void outputDoesNotDependOnSourceOrder() {
        List<JavaFileObject> all = new ArrayList<>(definitions());
        all.addAll(TestCompiler.units());
        List<JavaFileObject> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);

        assertThat(sources(TestCompiler.JAVAC.compile(reversed)))
                .isEqualTo(sources(TestCompiler.JAVAC.compile(all)));
    }

    /** Returns the generated sources of {@code compilation} by file name, in name order. */
    static Map<String, String> sources(Compilation compilation) {
        Map<String, String> sources = new TreeMap<>();
        for (JavaFileObject file : compilation.generatedSourceFiles()) {
            try {
                sources.put(TestCompiler.fileName(file), file.getCharContent(false).toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private static void checkGolden(String fileName, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(GOLDEN_SOURCES);
            Files.writeString(GOLDEN_SOURCES.resolve(fileName), actual, UTF_8);
            return;
        }
        Path golden = TestCompiler.resourceFolder("expected").resolve(fileName);
        assertThat(golden)
                .as("golden file of %s (run with -Dgoldens.update=true)", fileName)
                .exists();
        assertThat(actual).as(fileName).isEqualTo(Files.readString(golden, UTF_8));
    }
}
