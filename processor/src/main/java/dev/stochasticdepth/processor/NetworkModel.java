package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;

import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.StochasticDepthSettings;

import java.util.List;
import java.util.Optional;

import javax.lang.model.element.Modifier;

/**
 * One validated {@code @StochasticDepth} definition: everything {@link NetworkWriter} needs, and
 * nothing that would make it query the compiler.
 *
 * @param definition the annotated definition class
 * @param network the class to generate
 * @param settings the definition's drop rate, distribution, method, scaling and skipDropped
 * @param constructors the definition's constructors the network mirrors; empty when every layer
 *     method is static, and the network then has one constructor without parameters
 * @param layerExceptions the exceptions that building the layers may throw, in declaration order
 * @param layers the layers in assembly order
 * @param targets the stochastic unit types, in {@code target} order
 * @param targetLayers the stochastic {@code @ResidualLayer} types, in {@code target} order
 * @param sublayerUnits the units of the target layers' sublayers that are not targets themselves,
 *     in first-use order: each gets a stochastic block class like a target
 * @param plainUnits the other {@code @Residual} types the layers return, and the units of the plain
 *     layers' sublayers, in first-use order
 * @param plainLayers the {@code @ResidualLayer} types the layers return that are not targets, in
 *     first-use order
 * @param dropRates the drop rate of each stochastic block, in assembly order
 */
record NetworkModel(
        ClassName definition,
        ClassName network,
        StochasticDepthSettings settings,
        List<Constructor> constructors,
        List<TypeName> layerExceptions,
        List<Layer> layers,
        List<Unit> targets,
        List<ResidualLayerUnit> targetLayers,
        List<Unit> sublayerUnits,
        List<Unit> plainUnits,
        List<ResidualLayerUnit> plainLayers,
        List<Float> dropRates) {

    NetworkModel {
        constructors = List.copyOf(constructors);
        layerExceptions = List.copyOf(layerExceptions);
        layers = List.copyOf(layers);
        targets = List.copyOf(targets);
        targetLayers = List.copyOf(targetLayers);
        sublayerUnits = List.copyOf(sublayerUnits);
        plainUnits = List.copyOf(plainUnits);
        plainLayers = List.copyOf(plainLayers);
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
        PLAIN,
        /** A target {@code @ResidualLayer}, wrapped in its stochastic layer block. */
        STOCHASTIC_LAYER,
        /** Another {@code @ResidualLayer}, a plain {@code SequentialBlock} of plain residuals. */
        PLAIN_LAYER;

        /** Returns whether layers of this kind count in the depth L. */
        boolean isStochastic() {
            return this == STOCHASTIC || this == STOCHASTIC_LAYER;
        }
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
     * @param residualLayer the layer type for {@link LayerKind#STOCHASTIC_LAYER} and {@link
     *     LayerKind#PLAIN_LAYER}
     * @param firstBlock for the stochastic kinds, the 0-based position of its first block or layer
     *     in the schedule
     */
    record Layer(
            ClassName owner,
            String method,
            int repeat,
            boolean takesIndex,
            boolean isStatic,
            LayerKind kind,
            Optional<Unit> unit,
            Optional<ResidualLayerUnit> residualLayer,
            int firstBlock) {

        /** Returns the simple name of the nested class that wraps a stochastic layer's result. */
        String blockName() {
            return kind == LayerKind.STOCHASTIC_LAYER
                    ? residualLayer.orElseThrow().blockName()
                    : unit.orElseThrow().blockName();
        }
    }

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
     * A {@code @ResidualLayer} type: residuals that share one rate and one position in the
     * schedule.
     *
     * @param type the layer type as the generated code names it (with wildcards if generic)
     * @param blockName the simple name of its nested stochastic layer class
     * @param sublayers its {@code @Sublayer} methods in ascending order
     * @param exceptions the exceptions its sublayer methods and their units' methods declare
     */
    record ResidualLayerUnit(
            TypeName type, String blockName, List<Sublayer> sublayers, List<TypeName> exceptions) {

        ResidualLayerUnit {
            sublayers = List.copyOf(sublayers);
            exceptions = List.copyOf(exceptions);
        }
    }

    /**
     * One {@code @Sublayer} method of a residual layer.
     *
     * @param method the method's name
     * @param unit the {@code @Residual} unit it returns
     */
    record Sublayer(String method, Unit unit) {}

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
