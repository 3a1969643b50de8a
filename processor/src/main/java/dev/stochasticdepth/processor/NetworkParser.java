package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.processor.NetworkModel.Constructor;
import dev.stochasticdepth.processor.NetworkModel.LayerKind;
import dev.stochasticdepth.processor.NetworkModel.Parameter;
import dev.stochasticdepth.processor.NetworkModel.ResidualLayerUnit;
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

    /**
     * A {@code target} item and its unit or, for a {@code @ResidualLayer}, its layer; empty if
     * invalid.
     */
    private record Target(
            AnnotationValue item, Optional<Unit> unit, Optional<ResidualLayerUnit> layer) {

        /** Returns whether the target is valid: a valid unit or a valid layer. */
        boolean isValid() {
            return unit.isPresent() || layer.isPresent();
        }

        /** Returns the simple name of its nested class, if it is valid. */
        Optional<String> blockName() {
            return unit.map(Unit::blockName).or(() -> layer.map(ResidualLayerUnit::blockName));
        }
    }

    /** A sublayer unit that is no target, and the target layer item that first used it. */
    private record SublayerUse(TypeElement layer, AnnotationValue item, Optional<Unit> unit) {}

    /**
     * A valid layer method before assembly.
     *
     * @param returned the unit or layer type it returns, for every kind but {@link LayerKind#BLOCK}
     */
    private record ParsedLayer(
            ExecutableElement method,
            AnnotationValues annotation,
            int order,
            int repeat,
            boolean takesIndex,
            LayerKind kind,
            Optional<TypeElement> returned,
            Optional<Unit> unit,
            Optional<ResidualLayerUnit> residualLayer) {

        boolean isStatic() {
            return NetworkParser.isStatic(method);
        }
    }

    private final Elements elements;
    private final Types types;
    private final TypeElement definition;
    private final AnnotationValues annotation;
    private final PackageElement pkg;
    private final ValidationReport report;
    private final Map<TypeElement, Target> targets = new LinkedHashMap<>();
    private final Map<TypeElement, Optional<Unit>> plainUnits = new LinkedHashMap<>();
    private final Map<TypeElement, SublayerUse> sublayerUnits = new LinkedHashMap<>();
    private final Map<TypeElement, Optional<ResidualLayerUnit>> plainLayers = new LinkedHashMap<>();

    private NetworkParser(
            Elements elements, Types types, TypeElement definition, ValidationReport report) {
        this.elements = elements;
        this.types = types;
        this.definition = definition;
        this.annotation =
                new AnnotationValues(
                        elements,
                        AnnotationValues.find(definition, StochasticDepth.class).orElseThrow());
        this.pkg = elements.getPackageOf(definition);
        this.report = report;
    }

    /**
     * Parses {@code definition}, which carries {@code @StochasticDepth}.
     *
     * @param definition the annotated type
     * @param report where problems are recorded
     * @return the model, or empty if {@code report} holds errors
     * @throws Deferral if the definition references a type that does not exist or a value that does
     *     not compile, which javac reports itself
     */
    static Optional<NetworkModel> parse(
            Elements elements, Types types, TypeElement definition, ValidationReport report)
            throws Deferral {
        return new NetworkParser(elements, types, definition, report).parse();
    }

    private Optional<NetworkModel> parse() throws Deferral {
        Site onAnnotation = Site.of(definition, annotation.annotation());
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
        if (!TypeChecks.isAccessible(definition, pkg, elements)) {
            report.error(onAnnotation, Message.DEFINITION_PRIVATE, qualifiedName);
        }
        if (!definition.getTypeParameters().isEmpty()) {
            report.error(onAnnotation, Message.DEFINITION_GENERIC, qualifiedName);
        }
        Optional<StochasticDepthSettings> settings = settings();
        ClassName network = networkName();

        TypeMirror blockType = requiredType(BLOCK, "ai.djl:api", onAnnotation);
        TypeMirror runtimeType =
                requiredType(
                        RUNTIME_BLOCK,
                        "dev.stochasticdepth:stochastic-depth-runtime",
                        onAnnotation);
        if (blockType == null || runtimeType == null) {
            return Optional.empty();
        }
        UnitParser units = new UnitParser(elements, types, blockType, pkg, report);
        ResidualLayerParser residualLayers = new ResidualLayerParser(elements, pkg, report);
        parseTargets(units, residualLayers);
        reportNestedNameClash(network);
        List<ParsedLayer> layers = parseLayers(units, residualLayers);
        checkOrders(layers);
        List<Constructor> constructors = mirroredConstructors(layers);
        reportUnusedTargets(layers);
        if (!report.isClean()) {
            return Optional.empty();
        }
        return Optional.of(assemble(network, settings.orElseThrow(), constructors, layers));
    }

    /** Builds the model of a valid definition: layers in order, blocks numbered, rates computed. */
    private NetworkModel assemble(
            ClassName network,
            StochasticDepthSettings settings,
            List<Constructor> constructors,
            List<ParsedLayer> layers)
            throws Deferral {
        Set<TypeName> layerExceptions = new LinkedHashSet<>();
        for (ParsedLayer layer : layers) {
            layerExceptions.addAll(TypeChecks.thrownTypes(layer.method()));
            layer.unit().ifPresent(unit -> layerExceptions.addAll(unit.exceptions()));
            layer.residualLayer()
                    .ifPresent(residualLayer -> layerExceptions.addAll(residualLayer.exceptions()));
        }
        List<ParsedLayer> assembly = new ArrayList<>(layers);
        assembly.sort(Comparator.comparingInt(ParsedLayer::order));
        List<NetworkModel.Layer> modelLayers = new ArrayList<>();
        int depth = 0;
        for (ParsedLayer layer : assembly) {
            modelLayers.add(
                    new NetworkModel.Layer(
                            ClassName.get((TypeElement) layer.method().getEnclosingElement()),
                            layer.method().getSimpleName().toString(),
                            layer.repeat(),
                            layer.takesIndex(),
                            layer.isStatic(),
                            layer.kind(),
                            layer.unit(),
                            layer.residualLayer(),
                            depth));
            if (layer.kind().isStochastic()) {
                depth += layer.repeat();
            }
        }
        List<Float> dropRates = new ArrayList<>(depth);
        for (float rate : settings.rates(depth)) {
            dropRates.add(rate);
        }
        return new NetworkModel(
                ClassName.get(definition),
                network,
                settings,
                constructors,
                List.copyOf(layerExceptions),
                modelLayers,
                targets.values().stream().flatMap(target -> target.unit().stream()).toList(),
                targets.values().stream().flatMap(target -> target.layer().stream()).toList(),
                sublayerUnits.values().stream().map(use -> use.unit().orElseThrow()).toList(),
                plainUnits.values().stream().map(Optional::orElseThrow).toList(),
                plainLayers.values().stream().map(Optional::orElseThrow).toList(),
                dropRates);
    }

    /**
     * Returns the annotation's settings, or empty after reporting a value that the settings'
     * own rules reject.
     */
    private Optional<StochasticDepthSettings> settings() throws Deferral {
        double drop = annotation.doubleValue("drop");
        Distribution distribution = annotation.enumValue("distribution", Distribution.class);
        StochasticMethod method = annotation.enumValue("method", StochasticMethod.class);
        Scaling scaling = annotation.enumValue("scaling", Scaling.class);
        boolean skipDropped = annotation.booleanValue("skipDropped");
        boolean valid = true;
        if (!Distribution.isValidDrop(drop)) {
            report.error(onValue("drop"), Message.DROP_OUT_OF_RANGE, drop);
            valid = false;
        }
        if (skipDropped && !StochasticDepthSettings.canSkipDropped(method)) {
            report.error(onValue("skipDropped"), Message.SKIP_DROPPED_WITH_BLOCK);
            valid = false;
        }
        return valid
                ? Optional.of(
                        new StochasticDepthSettings(drop, distribution, method, scaling, skipDropped))
                : Optional.empty();
    }

    private Site onValue(String member) throws Deferral {
        return Site.of(definition, annotation.annotation(), annotation.value(member));
    }

    /** Returns the class to generate, or {@code null} after reporting an invalid name. */
    private ClassName networkName() throws Deferral {
        String name = annotation.stringValue("name");
        String packageName = pkg.getQualifiedName().toString();
        if (name.isEmpty()) {
            return ClassName.get(
                    packageName, DEFAULT_PREFIX + TypeChecks.joinedSimpleNames(definition));
        }
        if (!SourceVersion.isName(name) || name.contains(".")) {
            report.error(onValue("name"), Message.INVALID_NAME, name);
            return null;
        }
        String outermost = ClassName.get(definition).topLevelClassName().simpleName();
        if (name.equals(outermost)) {
            report.error(
                    onValue("name"),
                    Message.NAME_CLASH,
                    ClassName.get(packageName, name),
                    "the definition's own class");
        }
        return ClassName.get(packageName, name);
    }

    /** Returns the erasure of a type the generated code needs, or {@code null} if it is missing. */
    private TypeMirror requiredType(String qualifiedName, String dependency, Site site) {
        TypeElement type = elements.getTypeElement(qualifiedName);
        if (type == null) {
            report.error(site, Message.REQUIRED_TYPE_MISSING, qualifiedName, dependency);
            return null;
        }
        return types.erasure(type.asType());
    }

    /**
     * Parses the {@code target} items: the {@code @Residual} ones first, so that a sublayer of a
     * target layer whose unit is itself a target shares its nested block class.
     */
    private void parseTargets(UnitParser units, ResidualLayerParser residualLayers)
            throws Deferral {
        Map<String, TypeElement> blockNames = new HashMap<>();
        List<? extends AnnotationValue> items = annotation.classItems("target");
        if (items.isEmpty()) {
            report.error(onValue("target"), Message.NO_TARGET);
        }
        List<AnnotationValue> layerItems = new ArrayList<>();
        for (AnnotationValue item : items) {
            TypeMirror type = AnnotationValues.classValue(item);
            Site onItem = Site.of(definition, annotation.annotation(), item);
            Optional<TypeElement> target = TypeChecks.asTypeElement(type);
            if (target.flatMap(ResidualLayerParser::residualLayerAnnotation).isPresent()) {
                layerItems.add(item);
                continue;
            }
            Optional<AnnotationMirror> residual = target.flatMap(UnitParser::residualAnnotation);
            if (residual.isEmpty()) {
                report.error(onItem, Message.TARGET_NOT_RESIDUAL, type);
                continue;
            }
            if (targets.containsKey(target.get())) {
                report.error(onItem, Message.TARGET_DUPLICATE, target.get().getQualifiedName());
                continue;
            }
            Optional<Unit> unit = units.parse(target.get(), residual.get(), onItem);
            addTarget(target.get(), new Target(item, unit, Optional.empty()), blockNames);
        }
        for (AnnotationValue item : layerItems) {
            TypeElement target =
                    TypeChecks.asTypeElement(AnnotationValues.classValue(item)).orElseThrow();
            Site onItem = Site.of(definition, annotation.annotation(), item);
            if (targets.containsKey(target)) {
                report.error(onItem, Message.TARGET_DUPLICATE, target.getQualifiedName());
                continue;
            }
            Optional<ResidualLayerUnit> layer =
                    residualLayers.parse(
                            target,
                            onItem,
                            (unit, residual, site) -> sublayerUnit(units, target, item, unit));
            addTarget(target, new Target(item, Optional.empty(), layer), blockNames);
        }
        for (Map.Entry<TypeElement, SublayerUse> entry : sublayerUnits.entrySet()) {
            SublayerUse use = entry.getValue();
            if (use.unit().isEmpty()) {
                continue;
            }
            String blockName = use.unit().get().blockName();
            TypeElement previous = blockNames.putIfAbsent(blockName, entry.getKey());
            if (previous != null) {
                report.error(
                        Site.of(definition, annotation.annotation(), use.item()),
                        Message.SUBLAYER_NAME_CLASH,
                        entry.getKey().getQualifiedName(),
                        use.layer().getQualifiedName(),
                        blockName,
                        previous.getQualifiedName());
            }
        }
    }

    /** Records a parsed target, reporting a nested class name another target already takes. */
    private void addTarget(TypeElement type, Target target, Map<String, TypeElement> blockNames) {
        targets.put(type, target);
        if (target.blockName().isPresent()) {
            TypeElement previous = blockNames.putIfAbsent(target.blockName().get(), type);
            if (previous != null) {
                report.error(
                        Site.of(definition, annotation.annotation(), target.item()),
                        Message.TARGET_NAME_CLASH,
                        previous.getQualifiedName(),
                        type.getQualifiedName(),
                        target.blockName().get());
            }
        }
    }

    /**
     * Returns the unit of a sublayer of target layer {@code layer}: a residual target's own, or
     * else the unit validated once, where the first layer using it is listed.
     */
    private Optional<Unit> sublayerUnit(
            UnitParser units, TypeElement layer, AnnotationValue item, TypeElement unit)
            throws Deferral {
        Target target = targets.get(unit);
        if (target != null) {
            // A target that failed was reported on its target item already.
            return target.unit();
        }
        SublayerUse use = sublayerUnits.get(unit);
        if (use == null) {
            Site onItem = Site.of(definition, annotation.annotation(), item);
            use =
                    new SublayerUse(
                            layer,
                            item,
                            units.parse(
                                    unit,
                                    UnitParser.residualAnnotation(unit).orElseThrow(),
                                    onItem));
            sublayerUnits.put(unit, use);
        }
        return use.unit();
    }

    /** Returns the unit of a plain {@code @Residual} type, validated once, at its first use. */
    private Optional<Unit> plainUnit(
            UnitParser units, TypeElement unit, AnnotationMirror residual, Site site)
            throws Deferral {
        if (!plainUnits.containsKey(unit)) {
            plainUnits.put(unit, units.parse(unit, residual, site));
        }
        return plainUnits.get(unit);
    }

    /** Reports a network name that a nested block class would take: Java forbids the pair. */
    private void reportNestedNameClash(ClassName network) throws Deferral {
        if (network == null) {
            return;
        }
        for (Target target : targets.values()) {
            if (target.blockName().equals(Optional.of(network.simpleName()))) {
                report.error(
                        onValue("name"),
                        Message.NAME_CLASH,
                        network,
                        "its own nested block class for target "
                                + target.unit()
                                        .map(Unit::type)
                                        .or(() -> target.layer().map(ResidualLayerUnit::type))
                                        .orElseThrow());
            }
        }
        for (SublayerUse use : sublayerUnits.values()) {
            if (use.unit().isPresent()
                    && use.unit().get().blockName().equals(network.simpleName())) {
                report.error(
                        onValue("name"),
                        Message.NAME_CLASH,
                        network,
                        "its own nested block class for sublayer unit " + use.unit().get().type());
            }
        }
    }

    /**
     * Returns the valid layer methods, the most distant superclass's first and each class's in
     * source order, reporting the others.
     */
    private List<ParsedLayer> parseLayers(UnitParser units, ResidualLayerParser residualLayers)
            throws Deferral {
        List<ParsedLayer> layers = new ArrayList<>();
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
                parseLayer(
                                method,
                                new AnnotationValues(elements, layer.get()),
                                units,
                                residualLayers)
                        .ifPresent(layers::add);
            }
        }
        if (!anyLayer) {
            report.error(
                    Site.of(definition, annotation.annotation()),
                    Message.NO_LAYERS,
                    definition.getQualifiedName());
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

    private Optional<ParsedLayer> parseLayer(
            ExecutableElement method,
            AnnotationValues layer,
            UnitParser units,
            ResidualLayerParser residualLayers)
            throws Deferral {
        String name = describe(method);
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
        Optional<TypeElement> returned = TypeChecks.asTypeElement(returnType);
        LayerKind kind;
        Optional<Unit> unit = Optional.empty();
        Optional<ResidualLayerUnit> residualLayer = Optional.empty();
        Optional<TypeElement> target = returned.flatMap(this::targetOf);
        if (target.isPresent()) {
            returned = target;
            // A target that failed was reported on its target item already.
            unit = targets.get(target.get()).unit();
            residualLayer = targets.get(target.get()).layer();
            kind =
                    ResidualLayerParser.residualLayerAnnotation(target.get()).isPresent()
                            ? LayerKind.STOCHASTIC_LAYER
                            : LayerKind.STOCHASTIC;
        } else if (returned.flatMap(ResidualLayerParser::residualLayerAnnotation).isPresent()) {
            kind = LayerKind.PLAIN_LAYER;
            TypeElement type = returned.get();
            if (!plainLayers.containsKey(type)) {
                plainLayers.put(
                        type,
                        residualLayers.parse(
                                type,
                                onMethod,
                                (sublayerUnit, residual, site) ->
                                        plainUnit(units, sublayerUnit, residual, site)));
            }
            residualLayer = plainLayers.get(type);
        } else if (returned.flatMap(UnitParser::residualAnnotation).isPresent()) {
            kind = LayerKind.PLAIN;
            unit =
                    plainUnit(
                            units,
                            returned.get(),
                            UnitParser.residualAnnotation(returned.get()).orElseThrow(),
                            onMethod);
        } else if (units.isBlock(returnType)) {
            kind = LayerKind.BLOCK;
        } else {
            report.error(onMethod, Message.LAYER_RETURN_TYPE, name, returnType);
            return Optional.empty();
        }
        if (!valid || (kind != LayerKind.BLOCK && unit.isEmpty() && residualLayer.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(
                new ParsedLayer(
                        method,
                        layer,
                        order,
                        repeat,
                        takesIndex,
                        kind,
                        kind == LayerKind.BLOCK ? Optional.empty() : returned,
                        unit,
                        residualLayer));
    }

    /** Returns the target {@code type} is, or else the first target it extends. */
    private Optional<TypeElement> targetOf(TypeElement type) {
        if (targets.containsKey(type)) {
            return Optional.of(type);
        }
        TypeMirror erasure = types.erasure(type.asType());
        return targets.keySet().stream()
                .filter(target -> types.isSubtype(erasure, types.erasure(target.asType())))
                .findFirst();
    }

    /** Reports each layer whose order an earlier layer (in source order) already took. */
    private void checkOrders(List<ParsedLayer> layers) throws Deferral {
        Map<Integer, ParsedLayer> byOrder = new HashMap<>();
        for (ParsedLayer layer : layers) {
            ParsedLayer first = byOrder.putIfAbsent(layer.order(), layer);
            if (first != null) {
                AnnotationValues values = layer.annotation();
                report.error(
                        Site.of(layer.method(), values.annotation(), values.value("order")),
                        Message.DUPLICATE_ORDER,
                        layer.order(),
                        describe(first.method()));
            }
        }
    }

    /**
     * Returns the constructors the network mirrors: none if every layer is static, else each
     * non-private constructor of the definition, which must be able to create an instance.
     */
    private List<Constructor> mirroredConstructors(List<ParsedLayer> layers) throws Deferral {
        Optional<ParsedLayer> firstInstance =
                layers.stream().filter(layer -> !layer.isStatic()).findFirst();
        if (firstInstance.isEmpty()) {
            return List.of();
        }
        Site onLayer = Site.of(firstInstance.get().method());
        String layerName = describe(firstInstance.get().method());
        if (definition.getModifiers().contains(Modifier.ABSTRACT)) {
            report.error(
                    onLayer,
                    Message.INSTANCE_LAYER_IN_ABSTRACT,
                    layerName,
                    definition.getQualifiedName());
            return List.of();
        }
        List<Constructor> constructors = new ArrayList<>();
        for (ExecutableElement constructor :
                ElementFilter.constructorsIn(definition.getEnclosedElements())) {
            if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
                constructors.add(mirror(constructor));
            }
        }
        if (constructors.isEmpty()) {
            report.error(
                    onLayer,
                    Message.NO_ACCESSIBLE_CONSTRUCTOR,
                    layerName,
                    definition.getQualifiedName());
        }
        return constructors;
    }

    private static Constructor mirror(ExecutableElement constructor) throws Deferral {
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
        Set<Modifier> modifiers = constructor.getModifiers();
        Optional<Modifier> visibility =
                modifiers.contains(Modifier.PUBLIC)
                        ? Optional.of(Modifier.PUBLIC)
                        : modifiers.contains(Modifier.PROTECTED)
                                ? Optional.of(Modifier.PROTECTED)
                                : Optional.empty();
        return new Constructor(
                visibility,
                typeVariables,
                parameters,
                constructor.isVarArgs(),
                TypeChecks.thrownTypes(constructor));
    }

    /** Reports each valid target that no valid layer returns, on its target item. */
    private void reportUnusedTargets(List<ParsedLayer> layers) {
        if (layers.isEmpty()) {
            return;
        }
        targets.forEach(
                (type, target) -> {
                    boolean used =
                            layers.stream()
                                    .anyMatch(
                                            layer ->
                                                    layer.returned().equals(Optional.of(type))
                                                            && layer.kind().isStochastic());
                    if (!used && target.isValid()) {
                        report.error(
                                Site.of(definition, annotation.annotation(), target.item()),
                                Message.TARGET_UNUSED,
                                type.getQualifiedName());
                    }
                });
    }

    private static boolean isStatic(ExecutableElement method) {
        return method.getModifiers().contains(Modifier.STATIC);
    }

    /** Names a layer method for a message: {@code stem()}, or {@code Base.stem()} if inherited. */
    private String describe(ExecutableElement method) {
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
