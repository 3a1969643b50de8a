package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;

import java.util.List;
import java.util.Optional;

import javax.lang.model.element.Modifier;

/**
 * One validated {@code @StochasticDepth} definition: everything {@link NetworkWriter} needs, and
 * nothing that would make it query the compiler.
 *
 * @param definition the annotated definition class
 * @param network the class to generate
 * @param distribution the rate schedule
 * @param drop the rate of the deepest stochastic block
 * @param method the keep decision's granularity
 * @param scaling where branches are rescaled
 * @param skipDropped whether dropped samples skip the branch
 * @param constructors the definition's constructors the network mirrors; empty when every layer
 *     method is static, and the network then has one constructor without parameters
 * @param layerExceptions the exceptions that building the layers may throw, in declaration order
 * @param layers the layers in assembly order
 * @param targets the stochastic unit types, in {@code target} order
 * @param plainUnits the other {@code @Residual} types the layers return, in first-use order
 * @param dropRates the drop rate of each stochastic block, in assembly order
 */
record NetworkModel(
        ClassName definition,
        ClassName network,
        Distribution distribution,
        double drop,
        StochasticMethod method,
        Scaling scaling,
        boolean skipDropped,
        List<Constructor> constructors,
        List<TypeName> layerExceptions,
        List<Layer> layers,
        List<Unit> targets,
        List<Unit> plainUnits,
        List<Float> dropRates) {

    NetworkModel {
        constructors = List.copyOf(constructors);
        layerExceptions = List.copyOf(layerExceptions);
        layers = List.copyOf(layers);
        targets = List.copyOf(targets);
        plainUnits = List.copyOf(plainUnits);
        dropRates = List.copyOf(dropRates);
    }

    /**
     * Returns whether the network creates an instance of the definition, that is whether some layer
     * method is an instance method.
     *
     * @return {@code true} if the constructors mirror the definition's
     */
    boolean instantiatesDefinition() {
        return layers.stream().anyMatch(layer -> !layer.isStatic());
    }

    /** What a layer method returns, and so how the network adds it. */
    enum LayerKind {
        /** An {@code ai.djl.nn.Block}, added as it is. */
        BLOCK,
        /** A target unit, wrapped in its stochastic residual block. */
        STOCHASTIC,
        /** Another {@code @Residual} unit, wrapped in a plain residual block. */
        PLAIN
    }

    /**
     * One {@code @Layer} method.
     *
     * @param owner the class that declares the method: the definition or a superclass
     * @param method the method's name
     * @param repeat how many times it is called
     * @param takesIndex whether it takes the 0-based repetition index
     * @param isStatic whether it is static
     * @param kind how its result is added
     * @param unit the unit type for {@link LayerKind#STOCHASTIC} and {@link LayerKind#PLAIN}
     * @param firstBlock for {@link LayerKind#STOCHASTIC}, the 0-based index of its first block
     *     among all stochastic blocks
     */
    record Layer(
            ClassName owner,
            String method,
            int repeat,
            boolean takesIndex,
            boolean isStatic,
            LayerKind kind,
            Optional<Unit> unit,
            int firstBlock) {}

    /**
     * A {@code @Residual} unit type.
     *
     * @param type the unit type as the generated code names it (with wildcards if generic)
     * @param blockName the simple name of its nested stochastic block class
     * @param branch the name of its {@code @Branch} method
     * @param shortcut the name of its {@code @Shortcut} method, absent for the identity
     * @param postActivation the activation after the addition
     * @param exceptions the exceptions its branch and shortcut methods declare
     */
    record Unit(
            TypeName type,
            String blockName,
            String branch,
            Optional<String> shortcut,
            PostActivation postActivation,
            List<TypeName> exceptions) {

        Unit {
            exceptions = List.copyOf(exceptions);
        }
    }

    /**
     * A constructor of the definition that the network mirrors.
     *
     * @param visibility its access modifier, absent for package-private
     * @param typeVariables its own type parameters
     * @param parameters its parameters
     * @param varargs whether the last parameter is variable-arity
     * @param exceptions the exceptions it declares
     */
    record Constructor(
            Optional<Modifier> visibility,
            List<TypeVariableName> typeVariables,
            List<Parameter> parameters,
            boolean varargs,
            List<TypeName> exceptions) {

        Constructor {
            typeVariables = List.copyOf(typeVariables);
            parameters = List.copyOf(parameters);
            exceptions = List.copyOf(exceptions);
        }
    }

    /**
     * A constructor parameter.
     *
     * @param type its type
     * @param name its name
     */
    record Parameter(TypeName type, String name) {}
}
