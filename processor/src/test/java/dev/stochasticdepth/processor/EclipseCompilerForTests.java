package dev.stochasticdepth.processor;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * Eclipse's compiler (ecj) as a {@link JavaCompiler} that compile-testing can drive.
 *
 * <p>ecj reads every source, those given and those a processor generates, from a file, which
 * compile-testing's in-memory sources and outputs are not. So the in-memory sources are written to a
 * temporary folder first, ecj writes its output to another, and when the compilation ends the
 * generated sources are copied into compile-testing's file manager, where {@code
 * Compilation.generatedSourceFiles()} finds them; every diagnostic on a copied source names the
 * original. The class path and the options pass through unchanged.
 */
final class EclipseCompilerForTests implements JavaCompiler {

    private final EclipseCompiler ecj = new EclipseCompiler();

    @Override
    public CompilationTask getTask(
            Writer out,
            JavaFileManager fileManager,
            DiagnosticListener<? super JavaFileObject> diagnosticListener,
            Iterable<String> options,
            Iterable<String> classes,
            Iterable<? extends JavaFileObject> compilationUnits) {
        return new CompilationTask() {
            private Iterable<? extends Processor> processors = List.of();

            @Override
            public void addModules(Iterable<String> moduleNames) {
                throw new UnsupportedOperationException("modules");
            }

            @Override
            public void setProcessors(Iterable<? extends Processor> processors) {
                this.processors = processors;
            }

            @Override
            public void setLocale(Locale locale) {}

            @Override
            public Boolean call() {
                Path output = null;
                try {
                    output = Files.createTempDirectory("ecj");
                    StandardJavaFileManager disk =
                            ecj.getStandardFileManager(diagnosticListener, null, UTF_8);
                    if (fileManager instanceof StandardJavaFileManager standard
                            && standard.getLocation(StandardLocation.CLASS_PATH) != null) {
                        disk.setLocation(
                                StandardLocation.CLASS_PATH,
                                standard.getLocation(StandardLocation.CLASS_PATH));
                    }
                    Path sources = Files.createDirectories(output.resolve("sources"));
                    disk.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(sources));
                    disk.setLocationFromPaths(
                            StandardLocation.CLASS_OUTPUT,
                            List.of(Files.createDirectories(output.resolve("classes"))));
                    Map<URI, JavaFileObject> originals = new HashMap<>();
                    List<JavaFileObject> units =
                            onDisk(compilationUnits, output.resolve("input"), originals);
                    CompilationTask task =
                            ecj.getTask(
                                    // ecj also prints every diagnostic, which the listener has.
                                    out == null ? Writer.nullWriter() : out,
                                    disk,
                                    diagnostic -> diagnosticListener.report(
                                            naming(originals, diagnostic)),
                                    options,
                                    classes,
                                    units);
                    task.setProcessors(processors);
                    boolean succeeded = task.call();
                    copyGeneratedSources(sources, fileManager);
                    return succeeded;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    delete(output);
                }
            }
        };
    }

    /**
     * Returns {@code units} as files, writing each source that is not one below {@code folder}, and
     * records in {@code originals} which copy stands for which source.
     */
    private List<JavaFileObject> onDisk(
            Iterable<? extends JavaFileObject> units, Path folder, Map<URI, JavaFileObject> originals)
            throws IOException {
        List<JavaFileObject> files = new ArrayList<>();
        try (StandardJavaFileManager manager = ecj.getStandardFileManager(null, null, UTF_8)) {
            for (JavaFileObject unit : units) {
                if ("file".equals(unit.toUri().getScheme())) {
                    files.add(unit);
                    continue;
                }
                String path = unit.toUri().getPath();
                Path copy = folder.resolve(path.startsWith("/") ? path.substring(1) : path);
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, unit.getCharContent(true), UTF_8);
                JavaFileObject file = manager.getJavaFileObjects(copy).iterator().next();
                originals.put(file.toUri(), unit);
                files.add(file);
            }
        }
        return files;
    }

    /** Returns {@code diagnostic}, naming the original source where it is on a copy. */
    private static Diagnostic<? extends JavaFileObject> naming(
            Map<URI, JavaFileObject> originals, Diagnostic<? extends JavaFileObject> diagnostic) {
        JavaFileObject source = diagnostic.getSource();
        JavaFileObject original = source == null ? null : originals.get(source.toUri());
        if (original == null) {
            return diagnostic;
        }
        return new Diagnostic<JavaFileObject>() {
            @Override
            public Kind getKind() {
                return diagnostic.getKind();
            }

            @Override
            public JavaFileObject getSource() {
                return original;
            }

            @Override
            public long getPosition() {
                return diagnostic.getPosition();
            }

            @Override
            public long getStartPosition() {
                return diagnostic.getStartPosition();
            }

            @Override
            public long getEndPosition() {
                return diagnostic.getEndPosition();
            }

            @Override
            public long getLineNumber() {
                return diagnostic.getLineNumber();
            }

            @Override
            public long getColumnNumber() {
                return diagnostic.getColumnNumber();
            }

            @Override
            public String getCode() {
                return diagnostic.getCode();
            }

            @Override
            public String getMessage(Locale locale) {
                return diagnostic.getMessage(locale);
            }

            @Override
            public String toString() {
                return diagnostic.toString();
            }
        };
    }

    private static void copyGeneratedSources(Path sources, JavaFileManager fileManager)
            throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = sources.relativize(file).toString();
                String className =
                        relative.substring(0, relative.length() - ".java".length())
                                .replace(file.getFileSystem().getSeparator(), ".");
                JavaFileObject copy =
                        fileManager.getJavaFileForOutput(
                                StandardLocation.SOURCE_OUTPUT,
                                className,
                                JavaFileObject.Kind.SOURCE,
                                null);
                try (OutputStream to = copy.openOutputStream()) {
                    Files.copy(file, to);
                }
            }
        }
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StandardJavaFileManager getStandardFileManager(
            DiagnosticListener<? super JavaFileObject> diagnosticListener,
            Locale locale,
            Charset charset) {
        return ecj.getStandardFileManager(diagnosticListener, locale, charset);
    }

    @Override
    public int isSupportedOption(String option) {
        return ecj.isSupportedOption(option);
    }

    @Override
    public int run(InputStream in, OutputStream out, OutputStream err, String... arguments) {
        return ecj.run(in, out, err, arguments);
    }

    @Override
    public Set<SourceVersion> getSourceVersions() {
        return ecj.getSourceVersions();
    }
}
