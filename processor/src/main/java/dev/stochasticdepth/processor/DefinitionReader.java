package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepth;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.processor.ValidationReport.Site;

import java.util.Map;
import java.util.Optional;

import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The first stage of a definition: reads its {@code @StochasticDepth} annotation, checks the
 * definition class itself, names the class to generate and builds the {@link
 * StochasticDepthSettings}, reporting each problem at the annotation value at fault.
 */
final class DefinitionReader {

    /** Prefix of the default generated class name. */
    private static final String DEFAULT_PREFIX = "Stochastic";

    /** DJL's block interface: what layers, branches and shortcuts return. */
    static final String BLOCK = "ai.djl.nn.Block";

    /** The runtime class every generated stochastic block extends. */
    static final String RUNTIME_BLOCK = "dev.stochasticdepth.runtime.StochasticResidualBlock";

    /**
     * A definition as the later stages see it: the class, its annotation, and what this stage
     * made of them.
     *
     * @param element the annotated class
     * @param annotation its {@code @StochasticDepth} annotation
     * @param pkg its package, where the network is generated
     * @param network the class to generate, absent after an invalid name was reported
     * @param settings the settings, absent after a value their rules reject was reported
     * @param blockType the erasure of {@code ai.djl.nn.Block}
     */
    record Definition(
            TypeElement element,
            AnnotationValues annotation,
            PackageElement pkg,
            Optional<ClassName> network,
            Optional<StochasticDepthSettings> settings,
            TypeMirror blockType) {

        /**
         * Returns the site of the {@code @StochasticDepth} annotation.
         *
         * @return the site
         */
        Site onAnnotation() {
            return Site.of(element, annotation.annotation());
        }

        /**
         * Returns the site of one member's value, explicit or default.
         *
         * @param member the member's name
         * @return the site
         * @throws Deferral if the value does not compile
         */
        Site onValue(String member) throws Deferral {
            return Site.of(element, annotation.annotation(), annotation.value(member));
        }

        /**
         * Returns the site of one item of an array member, such as a {@code target} class.
         *
         * @param item the item
         * @return the site
         */
        Site onItem(AnnotationValue item) {
            return Site.of(element, annotation.annotation(), item);
        }
    }

    private final Elements elements;
    private final TypeElement definition;
    private final AnnotationValues annotation;
    private final PackageElement pkg;
    private final ValidationReport report;

    private DefinitionReader(Elements elements, TypeElement definition, ValidationReport report) {
        this.elements = elements;
        this.definition = definition;
        this.annotation = new AnnotationValues(elements, annotationOf(definition));
        this.pkg = elements.getPackageOf(definition);
        this.report = report;
    }

    /**
     * Reads {@code definition}, which carries {@code @StochasticDepth}.
     *
     * @param elements the compiler's element utilities
     * @param types the compiler's type utilities
     * @param definition the annotated type
     * @param report where problems are recorded
     * @return the definition, or empty if it is no class or the generated code's dependencies are
     *     missing, so that no later stage can read it
     * @throws Deferral if a value of the annotation does not compile, which javac reports itself
     */
    static Optional<Definition> read(
            Elements elements, Types types, TypeElement definition, ValidationReport report)
            throws Deferral {
        return new DefinitionReader(elements, definition, report).read(types);
    }

    private Optional<Definition> read(Types types) throws Deferral {
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
        Optional<ClassName> network = networkName();

        TypeMirror blockType = requiredType(types, BLOCK, "ai.djl:api", onAnnotation);
        TypeMirror runtimeType =
                requiredType(
                        types,
                        RUNTIME_BLOCK,
                        "dev.stochasticdepth:stochastic-depth-runtime",
                        onAnnotation);
        if (blockType == null || runtimeType == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Definition(definition, annotation, pkg, network, settings, blockType));
    }

    /**
     * Returns the annotation's settings, or empty after reporting a value that the settings' own
     * rules reject: the processor asks {@link StochasticDepthSettings} instead of restating them.
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
                        new StochasticDepthSettings(
                                drop, distribution, method, scaling, skipDropped))
                : Optional.empty();
    }

    private Site onValue(String member) throws Deferral {
        return Site.of(definition, annotation.annotation(), annotation.value(member));
    }

    /** Returns the class to generate, or empty after reporting an invalid name. */
    private Optional<ClassName> networkName() throws Deferral {
        String name = annotation.stringValue("name");
        String packageName = pkg.getQualifiedName().toString();
        if (name.isEmpty()) {
            return Optional.of(defaultName(definition, packageName));
        }
        if (!isClassName(name)) {
            report.error(onValue("name"), Message.INVALID_NAME, name);
            return Optional.empty();
        }
        String outermost = ClassName.get(definition).topLevelClassName().simpleName();
        if (name.equals(outermost)) {
            report.error(
                    onValue("name"),
                    Message.NAME_CLASH,
                    ClassName.get(packageName, name),
                    "the definition's own class");
        }
        return Optional.of(ClassName.get(packageName, name));
    }

    /** Returns the erasure of a type the generated code needs, or {@code null} if it is missing. */
    private TypeMirror requiredType(
            Types types, String qualifiedName, String dependency, Site site) {
        TypeElement type = elements.getTypeElement(qualifiedName);
        if (type == null) {
            report.error(site, Message.REQUIRED_TYPE_MISSING, qualifiedName, dependency);
            return null;
        }
        return types.erasure(type.asType());
    }

    /**
     * Returns the class a definition would generate, without checking or reporting anything: for
     * messages about a definition that was never read to the end.
     *
     * @param elements the compiler's element utilities
     * @param definition the annotated type
     * @return the class, or empty if the {@code name} value does not compile or is invalid
     */
    static Optional<ClassName> intendedName(Elements elements, TypeElement definition) {
        String packageName = elements.getPackageOf(definition).getQualifiedName().toString();
        String name;
        try {
            name = new AnnotationValues(elements, annotationOf(definition)).stringValue("name");
        } catch (Deferral deferral) {
            return Optional.empty();
        }
        if (name.isEmpty()) {
            return Optional.of(defaultName(definition, packageName));
        }
        return isClassName(name) ? Optional.of(ClassName.get(packageName, name)) : Optional.empty();
    }

    /**
     * Returns the site of a definition's {@code @StochasticDepth} annotation.
     *
     * @param definition the annotated type
     * @return the site
     */
    static Site annotationSite(TypeElement definition) {
        return Site.of(definition, annotationOf(definition));
    }

    /**
     * Returns the site of a definition's explicit {@code name} value, or of its annotation: for
     * clashes found after its stages, which must not defer.
     *
     * @param definition the annotated type
     * @return the site
     */
    static Site nameSite(TypeElement definition) {
        AnnotationMirror mirror = annotationOf(definition);
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
                mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals("name")) {
                return Site.of(definition, mirror, entry.getValue());
            }
        }
        return Site.of(definition, mirror);
    }

    private static AnnotationMirror annotationOf(TypeElement definition) {
        return AnnotationValues.find(definition, StochasticDepth.class).orElseThrow();
    }

    private static ClassName defaultName(TypeElement definition, String packageName) {
        return ClassName.get(
                packageName, DEFAULT_PREFIX + TypeChecks.joinedSimpleNames(definition));
    }

    /** Whether {@code name} may name a top-level class: one identifier, no package. */
    private static boolean isClassName(String name) {
        return SourceVersion.isName(name) && !name.contains(".");
    }
}
