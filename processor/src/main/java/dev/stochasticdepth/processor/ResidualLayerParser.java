package dev.stochasticdepth.processor;

import com.palantir.javapoet.TypeName;

import dev.stochasticdepth.annotations.ResidualLayer;
import dev.stochasticdepth.annotations.Sublayer;
import dev.stochasticdepth.processor.NetworkModel.ResidualLayerUnit;
import dev.stochasticdepth.processor.NetworkModel.Unit;
import dev.stochasticdepth.processor.ValidationReport.Site;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Validates a {@code @ResidualLayer} type into a {@link ResidualLayerUnit}: its {@code @Sublayer}
 * methods in order, each with the {@code @Residual} unit it returns. Like {@link UnitParser}, it
 * reports every problem at a site of the definition that uses the layer, naming the layer.
 */
final class ResidualLayerParser {

    /** Suffix of the nested stochastic layer class generated for a target layer. */
    private static final String BLOCK_SUFFIX = "Block";

    /** Validates the {@code @Residual} unit a sublayer returns, or returns it if known already. */
    @FunctionalInterface
    interface Units {
        Optional<Unit> unit(TypeElement type, AnnotationMirror residual, Site site) throws Deferral;
    }

    private final Elements elements;
    private final PackageElement from;
    private final ValidationReport report;

    /**
     * Creates a parser for the residual layers of one network.
     *
     * @param from the package of the network, from where the generated code uses the layers
     * @param report where problems are recorded
     */
    ResidualLayerParser(Elements elements, PackageElement from, ValidationReport report) {
        this.elements = elements;
        this.from = from;
        this.report = report;
    }

    /** Returns the {@code @ResidualLayer} annotation of {@code type}, if it has one. */
    static Optional<AnnotationMirror> residualLayerAnnotation(TypeElement type) {
        return AnnotationValues.find(type, ResidualLayer.class);
    }

    /**
     * Validates {@code layer}, annotated {@code @ResidualLayer}, reporting problems at {@code
     * site}.
     *
     * @param units how the units its sublayers return are validated
     * @return the layer, or empty if a problem was reported
     * @throws Deferral if a type its sublayers name does not exist
     */
    Optional<ResidualLayerUnit> parse(TypeElement layer, Site site, Units units) throws Deferral {
        String name = layer.getQualifiedName().toString();
        if (!TypeChecks.isClassOrRecord(layer)) {
            report.error(
                    site,
                    Message.RESIDUAL_LAYER_NOT_CLASS,
                    name,
                    TypeChecks.describeKind(layer.getKind()));
            return Optional.empty();
        }
        boolean valid = true;
        if (UnitParser.residualAnnotation(layer).isPresent()) {
            report.error(site, Message.RESIDUAL_AND_RESIDUAL_LAYER, name);
            valid = false;
        }
        if (TypeChecks.isInner(layer)) {
            report.error(site, Message.RESIDUAL_LAYER_NOT_STATIC, name);
            valid = false;
        } else if (!TypeChecks.isAccessible(layer, from, elements)) {
            report.error(site, Message.RESIDUAL_LAYER_INACCESSIBLE, name, from.getQualifiedName());
            valid = false;
        }
        // By order, then name: the members' own order is unspecified for inherited methods.
        Map<Integer, List<ExecutableElement>> byOrder = new TreeMap<>();
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(layer))) {
            Optional<AnnotationMirror> sublayer = AnnotationValues.find(method, Sublayer.class);
            if (sublayer.isPresent()) {
                int order = new AnnotationValues(elements, sublayer.get()).intValue("order");
                byOrder.computeIfAbsent(order, key -> new ArrayList<>()).add(method);
            }
        }
        if (byOrder.isEmpty()) {
            report.error(site, Message.NO_SUBLAYERS, name);
            return Optional.empty();
        }
        List<NetworkModel.Sublayer> sublayers = new ArrayList<>();
        Set<TypeName> exceptions = new LinkedHashSet<>();
        for (Map.Entry<Integer, List<ExecutableElement>> entry : byOrder.entrySet()) {
            List<ExecutableElement> methods = new ArrayList<>(entry.getValue());
            methods.sort(Comparator.comparing(method -> method.getSimpleName().toString()));
            if (methods.size() > 1) {
                report.error(
                        site,
                        Message.SUBLAYER_DUPLICATE_ORDER,
                        methods.stream()
                                .map(method -> method.getSimpleName() + "()")
                                .collect(Collectors.joining(", ")),
                        name,
                        entry.getKey());
                valid = false;
            }
            for (ExecutableElement method : methods) {
                Optional<Unit> unit = parseSublayer(layer, method, site, units);
                if (unit.isEmpty()) {
                    valid = false;
                    continue;
                }
                sublayers.add(
                        new NetworkModel.Sublayer(method.getSimpleName().toString(), unit.get()));
                exceptions.addAll(TypeChecks.thrownTypes(method));
                exceptions.addAll(unit.get().exceptions());
            }
        }
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(
                new ResidualLayerUnit(
                        TypeChecks.wildcardType(layer),
                        TypeChecks.joinedSimpleNames(layer) + BLOCK_SUFFIX,
                        sublayers,
                        List.copyOf(exceptions)));
    }

    /** Validates one {@code @Sublayer} method, returning the unit it returns. */
    private Optional<Unit> parseSublayer(
            TypeElement layer, ExecutableElement method, Site site, Units units) throws Deferral {
        String name = layer.getQualifiedName() + "." + method.getSimpleName() + "()";
        boolean valid = true;
        if (method.getModifiers().contains(Modifier.STATIC)) {
            report.error(site, Message.UNIT_METHOD_STATIC, "Sublayer", name);
            valid = false;
        }
        if (!TypeChecks.isAccessibleMember(method, from, elements)) {
            report.error(
                    site,
                    Message.UNIT_METHOD_INACCESSIBLE,
                    "Sublayer",
                    name,
                    from.getQualifiedName());
            valid = false;
        }
        if (!method.getParameters().isEmpty()) {
            report.error(site, Message.UNIT_METHOD_PARAMETERS, "Sublayer", name);
            valid = false;
        }
        TypeMirror returnType = TypeChecks.requireResolved(method.getReturnType());
        Optional<TypeElement> returned = TypeChecks.asTypeElement(returnType);
        Optional<AnnotationMirror> residual = returned.flatMap(UnitParser::residualAnnotation);
        if (residual.isEmpty()) {
            report.error(site, Message.SUBLAYER_RETURN_TYPE, name, returnType);
            return Optional.empty();
        }
        Optional<Unit> unit = units.unit(returned.get(), residual.get(), site);
        return valid ? unit : Optional.empty();
    }
}
