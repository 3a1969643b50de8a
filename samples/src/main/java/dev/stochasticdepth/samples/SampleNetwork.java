package dev.stochasticdepth.samples;

import ai.djl.nn.SequentialBlock;

import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.samples.efficientnet.StochasticMiniEfficientNet;
import dev.stochasticdepth.samples.resnet.StochasticPreActResNet20;
import dev.stochasticdepth.samples.resnet.StochasticResNet101;
import dev.stochasticdepth.samples.resnet.StochasticResNet110;
import dev.stochasticdepth.samples.resnet.StochasticResNet1202;
import dev.stochasticdepth.samples.resnet.StochasticResNet152;
import dev.stochasticdepth.samples.resnet.StochasticResNet18;
import dev.stochasticdepth.samples.resnet.StochasticResNet20;
import dev.stochasticdepth.samples.resnet.StochasticResNet34;
import dev.stochasticdepth.samples.resnet.StochasticResNet50;
import dev.stochasticdepth.samples.resnet.StochasticResNet56;
import dev.stochasticdepth.samples.vit.StochasticVisionTransformer;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The networks the command-line program offers: the classes the annotation processor generated from
 * the definitions in {@code dev.stochasticdepth.samples.resnet}, {@code
 * dev.stochasticdepth.samples.efficientnet} and {@code dev.stochasticdepth.samples.vit}, and DJL's
 * model-zoo MobileNetV2 made stochastic by surgery ({@link ZooNetworks}).
 */
public enum SampleNetwork {
    /** CIFAR-layout ResNet-20, 9 basic units, drop 0.5 linear. */
    RESNET20("resnet20", StochasticResNet20::new, StochasticResNet20::dropRates),
    /** CIFAR-layout ResNet-56, 27 basic units, drop 0.5 linear. */
    RESNET56("resnet56", StochasticResNet56::new, StochasticResNet56::dropRates),
    /** CIFAR-layout ResNet-110, 54 basic units, drop 0.5 linear. */
    RESNET110("resnet110", StochasticResNet110::new, StochasticResNet110::dropRates),
    /** CIFAR-layout ResNet-1202, 600 basic units, drop 0.5 linear. */
    RESNET1202("resnet1202", StochasticResNet1202::new, StochasticResNet1202::dropRates),
    /** CIFAR-layout pre-activation ResNet-20, 9 units without post-activation, drop 0.5 linear. */
    PREACT_RESNET20(
            "preact-resnet20", StochasticPreActResNet20::new, StochasticPreActResNet20::dropRates),
    /** ImageNet-layout ResNet-18, 8 basic units, drop 0.1 linear. */
    RESNET18("resnet18", StochasticResNet18::new, StochasticResNet18::dropRates),
    /** ImageNet-layout ResNet-34, 16 basic units, drop 0.1 linear. */
    RESNET34("resnet34", StochasticResNet34::new, StochasticResNet34::dropRates),
    /** ImageNet-layout ResNet-50, 16 bottleneck units, drop 0.1 linear. */
    RESNET50("resnet50", StochasticResNet50::new, StochasticResNet50::dropRates),
    /** ImageNet-layout ResNet-101, 33 bottleneck units, drop 0.1 linear. */
    RESNET101("resnet101", StochasticResNet101::new, StochasticResNet101::dropRates),
    /** ImageNet-layout ResNet-152, 50 bottleneck units, drop 0.1 linear. */
    RESNET152("resnet152", StochasticResNet152::new, StochasticResNet152::dropRates),
    /**
     * DJL's model-zoo MobileNetV2 (builder defaults) by surgery, 10 inverted residuals with a skip,
     * drop 0.2 linear; its plain twin is the untouched zoo network.
     */
    MOBILENETV2(
            "mobilenetv2",
            ZooNetworks::stochasticMobileNetV2,
            ZooNetworks::mobileNetV2Rates,
            ZooNetworks::mobileNetV2),
    /**
     * EfficientNet-style network in the DSL, 5 inverted residuals with a skip among 9 blocks,
     * EfficientNet's schedule 0.2 k / 9 (LINEAR_FROM_ZERO, drop 0.178).
     */
    EFFICIENTNET_MINI(
            "efficientnet-mini",
            StochasticMiniEfficientNet::new,
            StochasticMiniEfficientNet::dropRates),
    /**
     * A vision transformer of 6 pre-norm encoder layers (dim 64, 4 heads, 4x4 patches), drop 0.1
     * rising linearly from 0 over the layers, each layer's two residuals at its rate.
     */
    VIT("vit", StochasticVisionTransformer::new, StochasticVisionTransformer::dropRates);

    private final String id;
    private final IntFunction<SequentialBlock> factory;
    private final Supplier<List<Float>> dropRates;
    private final IntFunction<SequentialBlock> plain;

    SampleNetwork(
            String id, IntFunction<SequentialBlock> factory, Supplier<List<Float>> dropRates) {
        this(id, factory, dropRates, classes -> strip(factory.apply(classes)));
    }

    SampleNetwork(
            String id,
            IntFunction<SequentialBlock> factory,
            Supplier<List<Float>> dropRates,
            IntFunction<SequentialBlock> plain) {
        this.id = id;
        this.factory = factory;
        this.dropRates = dropRates;
        this.plain = plain;
    }

    private static SequentialBlock strip(SequentialBlock network) {
        StochasticDepth.strip(network);
        return network;
    }

    /**
     * Returns the network whose command-line name is {@code id}, ignoring case.
     *
     * @param id a name such as {@code resnet20}
     * @return the network
     * @throws IllegalArgumentException if no network has that name, listing the names
     */
    public static SampleNetwork forId(String id) {
        for (SampleNetwork network : values()) {
            if (network.id.equalsIgnoreCase(id)) {
                return network;
            }
        }
        throw new IllegalArgumentException("unknown model '" + id + "', expected one of " + ids());
    }

    /**
     * Returns the command-line names of all networks, comma separated.
     *
     * @return the names in declaration order
     */
    public static String ids() {
        return Arrays.stream(values()).map(SampleNetwork::id).collect(Collectors.joining(", "));
    }

    /**
     * Returns the command-line name.
     *
     * @return for example {@code resnet20}
     */
    public String id() {
        return id;
    }

    /**
     * Creates a new, uninitialised instance of the generated network (or of the model-zoo network
     * after surgery).
     *
     * @param classes the number of outputs
     * @return the generated {@code SequentialBlock}, with the definition's drop rates
     */
    public SequentialBlock create(int classes) {
        return factory.apply(classes);
    }

    /**
     * Creates a new, uninitialised instance of the plain twin: the same layers and parameter layout
     * with every residual a plain {@code ParallelBlock}, so that under one seed it starts from the
     * stochastic network's weights.
     *
     * @param classes the number of outputs
     * @return the generated network after {@link StochasticDepth#strip}, or the untouched model-zoo
     *     network
     */
    public SequentialBlock plain(int classes) {
        return plain.apply(classes);
    }

    /**
     * Returns the drop rates that the processor computed from the definition's annotation.
     *
     * @return p_1..p_L of the generated network (for a surgery network, the rates surgery gives)
     */
    public List<Float> dropRates() {
        return dropRates.get();
    }

    /**
     * Returns the command-line name, as picocli shows defaults with it.
     *
     * @return {@link #id()}
     */
    @Override
    public String toString() {
        return id;
    }
}
