package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;

import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.processor.DefinitionReader.Definition;
import dev.stochasticdepth.processor.ModelAssembler.LayerSpec;
import dev.stochasticdepth.processor.TargetCollector.Returned;
import dev.stochasticdepth.processor.ValidationReport.Site;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The layers stage of a definition: collects its {@code @Layer} methods and its superclasses'
 * with Java's override and hiding rules, checks each method, its {@code repeat} and the orders,
 * and asks {@link TargetCollector} what each one returns.
 */
final class LayerCollector {

    /**
     * A valid layer method: the element, for the later stages' reports, and what it adds to the
     * model.
     *
     * @param method the method
     * @param returned the unit or layer type it returns, for every kind but {@code BLOCK}
     * @param spec the layer as {@link ModelAssembler} assembles it
     */
    record CollectedLayer(
            ExecutableElement method, Optional<TypeElement> returned, LayerSpec spec) {}

    /** A valid layer method and its annotation, whose {@code order} value the order check shows. */
    private record Parsed(CollectedLayer layer, AnnotationValues annotation) {}

    private final Elements elements;
    private final TypeElement definition;
    private final PackageElement pkg;
    private final TargetCollector targets;
    private final ValidationReport report;

    private LayerCollector(
            Elements elements,
            Definition definition,
            TargetCollector targets,
            ValidationReport report) {
        this.elements = elements;
        this.definition = definition.element();
        this.pkg = definition.pkg();
        this.targets = targets;
        this.report = report;
    }

    /**
     * Returns the valid layer methods of {@code definition}, the most distant superclass's first
     * and each class's in source order, reporting the others and every order taken twice.
     *
     * @param elements the compiler's element utilities
     * @param definition the definition
     * @param targets what the layers' return types are
     * @param report where problems are recorded
     * @return the valid layers
     * @throws Deferral if a layer method references a type that does not exist
     */
    static List<CollectedLayer> collect(
            Elements elements,
            Definition definition,
            TargetCollector targets,
            ValidationReport report)
            throws Deferral {
        LayerCollector collector = new LayerCollector(elements, definition, targets, report);
        List<Parsed> layers = collector.parseLayers(definition);
        collector.checkOrders(layers);
        return layers.stream().map(Parsed::layer).toList();
    }

    private List<Parsed> parseLayers(Definition read) throws Deferral {
        List<Parsed> layers = new ArrayList<>();
        boolean anyLayer = false;
        List<List<ExecutableElement>> hierarchy = methodsByClass();
        for (int level = hierarchy.size() - 1; level >= 0; level--) {
            List<ExecutableElement> derived = new ArrayList<>();
            hierarchy.subList(0, level).forEach(derived::addAll);
            for (ExecutableElement method : hierarchy.get(level)) {
                Optional<AnnotationMirror> layer = AnnotationValues.find(method, Layer.class);
                if (layer.isEmpty() || isShadowed(method, derived)) {
                    continue;
                }
                anyLayer = true;
                parseLayer(method, new AnnotationValues(elements, layer.get()))
                        .ifPresent(layers::add);
            }
        }
        if (!anyLayer) {
            report.error(read.onAnnotation(), Message.NO_LAYERS, definition.getQualifiedName());
        }
        return layers;
    }

    /**
     * Returns the methods of the definition and of each superclass up to {@code Object}, the
     * definition's first.
     */
    private List<List<ExecutableElement>> methodsByClass() {
        List<List<ExecutableElement>> hierarchy = new ArrayList<>();
        hierarchy.add(ElementFilter.methodsIn(definition.getEnclosedElements()));
        for (TypeElement superclass : TypeChecks.superclasses(definition)) {
            hierarchy.add(ElementFilter.methodsIn(superclass.getEnclosedElements()));
        }
        return hierarchy;
    }

    /**
     * Returns whether a method of a subclass overrides or hides the {@code @Layer} method {@code
     * method}, reporting each such method that does not carry {@code @Layer} itself: Java does not
     * inherit method annotations, so a silent override would drop the layer.
     */
    private boolean isShadowed(ExecutableElement method, List<ExecutableElement> derived) {
        boolean shadowed = false;
        for (ExecutableElement candidate : derived) {
            boolean overrides = elements.overrides(candidate, method, definition);
            if (!overrides && !elements.hides(candidate, method)) {
                continue;
            }
            shadowed = true;
            if (AnnotationValues.find(candidate, Layer.class).isEmpty()) {
                report.error(
                        Site.of(candidate),
                        Message.LAYER_OVERRIDE_WITHOUT_LAYER,
                        candidate.getSimpleName() + "()",
                        overrides ? "overrides" : "hides",
                        method.getSimpleName() + "()",
                        ((TypeElement) method.getEnclosingElement()).getQualifiedName());
            }
        }
        return shadowed;
    }

