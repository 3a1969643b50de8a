package dev.stochasticdepth.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaFileObject;

/**
 * Compiles test sources in memory with the processor, against the test class path, with javac or
 * with Eclipse's compiler.
 */
enum TestCompiler {
    /** javac, with every lint warning on. */
    JAVAC {
        @Override
        Compiler plain() {
            return Compiler.javac().withOptions("-Xlint:all,-processing");
        }
    },

    /**
     * Eclipse's compiler (ecj), as Eclipse and m2e run it, for Java 17, with its default warnings
     * but unused imports: the test sources share one header of imports.
     */
    ECJ {
        @Override
        Compiler plain() {
            return Compiler.compiler(new EclipseCompilerForTests())
                    .withOptions("--release", "17", "-warn:-unusedImport");
        }
    };

    /** Returns this compiler with its options and no processor. */
    abstract Compiler plain();

    /** Compiles {@code sources} with the processor. */
    Compilation compile(List<JavaFileObject> sources) {
        return plain().withProcessors(new StochasticDepthProcessor()).compile(sources);
    }

    /** Compiles {@code sources} plus the shared units of {@code good/units}. */
    Compilation compileWithUnits(JavaFileObject... sources) {
        List<JavaFileObject> all = new ArrayList<>(List.of(sources));
        all.addAll(units());
        return compile(all);
    }

    /** Returns the residual units that the good and bad definitions share. */
    static List<JavaFileObject> units() {
        return resources("good/units");
    }

    /** Returns the Java sources directly in resource folder {@code folder}, sorted by name. */
    static List<JavaFileObject> resources(String folder) {
        try (Stream<Path> files = Files.list(resourceFolder(folder))) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .sorted()
                    .map(file -> JavaFileObjects.forResource(folder + "/" + file.getFileName()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resourceFolder(String folder) {
        try {
            return Path.of(TestCompiler.class.getClassLoader().getResource(folder).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the simple name of a file object, such as {@code StochasticResNet50.java}. */
    static String fileName(JavaFileObject file) {
        String path = file.toUri().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
