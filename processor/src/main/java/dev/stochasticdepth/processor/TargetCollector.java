package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;

import dev.stochasticdepth.processor.DefinitionReader.Definition;
import dev.stochasticdepth.processor.LayerCollector.CollectedLayer;
import dev.stochasticdepth.processor.NetworkModel.LayerKind;
import dev.stochasticdepth.processor.NetworkModel.ResidualLayerUnit;
import dev.stochasticdepth.processor.NetworkModel.Unit;
import dev.stochasticdepth.processor.ValidationReport.Site;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The targets stage of a definition: parses its {@code target} items with {@link UnitParser} and
 * {@link ResidualLayerParser}, then tells the layer stage what each layer's return type is, and
 * keeps every unit and layer type the network uses so that each is validated once and gets one
 * nested class.
 */
final class TargetCollector {

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
     * What a layer method's return type makes of the layer.
     *
     * @param kind how the network adds the layer
     * @param returned the unit or layer type, for every kind but {@link LayerKind#BLOCK}
     * @param unit the unit, for the unit kinds; empty as well if it is invalid, which was reported
     * @param residualLayer the layer, for the layer kinds; empty as well if it is invalid, which
     *     was reported
     */
    record Returned(
            LayerKind kind,
            Optional<TypeElement> returned,
            Optional<Unit> unit,
            Optional<ResidualLayerUnit> residualLayer) {

        /** Returns whether the layer can be built: a block, or a valid unit or layer. */
        boolean isValid() {
            return kind == LayerKind.BLOCK || unit.isPresent() || residualLayer.isPresent();
        }
    }

    private final Types types;
    private final Definition definition;
    private final ValidationReport report;
    private final UnitParser units;
    private final ResidualLayerParser residualLayers;
    private final Map<TypeElement, Target> targets = new LinkedHashMap<>();
    private final Map<TypeElement, Optional<Unit>> plainUnits = new LinkedHashMap<>();
    private final Map<TypeElement, SublayerUse> sublayerUnits = new LinkedHashMap<>();
    private final Map<TypeElement, Optional<ResidualLayerUnit>> plainLayers = new LinkedHashMap<>();

    private TargetCollector(
            Elements elements, Types types, Definition definition, ValidationReport report) {
        this.types = types;
        this.definition = definition;
        this.report = report;
        this.units =
                new UnitParser(elements, types, definition.blockType(), definition.pkg(), report);
        this.residualLayers = new ResidualLayerParser(elements, definition.pkg(), report);
    }

    /**
     * Parses the {@code target} items of {@code definition}, reporting invalid ones and nested
     * class names that clash with each other or with the network's.
     *
     * @param elements the compiler's element utilities
     * @param types the compiler's type utilities
     * @param definition the definition
     * @param report where problems are recorded
     * @return the collector, ready for {@link #resolve}
     * @throws Deferral if a target names a type that does not exist
     */
    static TargetCollector collect(
            Elements elements, Types types, Definition definition, ValidationReport report)
            throws Deferral {
        TargetCollector collector = new TargetCollector(elements, types, definition, report);
        collector.parseTargets();
        if (definition.network().isPresent()) {
            collector.reportNestedNameClash(definition.network().get());
        }
        return collector;
    }

    /**
     * Parses the {@code target} items: the {@code @Residual} ones first, so that a sublayer of a
     * target layer whose unit is itself a target shares its nested block class.
     */
    private void parseTargets() throws Deferral {
        Map<String, TypeElement> blockNames = new HashMap<>();
        List<? extends AnnotationValue> items = definition.annotation().classItems("target");
        if (items.isEmpty()) {
            report.error(definition.onValue("target"), Message.NO_TARGET);
        }
        List<AnnotationValue> layerItems = new ArrayList<>();
        for (AnnotationValue item : items) {
            TypeMirror type = AnnotationValues.classValue(item);
            Site onItem = definition.onItem(item);
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
            Site onItem = definition.onItem(item);
            if (targets.containsKey(target)) {
                report.error(onItem, Message.TARGET_DUPLICATE, target.getQualifiedName());
                continue;
            }
            Optional<ResidualLayerUnit> layer =
                    residualLayers.parse(
                            target,
                            onItem,
                            (unit, residual, site) -> sublayerUnit(target, item, unit));
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
                        definition.onItem(use.item()),
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
                        definition.onItem(target.item()),
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
    private Optional<Unit> sublayerUnit(TypeElement layer, AnnotationValue item, TypeElement unit)
            throws Deferral {
        Target target = targets.get(unit);
        if (target != null) {
            // A target that failed was reported on its target item already.
            return target.unit();
        }
        SublayerUse use = sublayerUnits.get(unit);
        if (use == null) {
            use =
                    new SublayerUse(
                            layer,
                            item,
                            units.parse(
                                    unit,
                                    UnitParser.residualAnnotation(unit).orElseThrow(),
                                    definition.onItem(item)));
            sublayerUnits.put(unit, use);
        }
        return use.unit();
    }

    /** Returns the unit of a plain {@code @Residual} type, validated once, at its first use. */
    private Optional<Unit> plainUnit(TypeElement unit, AnnotationMirror residual, Site site)
            throws Deferral {
        if (!plainUnits.containsKey(unit)) {
            plainUnits.put(unit, units.parse(unit, residual, site));
        }
        return plainUnits.get(unit);
    }

    /** Reports a network name that a nested block class would take: Java forbids the pair. */
    private void reportNestedNameClash(ClassName network) throws Deferral {
        for (Target target : targets.values()) {
            if (target.blockName().equals(Optional.of(network.simpleName()))) {
                report.error(
                        definition.onValue("name"),
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
                        definition.onValue("name"),
                        Message.NAME_CLASH,
                        network,
                        "its own nested block class for sublayer unit " + use.unit().get().type());
            }
        }
    }

    /**
     * Returns what a layer method returning {@code returnType} adds to the network, validating a
     * plain unit or layer type at its first use, or empty if the type is neither a block nor a
     * residual type.
     *
     * @param returnType the layer method's resolved return type
     * @param onMethod where problems of a plain unit or layer are reported
     * @return the layer's kind and type
     * @throws Deferral if a plain unit or layer references a type that does not exist
     */
    Optional<Returned> resolve(TypeMirror returnType, Site onMethod) throws Deferral {
        Optional<TypeElement> returned = TypeChecks.asTypeElement(returnType);
        Optional<TypeElement> target = returned.flatMap(this::targetOf);
        if (target.isPresent()) {
            // A target that failed was reported on its target item already.
            return Optional.of(
                    new Returned(
                            ResidualLayerParser.residualLayerAnnotation(target.get()).isPresent()
                                    ? LayerKind.STOCHASTIC_LAYER
                                    : LayerKind.STOCHASTIC,
                            target,
                            targets.get(target.get()).unit(),
                            targets.get(target.get()).layer()));
        }
        if (returned.flatMap(ResidualLayerParser::residualLayerAnnotation).isPresent()) {
            TypeElement type = returned.get();
            if (!plainLayers.containsKey(type)) {
                plainLayers.put(
                        type,
                        residualLayers.parse(
                                type,
                                onMethod,
                                (sublayerUnit, residual, site) ->
                                        plainUnit(sublayerUnit, residual, site)));
            }
            return Optional.of(
                    new Returned(
                            LayerKind.PLAIN_LAYER,
                            returned,
                            Optional.empty(),
                            plainLayers.get(type)));
        }
        Optional<AnnotationMirror> residual = returned.flatMap(UnitParser::residualAnnotation);
        if (residual.isPresent()) {
            return Optional.of(
                    new Returned(
                            LayerKind.PLAIN,
                            returned,
                            plainUnit(returned.get(), residual.get(), onMethod),
                            Optional.empty()));
        }
        if (units.isBlock(returnType)) {
            return Optional.of(
                    new Returned(
                            LayerKind.BLOCK, Optional.empty(), Optional.empty(), Optional.empty()));
        }
        return Optional.empty();
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

    /**
     * Reports each valid target that no valid layer returns, on its target item; with no valid
     * layer at all, the layers' own errors say enough.
     *
     * @param layers the valid layers
     */
    void reportUnused(List<CollectedLayer> layers) {
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
                                                            && layer.spec().kind().isStochastic());
                    if (!used && target.isValid()) {
                        report.error(
                                definition.onItem(target.item()),
                                Message.TARGET_UNUSED,
                                type.getQualifiedName());
                    }
                });
    }

    /**
     * Returns the unit and layer types of a definition whose report is clean.
     *
     * @return every type the network generates code for, each list in first-use order
     */
    ModelAssembler.Units units() {
        return new ModelAssembler.Units(
                targets.values().stream().flatMap(target -> target.unit().stream()).toList(),
                targets.values().stream().flatMap(target -> target.layer().stream()).toList(),
                sublayerUnits.values().stream().map(use -> use.unit().orElseThrow()).toList(),
                plainUnits.values().stream().map(Optional::orElseThrow).toList(),
                plainLayers.values().stream().map(Optional::orElseThrow).toList());
    }
}
