package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.processor.NetworkModel.Constructor;
import dev.stochasticdepth.processor.NetworkModel.LayerKind;
import dev.stochasticdepth.processor.NetworkModel.Parameter;
import dev.stochasticdepth.processor.NetworkModel.Unit;
import dev.stochasticdepth.processor.ValidationReport.Site;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates one {@code @StochasticDepth} definition into a {@link NetworkModel}, recording every
 * problem in a {@link ValidationReport} at the annotation value, array item or element at fault.
 * The drop rates are computed here, at compile time, by {@link Distribution#rate}.
 */
final class NetworkParser {

    /** Prefix of the default generated class name. */
    private static final String DEFAULT_PREFIX = "Stochastic";

    /** DJL's block interface: what layers, branches and shortcuts return. */
    static final String BLOCK = "ai.djl.nn.Block";

    /** The runtime class every generated stochastic block extends. */
    static final String RUNTIME_BLOCK = "dev.stochasticdepth.runtime.StochasticResidualBlock";

    private final Elements elements;
    private final Types types;

    NetworkParser(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** A parsed layer method before assembly: the method, its annotation and what it adds. */
    private record ParsedLayer(
            ExecutableElement method,
            AnnotationValues layer,
            int order,
            int repeat,
            boolean takesIndex,
            LayerKind kind,
            Optional<Unit> unit) {}

    /**
     * Parses {@code definition}, which carries {@code @StochasticDepth}.
     *
     * @param definition the annotated type
     * @param report where problems are recorded
     * @return the model, or empty if {@code report} holds errors
     * @throws Deferral if the definition references a type that does not exist or a value that
     *     does not compile, which javac reports itself
     */
    Optional<NetworkModel> parse(TypeElement definition, ValidationReport report) throws Deferral {
        AnnotationMirror mirror =
                AnnotationValues.find(definition, StochasticDepth.class).orElseThrow();
        AnnotationValues annotation = new AnnotationValues(elements, mirror);
        Site onAnnotation = Site.of(definition, mirror);
        String qualifiedName = definition.getQualifiedName().toString();
        if (definition.getKind() != ElementKind.CLASS) {
            report.error(
                    onAnnotation,
                    Message.DEFINITION_NOT_CLASS,
                    qualifiedName,
                    TypeChecks.describeKind(definition.getKind()));
            return Optional.empty();
        }
        if (TypeChecks.isInner(definition)) {
            report.error(onAnnotation, Message.DEFINITION_NOT_STATIC, qualifiedName);
        }
        PackageElement pkg = elements.getPackageOf(definition);
        if (!TypeChecks.isAccessible(definition, pkg, elements)) {
            report.error(onAnnotation, Message.DEFINITION_PRIVATE, qualifiedName);
        }
        if (!definition.getTypeParameters().isEmpty()) {
            report.error(onAnnotation, Message.DEFINITION_GENERIC, qualifiedName);
        }

        double drop = annotation.doubleValue("drop");
        if (!(drop >= 0.0 && drop < 1.0)) {
            report.error(
                    Site.of(definition, mirror, annotation.value("drop")),
                    Message.DROP_OUT_OF_RANGE,
                    drop);
        }
        Distribution distribution = annotation.enumValue("distribution", Distribution.class);
        StochasticMethod method = annotation.enumValue("method", StochasticMethod.class);
        Scaling scaling = annotation.enumValue("scaling", Scaling.class);
        boolean skipDropped = annotation.booleanValue("skipDropped");
        if (skipDropped && method == StochasticMethod.BLOCK) {
            report.error(
                    Site.of(definition, mirror, annotation.value("skipDropped")),
                    Message.SKIP_DROPPED_WITH_BLOCK);
        }
        ClassName network = networkName(definition, annotation, report);

        TypeMirror blockType = requiredType(BLOCK, "ai.djl:api", onAnnotation, report);
        TypeMirror runtimeType =
                requiredType(
                        RUNTIME_BLOCK,
                        "dev.stochasticdepth:stochastic-depth-runtime",
                        onAnnotation,
                        report);
        if (blockType == null || runtimeType == null) {
            return Optional.empty();
        }
        UnitParser units = new UnitParser(elements, types, blockType);
        Map<TypeElement, AnnotationValue> targetItems = new LinkedHashMap<>();
        Map<TypeElement, Optional<Unit>> targets =
                parseTargets(definition, annotation, pkg, units, targetItems, report);

        List<ParsedLayer> layers = new ArrayList<>();
        Map<TypeElement, Optional<Unit>> plainUnits = new LinkedHashMap<>();
        for (ExecutableElement layerMethod : ElementFilter.methodsIn(definition.getEnclosedElements())) {
            Optional<AnnotationMirror> layerMirror = AnnotationValues.find(layerMethod, Layer.class);
            if (layerMirror.isPresent()) {
                parseLayer(
                                layerMethod,
                                new AnnotationValues(elements, layerMirror.get()),
                                pkg,
                                blockType,
                                units,
                                targets,
                                plainUnits,
                                report)
                        .ifPresent(layers::add);
            }
        }
        if (layers.isEmpty() && report.isClean()) {
            report.error(onAnnotation, Message.NO_LAYERS, qualifiedName);
        }
        checkOrders(layers, report);
        List<Constructor> constructors = checkInstanceLayers(definition, layers, report);
        if (!layers.isEmpty()) {
            targetItems.forEach(
                    (target, item) -> {
                        boolean used =
                                layers.stream()
                                        .anyMatch(layer -> layer.kind() == LayerKind.STOCHASTIC
                                                && layer.unit().equals(targets.get(target)));
                        if (!used && targets.get(target).isPresent()) {
                            report.error(
                                    Site.of(definition, mirror, item),
                                    Message.TARGET_UNUSED,
                                    target.getQualifiedName());
                        }
                    });
        }
        if (!report.isClean()) {
            return Optional.empty();
        }

        List<TypeName> layerExceptions = new ArrayList<>();
        for (ParsedLayer layer : layers) {
            layerExceptions.addAll(TypeChecks.thrownTypes(layer.method()));
            layer.unit().ifPresent(unit -> layerExceptions.addAll(unit.exceptions()));
        }
        List<ParsedLayer> assembly = new ArrayList<>(layers);
        assembly.sort(Comparator.comparingInt(ParsedLayer::order));
        List<NetworkModel.Layer> modelLayers = new ArrayList<>();
        int depth = 0;
        for (ParsedLayer layer : assembly) {
            modelLayers.add(
                    new NetworkModel.Layer(
                            layer.method().getSimpleName().toString(),
                            layer.repeat(),
                            layer.takesIndex(),
                            layer.method().getModifiers().contains(Modifier.STATIC),
                            layer.kind(),
                            layer.unit(),
                            depth));
            if (layer.kind() == LayerKind.STOCHASTIC) {
                depth += layer.repeat();
            }
        }
        List<Float> dropRates = new ArrayList<>(depth);
        for (int block = 1; block <= depth; block++) {
            dropRates.add((float) distribution.rate(block, depth, drop));
        }
        return Optional.of(
                new NetworkModel(
                        ClassName.get(definition),
                        network,
                        distribution,
                        drop,
                        method,
                        scaling,
                        skipDropped,
                        constructors,
                        List.copyOf(new LinkedHashSet<>(layerExceptions)),
                        modelLayers,
                        targets.values().stream().map(Optional::orElseThrow).toList(),
                        plainUnits.values().stream().map(Optional::orElseThrow).toList(),
                        dropRates));
    }

    /** Returns the class to generate for {@code definition}, recording an invalid name. */
    private static ClassName networkName(
            TypeElement definition, AnnotationValues annotation, ValidationReport report)
            throws Deferral {
        String name = annotation.stringValue("name");
        String packageName = ClassName.get(definition).packageName();
        if (name.isEmpty()) {
            return ClassName.get(packageName, DEFAULT_PREFIX + TypeChecks.joinedSimpleNames(definition));
        }
        Site onName = Site.of(definition, annotation.annotation(), annotation.value("name"));
        if (!SourceVersion.isName(name) || name.contains(".")) {
            report.error(onName, Message.INVALID_NAME, name);
            return null;
        }
        String outermost = ClassName.get(definition).topLevelClassName().simpleName();
        if (name.equals(outermost)) {
            report.error(onName, Message.NAME_CLASH, packageName + "." + name, "the definition's own class");
        }
        return ClassName.get(packageName, name);
    }

    private TypeMirror requiredType(
            String qualifiedName, String dependency, Site site, ValidationReport report) {
        TypeElement type = elements.getTypeElement(qualifiedName);
        if (type == null) {
            report.error(site, Message.REQUIRED_TYPE_MISSING, qualifiedName, dependency);
            return null;
        }
        return types.erasure(type.asType());
    }

    /** Parses the target items; a failed target maps to empty. */
    private Map<TypeElement, Optional<Unit>> parseTargets(
            TypeElement definition,
            AnnotationValues annotation,
            PackageElement pkg,
            UnitParser units,
            Map<TypeElement, AnnotationValue> targetItems,
            ValidationReport report)
            throws Deferral {
        Map<TypeElement, Optional<Unit>> targets = new LinkedHashMap<>();
        Map<String, TypeElement> blockNames = new HashMap<>();
        List<? extends AnnotationValue> items = annotation.classItems("target");
        AnnotationMirror mirror = annotation.annotation();
        if (items.isEmpty()) {
            report.error(
                    Site.of(definition, mirror, annotation.value("target")), Message.NO_TARGET);
        }
        for (AnnotationValue item : items) {
            TypeMirror type = AnnotationValues.classValue(item);
            Site onItem = Site.of(definition, mirror, item);
            Optional<AnnotationMirror> residual =
                    type.getKind() == TypeKind.DECLARED
                            ? UnitParser.residualAnnotation(asTypeElement(type))
                            : Optional.empty();
            if (residual.isEmpty()) {
                report.error(onItem, Message.TARGET_NOT_RESIDUAL, type);
                continue;
            }
            TypeElement target = asTypeElement(type);
            if (targets.containsKey(target)) {
                report.error(onItem, Message.TARGET_DUPLICATE, target.getQualifiedName());
                continue;
            }
            Optional<Unit> unit = units.parse(target, residual.get(), pkg, onItem, report);
            targets.put(target, unit);
            targetItems.put(target, item);
            if (unit.isPresent()) {
                TypeElement previous = blockNames.putIfAbsent(unit.get().blockName(), target);
                if (previous != null) {
                    report.error(
                            onItem,
                            Message.TARGET_NAME_CLASH,
                            previous.getQualifiedName(),
                            target.getQualifiedName(),
                            unit.get().blockName());
                }
            }
        }
        return targets;
    }

    private Optional<ParsedLayer> parseLayer(
            ExecutableElement method,
            AnnotationValues layer,
            PackageElement pkg,
            TypeMirror blockType,
            UnitParser units,
            Map<TypeElement, Optional<Unit>> targets,
            Map<TypeElement, Optional<Unit>> plainUnits,
            ValidationReport report)
            throws Deferral {
        String name = method.getSimpleName() + "()";
        Site onMethod = Site.of(method);
        int order = layer.intValue("order");
        int repeat = layer.intValue("repeat");
        boolean valid = true;
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            report.error(onMethod, Message.LAYER_PRIVATE, name);
            valid = false;
        }
        if (repeat < 1) {
            report.error(
                    Site.of(method, layer.annotation(), layer.value("repeat")),
                    Message.REPEAT_TOO_SMALL,
                    repeat);
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
            report.error(
                    Site.of(method, layer.annotation(), layer.value("repeat")),
                    Message.LAYER_REPEAT_WITHOUT_INDEX,
                    repeat,
                    name);
            valid = false;
        }

        TypeMirror returnType = TypeChecks.requireResolved(method.getReturnType());
        LayerKind kind = null;
        Optional<Unit> unit = Optional.empty();
        TypeElement returned =
                returnType.getKind() == TypeKind.DECLARED ? asTypeElement(returnType) : null;
        Optional<AnnotationMirror> residual =
                returned == null ? Optional.empty() : UnitParser.residualAnnotation(returned);
        if (returned != null && targets.containsKey(returned)) {
            kind = LayerKind.STOCHASTIC;
            unit = targets.get(returned);
            // A target that failed was reported on its target item already.
            valid &= unit.isPresent();
        } else if (residual.isPresent()) {
            kind = LayerKind.PLAIN;
            if (!plainUnits.containsKey(returned)) {
                plainUnits.put(
                        returned, units.parse(returned, residual.get(), pkg, onMethod, report));
            }
            unit = plainUnits.get(returned);
            valid &= unit.isPresent();
        } else if (returnType.getKind() != TypeKind.VOID
                && types.isAssignable(returnType, blockType)) {
            kind = LayerKind.BLOCK;
        } else {
            report.error(onMethod, Message.LAYER_RETURN_TYPE, name, returnType);
            valid = false;
        }
        return valid
                ? Optional.of(new ParsedLayer(method, layer, order, repeat, takesIndex, kind, unit))
                : Optional.empty();
    }

    /** Records an error on each layer whose order an earlier layer (in source order) took. */
    private static void checkOrders(List<ParsedLayer> layers, ValidationReport report)
            throws Deferral {
        Map<Integer, ParsedLayer> byOrder = new HashMap<>();
        for (ParsedLayer layer : layers) {
            ParsedLayer first = byOrder.putIfAbsent(layer.order(), layer);
            if (first != null) {
                report.error(
                        Site.of(layer.method(), layer.layer().annotation(), layer.layer().value("order")),
                        Message.DUPLICATE_ORDER,
                        layer.order(),
                        first.method().getSimpleName() + "()");
            }
        }
    }

    /**
     * Checks that the definition can be created if a layer needs an instance, and returns the
     * constructors to mirror (none if every layer is static).
     */
    private static List<Constructor> checkInstanceLayers(
            TypeElement definition, List<ParsedLayer> layers, ValidationReport report)
            throws Deferral {
        Optional<ParsedLayer> firstInstance =
                layers.stream()
                        .filter(layer -> !layer.method().getModifiers().contains(Modifier.STATIC))
                        .findFirst();
        if (firstInstance.isEmpty()) {
            return List.of();
        }
        ExecutableElement method = firstInstance.get().method();
        String name = method.getSimpleName() + "()";
        if (definition.getModifiers().contains(Modifier.ABSTRACT)) {
            report.error(
                    Site.of(method),
                    Message.INSTANCE_LAYER_IN_ABSTRACT,
                    name,
                    definition.getQualifiedName());
            return List.of();
        }
        List<Constructor> constructors = new ArrayList<>();
        for (ExecutableElement constructor :
                ElementFilter.constructorsIn(definition.getEnclosedElements())) {
            Set<Modifier> modifiers = constructor.getModifiers();
            if (modifiers.contains(Modifier.PRIVATE)) {
                continue;
            }
            List<Parameter> parameters = new ArrayList<>();
            for (VariableElement parameter : constructor.getParameters()) {
                parameters.add(
                        new Parameter(
                                TypeName.get(TypeChecks.requireResolved(parameter.asType())),
                                parameter.getSimpleName().toString()));
            }
            List<TypeVariableName> typeVariables = new ArrayList<>();
            for (TypeParameterElement typeParameter : constructor.getTypeParameters()) {
                typeVariables.add(TypeVariableName.get(typeParameter));
            }
            Optional<Modifier> visibility =
                    modifiers.contains(Modifier.PUBLIC)
                            ? Optional.of(Modifier.PUBLIC)
                            : modifiers.contains(Modifier.PROTECTED)
                                    ? Optional.of(Modifier.PROTECTED)
                                    : Optional.empty();
            constructors.add(
                    new Constructor(
                            visibility,
                            typeVariables,
                            parameters,
                            constructor.isVarArgs(),
                            TypeChecks.thrownTypes(constructor)));
        }
        if (constructors.isEmpty()) {
            report.error(
                    Site.of(method),
                    Message.NO_ACCESSIBLE_CONSTRUCTOR,
                    name,
                    definition.getQualifiedName());
        }
        return constructors;
    }

    private static String describeParameters(List<? extends VariableElement> parameters) {
        List<String> described = new ArrayList<>();
        for (VariableElement parameter : parameters) {
            described.add(parameter.asType() + " " + parameter.getSimpleName());
        }
        return "(" + String.join(", ", described) + ")";
    }

    private static TypeElement asTypeElement(TypeMirror type) {
        Element element = ((DeclaredType) type).asElement();
        return (TypeElement) element;
    }
}
