package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;

import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.processor.NetworkModel.Constructor;
import dev.stochasticdepth.processor.NetworkModel.LayerKind;
import dev.stochasticdepth.processor.NetworkModel.ResidualLayerUnit;
import dev.stochasticdepth.processor.NetworkModel.Unit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The last stage before the writer: builds the {@link NetworkModel} of a valid definition from
 * what the earlier stages resolved, puts the layers in assembly order, numbers the stochastic
 * blocks and takes their rates from the settings. It asks the compiler nothing, so it sees only
 * names and values.
 */
final class ModelAssembler {

    /**
     * One valid layer method, resolved.
     *
     * @param owner the class that declares the method: the definition or a superclass
     * @param method the method's name
     * @param order its {@code order}, which sorts the layers
     * @param repeat how many times it is called
     * @param takesIndex whether it takes the 0-based repetition index
     * @param isStatic whether it is static
     * @param kind how its result is added
     * @param unit the unit type for the unit kinds
     * @param residualLayer the layer type for the layer kinds
     * @param exceptions the exceptions the method declares
     */
    record LayerSpec(
            ClassName owner,
            String method,
            int order,
            int repeat,
            boolean takesIndex,
            boolean isStatic,
            LayerKind kind,
            Optional<Unit> unit,
            Optional<ResidualLayerUnit> residualLayer,
            List<TypeName> exceptions) {

        LayerSpec {
            exceptions = List.copyOf(exceptions);
        }
    }

    /**
     * The unit and layer types a network generates code for, each in first-use order.
     *
     * @param targets the stochastic unit types, in {@code target} order
     * @param targetLayers the stochastic {@code @ResidualLayer} types, in {@code target} order
     * @param sublayerUnits the units of the target layers' sublayers that are not targets
     * @param plainUnits the other {@code @Residual} types the layers use
     * @param plainLayers the {@code @ResidualLayer} types the layers return that are not targets
     */
    record Units(
            List<Unit> targets,
            List<ResidualLayerUnit> targetLayers,
            List<Unit> sublayerUnits,
            List<Unit> plainUnits,
            List<ResidualLayerUnit> plainLayers) {}

    private ModelAssembler() {}

    /**
     * Builds the model of a valid definition.
     *
     * @param definition the definition class
     * @param network the class to generate
     * @param settings the definition's settings
     * @param constructors the constructors the network mirrors
     * @param layers the valid layers in collection order, at least one of them stochastic
     * @param units the unit and layer types the layers use
     * @return the model, its layers in {@code order} and its rates in assembly order
     */
    static NetworkModel assemble(
            ClassName definition,
            ClassName network,
            StochasticDepthSettings settings,
            List<Constructor> constructors,
            List<LayerSpec> layers,
            Units units) {
        // In collection order, so that the generated throws clauses read like the definition.
        Set<TypeName> layerExceptions = new LinkedHashSet<>();
        for (LayerSpec layer : layers) {
            layerExceptions.addAll(layer.exceptions());
            layer.unit().ifPresent(unit -> layerExceptions.addAll(unit.exceptions()));
            layer.residualLayer()
                    .ifPresent(residualLayer -> layerExceptions.addAll(residualLayer.exceptions()));
        }
        List<LayerSpec> assembly = new ArrayList<>(layers);
        assembly.sort(Comparator.comparingInt(LayerSpec::order));
        List<NetworkModel.Layer> modelLayers = new ArrayList<>();
        int depth = 0;
        for (LayerSpec layer : assembly) {
            modelLayers.add(
                    new NetworkModel.Layer(
                            layer.owner(),
                            layer.method(),
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
        // A valid definition has a target and a layer using it, so depth is at least 1.
        List<Float> dropRates = new ArrayList<>(depth);
        for (float rate : settings.rates(depth)) {
            dropRates.add(rate);
        }
        return new NetworkModel(
                definition,
                network,
                settings,
                constructors,
                List.copyOf(layerExceptions),
                modelLayers,
                units.targets(),
                units.targetLayers(),
                units.sublayerUnits(),
                units.plainUnits(),
                units.plainLayers(),
                dropRates);
    }
}
