package dev.stochasticdepth.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;

import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.ResidualLayer;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.Sublayer;
import dev.stochasticdepth.processor.ValidationReport.Site;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Messager;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Generates a DJL network with stochastic depth from each class annotated {@link StochasticDepth}:
 * parses the definition into a {@link NetworkModel} while reporting every problem, then writes the
 * model only if the report is clean.
 *
 * <p>A definition that references a type that does not exist yet is retried in the next round
 * (another processor may generate it) and, if the type never appears, left to javac's own error.
 * One definition's failure never stops the others, and an unexpected exception becomes an error on
 * the definition instead of crashing the compiler.
 */
@AutoService(Processor.class)
public final class StochasticDepthProcessor extends AbstractProcessor {

    /** Definitions that referenced a missing type, by qualified name, to retry next round. */
    private final Set<String> deferred = new LinkedHashSet<>();

    /** The superclasses of every definition seen so far, whose layer methods are read. */
    private final Set<String> extended = new HashSet<>();

    /** Every network generated in this compilation, and the definition it came from. */
    private final Map<ClassName, String> generated = new HashMap<>();

    /** Creates the processor; javac finds it through {@code META-INF/services}. */
    public StochasticDepthProcessor() {}

    /** {@inheritDoc} */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(
                StochasticDepth.class.getCanonicalName(),
                Layer.class.getCanonicalName(),
                Sublayer.class.getCanonicalName());
    }

    /** {@inheritDoc} */
    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /** {@inheritDoc} */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            // Whatever is still deferred references a type that never appeared: javac reports it.
            return false;
        }
        List<TypeElement> definitions = new ArrayList<>();
        for (String name : deferred) {
            TypeElement definition = processingEnv.getElementUtils().getTypeElement(name);
            if (definition != null) {
                definitions.add(definition);
            }
        }
        deferred.clear();
        for (Element element : round.getElementsAnnotatedWith(StochasticDepth.class)) {
            if (element instanceof TypeElement definition && !definitions.contains(definition)) {
                definitions.add(definition);
            }
        }
        for (TypeElement definition : definitions) {
            for (TypeElement superclass : TypeChecks.superclasses(definition)) {
                extended.add(superclass.getQualifiedName().toString());
            }
        }
        reportLayersOutsideDefinitions(round);
        reportSublayersOutsideLayers(round);
        definitions.sort(Comparator.comparing(type -> type.getQualifiedName().toString()));
        for (TypeElement definition : definitions) {
            try {
                process(definition);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                Messager messager = processingEnv.getMessager();
                messager.printMessage(
                        Diagnostic.Kind.ERROR,
                        Message.INTERNAL_ERROR.format(definition.getQualifiedName(), e),
                        definition);
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                messager.printMessage(Diagnostic.Kind.NOTE, trace.toString(), definition);
            }
        }
        return false;
    }

    /** Reports {@code @Layer} methods that no definition would ever read. */
    private void reportLayersOutsideDefinitions(RoundEnvironment round) {
        for (Element method : round.getElementsAnnotatedWith(Layer.class)) {
            Element owner = method.getEnclosingElement();
            if (AnnotationValues.find(owner, StochasticDepth.class).isEmpty()
                    && !extended.contains(((TypeElement) owner).getQualifiedName().toString())) {
                ValidationReport report = new ValidationReport();
                report.error(
                        Site.of(method, AnnotationValues.find(method, Layer.class).orElseThrow()),
                        Message.LAYER_OUTSIDE_DEFINITION,
                        method.getSimpleName() + "()",
                        owner);
                report.printTo(processingEnv.getMessager());
            }
        }
    }

    /**
     * Reports {@code @Sublayer} methods in classes that are neither residual layers nor
     * superclasses of one in this round.
     */
    private void reportSublayersOutsideLayers(RoundEnvironment round) {
        Set<Element> extendedByLayers = new HashSet<>();
        for (Element layer : round.getElementsAnnotatedWith(ResidualLayer.class)) {
            if (layer instanceof TypeElement type) {
                extendedByLayers.addAll(TypeChecks.superclasses(type));
            }
        }
        for (Element method : round.getElementsAnnotatedWith(Sublayer.class)) {
            Element owner = method.getEnclosingElement();
            if (AnnotationValues.find(owner, ResidualLayer.class).isEmpty()
                    && !extendedByLayers.contains(owner)) {
                ValidationReport report = new ValidationReport();
                report.error(
                        Site.of(
                                method,
                                AnnotationValues.find(method, Sublayer.class).orElseThrow()),
                        Message.SUBLAYER_OUTSIDE_LAYER,
                        method.getSimpleName() + "()",
                        owner);
                report.printTo(processingEnv.getMessager());
            }
        }
    }

    private void process(TypeElement definition) {
        String name = definition.getQualifiedName().toString();
        ValidationReport report = new ValidationReport();
        Optional<NetworkModel> model;
        try {
            model =
                    NetworkParser.parse(
                            processingEnv.getElementUtils(),
                            processingEnv.getTypeUtils(),
                            definition,
                            report);
        } catch (Deferral deferral) {
            deferred.add(name);
            return;
        }
        if (model.isPresent()) {
            String previous = generated.putIfAbsent(model.get().network(), name);
            if (previous != null && !previous.equals(name)) {
                report.error(
                        nameSite(definition),
                        Message.NAME_CLASH,
                        model.get().network(),
                        "the class generated for " + previous);
            }
        }
        report.printTo(processingEnv.getMessager());
        if (report.isClean()) {
            write(definition, model.orElseThrow());
        }
    }

    private void write(TypeElement definition, NetworkModel model) {
        JavaFile file = NetworkWriter.write(model);
        try {
            JavaFileObject source =
                    processingEnv
                            .getFiler()
                            .createSourceFile(model.network().canonicalName(), definition);
            try (Writer writer = source.openWriter()) {
                file.writeTo(writer);
            }
        } catch (FilerException e) {
            // The compiler already has this file: another processor or a source file made it.
            reportAtName(definition, Message.NAME_CLASH, model.network(), e.getMessage());
        } catch (IOException e) {
            reportAtName(definition, Message.INTERNAL_ERROR, definition.getQualifiedName(), e);
        }
    }

    /** Returns the site of the definition's {@code name} value, or of its annotation. */
    private static Site nameSite(TypeElement definition) {
        AnnotationMirror mirror =
                AnnotationValues.find(definition, StochasticDepth.class).orElseThrow();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
                mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals("name")) {
                return Site.of(definition, mirror, entry.getValue());
            }
        }
        return Site.of(definition, mirror);
    }

    /** Prints one error at the definition's {@code name} site, outside any parse. */
    private void reportAtName(TypeElement definition, Message message, Object... args) {
        ValidationReport report = new ValidationReport();
        report.error(nameSite(definition), message, args);
        report.printTo(processingEnv.getMessager());
    }
}
