package dev.stochasticdepth.processor;

import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;

import dev.stochasticdepth.processor.LayerCollector.CollectedLayer;
import dev.stochasticdepth.processor.NetworkModel.Constructor;
import dev.stochasticdepth.processor.NetworkModel.Parameter;
import dev.stochasticdepth.processor.ValidationReport.Site;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * The constructors stage of a definition: a network whose layers include instance methods creates
 * an instance of the definition, so it mirrors each constructor the definition lets it call.
 */
final class ConstructorMirror {

    private ConstructorMirror() {}

    /**
     * Returns the constructors the network mirrors: none if every layer is static, else each
     * non-private constructor of the definition, which must be able to create an instance.
     *
     * @param definition the definition class
     * @param layers its valid layers
     * @param report where a definition that cannot be created is reported, on its first instance
     *     layer
     * @return the constructors in declaration order
     * @throws Deferral if a constructor references a type that does not exist
     */
    static List<Constructor> mirror(
            TypeElement definition, List<CollectedLayer> layers, ValidationReport report)
            throws Deferral {
        Optional<CollectedLayer> firstInstance =
                layers.stream().filter(layer -> !layer.spec().isStatic()).findFirst();
        if (firstInstance.isEmpty()) {
            return List.of();
        }
        Site onLayer = Site.of(firstInstance.get().method());
        String layerName = LayerCollector.describe(firstInstance.get().method(), definition);
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
}
