package dev.stochasticdepth.processor;

import com.palantir.javapoet.TypeName;

import dev.stochasticdepth.annotations.Branch;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Residual;
import dev.stochasticdepth.annotations.Shortcut;
import dev.stochasticdepth.processor.NetworkModel.Unit;
import dev.stochasticdepth.processor.ValidationReport.Site;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates a {@code @Residual} unit type into a {@link Unit}. The unit may live outside the code
 * being compiled, so every problem is reported at a site of the definition that uses it, naming the
 * unit (Dagger's rule).
 */
final class UnitParser {

    /** Suffix of the nested stochastic block class generated for a target unit. */
    private static final String BLOCK_SUFFIX = "Block";

    private final Elements elements;
    private final Types types;
    private final TypeMirror blockType;
    private final PackageElement from;
    private final ValidationReport report;

    /**
     * Creates a parser for the units of one network.
     *
     * @param blockType the erasure of {@code ai.djl.nn.Block}
     * @param from the package of the network, from where the generated code uses the units
     * @param report where problems are recorded
     */
    UnitParser(
            Elements elements,
            Types types,
            TypeMirror blockType,
            PackageElement from,
            ValidationReport report) {
        this.elements = elements;
        this.types = types;
        this.blockType = blockType;
        this.from = from;
        this.report = report;
    }

    /** Returns whether a value of {@code type} is an {@code ai.djl.nn.Block}. */
    boolean isBlock(TypeMirror type) {
        return type.getKind() != TypeKind.VOID && types.isAssignable(type, blockType);
    }

    /**
     * Validates {@code unit}, annotated {@code @Residual}, reporting problems at {@code site}.
     *
     * @return the unit, or empty if a problem was reported
     * @throws Deferral if one of its branch or shortcut types does not exist
     */
    Optional<Unit> parse(TypeElement unit, AnnotationMirror residual, Site site) throws Deferral {
        String name = unit.getQualifiedName().toString();
        boolean valid = true;
        if (!TypeChecks.isClassOrRecord(unit)) {
            report.error(
                    site,
                    Message.RESIDUAL_NOT_CLASS,
                    name,
                    TypeChecks.describeKind(unit.getKind()));
            return Optional.empty();
        }
        if (TypeChecks.isInner(unit)) {
            report.error(site, Message.RESIDUAL_NOT_STATIC, name);
            valid = false;
        } else if (!TypeChecks.isAccessible(unit, from, elements)) {
            report.error(site, Message.RESIDUAL_INACCESSIBLE, name, from.getQualifiedName());
            valid = false;
        }
        List<ExecutableElement> branches = new ArrayList<>();
        List<ExecutableElement> shortcuts = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(unit))) {
            if (AnnotationValues.find(method, Branch.class).isPresent()) {
                branches.add(method);
            }
            if (AnnotationValues.find(method, Shortcut.class).isPresent()) {
                shortcuts.add(method);
            }
        }
        if (branches.isEmpty()) {
            report.error(site, Message.NO_BRANCH, name);
            valid = false;
        } else if (branches.size() > 1) {
            report.error(site, Message.SEVERAL_BRANCHES, name, describe(branches));
            valid = false;
        }
        if (shortcuts.size() > 1) {
            report.error(site, Message.SEVERAL_SHORTCUTS, name, describe(shortcuts));
            valid = false;
        }
        List<TypeName> exceptions = new ArrayList<>();
        for (ExecutableElement method :
                branches.size() == 1 ? concat(branches, shortcuts) : shortcuts) {
            valid &= checkUnitMethod(unit, method, site);
            exceptions.addAll(TypeChecks.thrownTypes(method));
        }
        if (!valid) {
            return Optional.empty();
        }
        PostActivation postActivation =
                new AnnotationValues(elements, residual)
                        .enumValue("postActivation", PostActivation.class);
        return Optional.of(
                new Unit(
                        TypeChecks.wildcardType(unit),
                        TypeChecks.joinedSimpleNames(unit) + BLOCK_SUFFIX,
                        branches.get(0).getSimpleName().toString(),
                        shortcuts.stream().findFirst().map(m -> m.getSimpleName().toString()),
                        postActivation,
                        exceptions));
    }

    /** Returns the {@code @Residual} annotation of {@code type}, if it has one. */
    static Optional<AnnotationMirror> residualAnnotation(TypeElement type) {
        return AnnotationValues.find(type, Residual.class);
    }

    private boolean checkUnitMethod(TypeElement unit, ExecutableElement method, Site site)
            throws Deferral {
        String role =
                AnnotationValues.find(method, Branch.class).isPresent() ? "Branch" : "Shortcut";
        String name = unit.getQualifiedName() + "." + method.getSimpleName() + "()";
        boolean valid = true;
        if (method.getModifiers().contains(Modifier.STATIC)) {
            report.error(site, Message.UNIT_METHOD_STATIC, role, name);
            valid = false;
        }
        if (!TypeChecks.isAccessibleMember(method, from, elements)) {
            report.error(
                    site, Message.UNIT_METHOD_INACCESSIBLE, role, name, from.getQualifiedName());
            valid = false;
        }
        if (!method.getParameters().isEmpty()) {
            report.error(site, Message.UNIT_METHOD_PARAMETERS, role, name);
            valid = false;
        }
        TypeMirror returnType = TypeChecks.requireResolved(method.getReturnType());
        if (!isBlock(returnType)) {
            report.error(site, Message.UNIT_METHOD_RETURN_TYPE, role, name, returnType);
            valid = false;
        }
        return valid;
    }

    private static List<ExecutableElement> concat(
            List<ExecutableElement> first, List<ExecutableElement> second) {
        List<ExecutableElement> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String describe(List<ExecutableElement> methods) {
        return methods.stream()
                .map(method -> method.getSimpleName() + "()")
                .sorted()
                .collect(Collectors.joining(", "));
    }
}
