package dev.stochasticdepth.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;

import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.ResidualLayer;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.Sublayer;
import dev.stochasticdepth.processor.DefinitionReader.Definition;
import dev.stochasticdepth.processor.LayerCollector.CollectedLayer;
import dev.stochasticdepth.processor.NetworkModel.Constructor;
import dev.stochasticdepth.processor.ValidationReport.Site;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;

/**
 * Generates a DJL network with stochastic depth from each class annotated {@link StochasticDepth}:
 * parses the definition into a {@link NetworkModel} while reporting every problem, then writes the
 * model only if the report is clean.
 *
 * <p>Each definition goes through the same stages in order: {@link DefinitionReader} (the
 * annotation, the class, the generated name, the settings), {@link TargetCollector} (the {@code
 * target} units and layers), {@link LayerCollector} (the {@code @Layer} methods and their orders),
 * {@link ConstructorMirror} (the constructors to mirror), {@link ModelAssembler} (the model, with
 * no compiler queries) and {@link NetworkWriter}. Every diagnostic goes through a {@link
 * ValidationReport}.
 *
 * <p>A definition that references a type that does not exist yet is retried in the next round
 * (another processor may generate it); if the type never appears, javac reports it, and the
 * processor adds a warning that the network was not generated ({@link
 * Message#DEFINITION_DEFERRED}). One definition's failure never stops the others, and an
 * unexpected exception becomes an error on the definition instead of crashing the compiler.
 */
@AutoService(Processor.class)
public final class StochasticDepthProcessor extends AbstractProcessor {

    /**
     * Definitions that referenced a missing type, by qualified name, to retry next round, each with
     * its latest deferral, which names the type once processing is over.
     */
    private final Map<String, Deferral> deferred = new LinkedHashMap<>();

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
            reportStillDeferred();
            return false;
        }
        List<TypeElement> definitions = new ArrayList<>();
        for (String name : deferred.keySet()) {
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
                generate(definition);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                reportInternalError(definition, e);
            }
        }
        return false;
    }

    /**
     * Warns on each definition still deferred when processing is over: the type it waited for
     * never appeared, so javac reports the type, and this says what that cost (AutoValue's rule).
     */
    private void reportStillDeferred() {
        Elements elements = processingEnv.getElementUtils();
        for (Map.Entry<String, Deferral> entry : deferred.entrySet()) {
            TypeElement definition = elements.getTypeElement(entry.getKey());
            if (definition == null) {
                // Nothing left to point at; javac's own error is on the definition's source.
                continue;
            }
            try {
                ValidationReport report = new ValidationReport();
                report.warning(
                        DefinitionReader.annotationSite(definition),
                        Message.DEFINITION_DEFERRED,
                        DefinitionReader.intendedName(elements, definition)
                                .map(ClassName::canonicalName)
                                .orElse("the network of " + entry.getKey()),
                        entry.getKey(),
                        entry.getValue()
                                .missingType()
                                .map(
                                        type ->
                                                "it references the type "
                                                        + type
                                                        + ", which no processing round produced")
                                .orElse(
                                        "it references a type that no processing round produced,"
                                                + " or holds an annotation value of the wrong"
                                                + " type"));
                report.printTo(processingEnv.getMessager());
            } catch (RuntimeException | LinkageError | AssertionError e) {
                reportInternalError(definition, e);
            }
        }
        deferred.clear();
    }

    /** Reports a bug in the processor as an error on the definition, with its trace as a note. */
    private void reportInternalError(TypeElement definition, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        ValidationReport report = new ValidationReport();
        report.error(
                Site.of(definition), Message.INTERNAL_ERROR, definition.getQualifiedName(), e);
        report.note(Site.of(definition), trace.toString());
        report.printTo(processingEnv.getMessager());
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

    /** Runs the stages of one definition, then prints its report and writes it if clean. */
    private void generate(TypeElement definition) {
        String name = definition.getQualifiedName().toString();
        ValidationReport report = new ValidationReport();
        Optional<NetworkModel> model;
        try {
            model = parse(definition, report);
        } catch (Deferral deferral) {
            // Nothing is printed now: the next round may produce the type.
            deferred.put(name, deferral);
            return;
        }
        if (model.isPresent()) {
            String previous = generated.putIfAbsent(model.get().network(), name);
            if (previous != null && !previous.equals(name)) {
                report.error(
                        DefinitionReader.nameSite(definition),
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

    /**
     * Turns one definition into its model, stage by stage; each stage reports what it finds and
     * the model is assembled only from a clean report.
     */
    private Optional<NetworkModel> parse(TypeElement element, ValidationReport report)
            throws Deferral {
        Elements elements = processingEnv.getElementUtils();
        Types types = processingEnv.getTypeUtils();
        Optional<Definition> read = DefinitionReader.read(elements, types, element, report);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Definition definition = read.get();
        TargetCollector targets = TargetCollector.collect(elements, types, definition, report);
        List<CollectedLayer> layers = LayerCollector.collect(elements, definition, targets, report);
        List<Constructor> constructors = ConstructorMirror.mirror(element, layers, report);
        targets.reportUnused(layers);
        if (!report.isClean()) {
            return Optional.empty();
        }
        return Optional.of(
                ModelAssembler.assemble(
                        ClassName.get(element),
                        definition.network().orElseThrow(),
                        definition.settings().orElseThrow(),
                        constructors,
                        layers.stream().map(CollectedLayer::spec).toList(),
                        targets.units()));
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

    /** Prints one error at the definition's {@code name} site, outside any parse. */
    private void reportAtName(TypeElement definition, Message message, Object... args) {
        ValidationReport report = new ValidationReport();
        report.error(DefinitionReader.nameSite(definition), message, args);
        report.printTo(processingEnv.getMessager());
    }
}