    private Optional<Parsed> parseLayer(ExecutableElement method, AnnotationValues layer)
            throws Deferral {
        String name = describe(method, definition);
        Site onMethod = Site.of(method);
        int order = layer.intValue("order");
        int repeat = layer.intValue("repeat");
        Site onRepeat = Site.of(method, layer.annotation(), layer.value("repeat"));
        boolean valid = true;
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            report.error(onMethod, Message.LAYER_PRIVATE, name);
            valid = false;
        } else if (!owner.equals(definition)
                && (!TypeChecks.isAccessibleMember(method, pkg, elements)
                        || (isStatic(method) && !TypeChecks.isAccessible(owner, pkg, elements)))) {
            // The generated class is no subclass, and it calls static layers through their class.
            report.error(
                    onMethod,
                    Message.UNIT_METHOD_INACCESSIBLE,
                    "Layer",
                    owner.getQualifiedName() + "." + method.getSimpleName() + "()",
                    pkg.getQualifiedName());
            valid = false;
        }
        if (repeat < 1) {
            report.error(onRepeat, Message.REPEAT_TOO_SMALL, repeat);
            valid = false;
        }
        List<? extends VariableElement> parameters = method.getParameters();
        for (VariableElement parameter : parameters) {
            TypeChecks.requireResolved(parameter.asType());
        }
        boolean takesIndex =
                parameters.size() == 1 && parameters.get(0).asType().getKind() == TypeKind.INT;
        if (!parameters.isEmpty() && !takesIndex) {
            report.error(
                    Site.of(parameters.size() == 1 ? parameters.get(0) : method),
                    Message.LAYER_PARAMETERS,
                    name,
                    describeParameters(parameters));
            valid = false;
        } else if (parameters.isEmpty() && repeat > 1) {
            report.error(onRepeat, Message.LAYER_REPEAT_WITHOUT_INDEX, repeat, name);
            valid = false;
        }

        TypeMirror returnType = TypeChecks.requireResolved(method.getReturnType());
        Optional<Returned> returned = targets.resolve(returnType, onMethod);
        if (returned.isEmpty()) {
            report.error(onMethod, Message.LAYER_RETURN_TYPE, name, returnType);
            return Optional.empty();
        }
        if (!valid || !returned.get().isValid()) {
            return Optional.empty();
        }
        LayerSpec spec =
                new LayerSpec(
                        ClassName.get(owner),
                        method.getSimpleName().toString(),
                        order,
                        repeat,
                        takesIndex,
                        isStatic(method),
                        returned.get().kind(),
                        returned.get().unit(),
                        returned.get().residualLayer(),
                        TypeChecks.thrownTypes(method));
        return Optional.of(
                new Parsed(new CollectedLayer(method, returned.get().returned(), spec), layer));
    }

    /** Reports each layer whose order an earlier layer (in source order) already took. */
    private void checkOrders(List<Parsed> layers) throws Deferral {
        Map<Integer, Parsed> byOrder = new HashMap<>();
        for (Parsed parsed : layers) {
            int order = parsed.layer().spec().order();
            Parsed first = byOrder.putIfAbsent(order, parsed);
            if (first != null) {
                AnnotationValues values = parsed.annotation();
                report.error(
                        Site.of(
                                parsed.layer().method(),
                                values.annotation(),
                                values.value("order")),
                        Message.DUPLICATE_ORDER,
                        order,
                        describe(first.layer().method(), definition));
            }
        }
    }

    private static boolean isStatic(ExecutableElement method) {
        return method.getModifiers().contains(Modifier.STATIC);
    }

    /**
     * Names a layer method for a message: {@code stem()}, or {@code Base.stem()} if inherited.
     *
     * @param method the layer method
     * @param definition the definition the network is generated from
     * @return the name
     */
    static String describe(ExecutableElement method, TypeElement definition) {
        Element owner = method.getEnclosingElement();
        String name = method.getSimpleName() + "()";
        return owner.equals(definition) ? name : owner.getSimpleName() + "." + name;
    }

    private static String describeParameters(List<? extends VariableElement> parameters) {
        List<String> described = new ArrayList<>();
        for (VariableElement parameter : parameters) {
            described.add(parameter.asType() + " " + parameter.getSimpleName());
        }
        return "(" + String.join(", ", described) + ")";
    }
}
