package dev.stochasticdepth.benchmarks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.runtime.StochasticDepth;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A benchmarked network, with the input batch it is measured on and its generated definitions, one
 * per measured setting: the processor specialises a generated forward to its method, scaling and
 * skipping, so each measured setting needs a definition of its own ({@link ResNet56Variants},
 * {@link ResNet50Variants}), found here by its {@code SETTINGS}.
 */
public enum Network {
    /** CIFAR ResNet-56 on batches of 64 RGB images of 32x32. */
    RESNET56(
            "ResNet-56",
            new Shape(64, 3, 32, 32),
            generated(
                    StochasticResNet56Variants_Sample.SETTINGS,
                    StochasticResNet56Variants_Sample::new),
            generated(
                    StochasticResNet56Variants_SampleTraining.SETTINGS,
                    StochasticResNet56Variants_SampleTraining::new),
            generated(
                    StochasticResNet56Variants_SampleSkip.SETTINGS,
                    StochasticResNet56Variants_SampleSkip::new),
            generated(
                    StochasticResNet56Variants_SampleSkipTraining.SETTINGS,
                    StochasticResNet56Variants_SampleSkipTraining::new),
            generated(
                    StochasticResNet56Variants_BlockWise.SETTINGS,
                    StochasticResNet56Variants_BlockWise::new),
            generated(
                    StochasticResNet56Variants_BlockWiseTraining.SETTINGS,
                    StochasticResNet56Variants_BlockWiseTraining::new)),
    /** ImageNet-layout ResNet-50 on batches of 8 RGB images of 64x64, sized for 2 cores. */
    RESNET50(
            "ResNet-50",
            new Shape(8, 3, 64, 64),
            generated(
                    StochasticResNet50Variants_Sample.SETTINGS,
                    StochasticResNet50Variants_Sample::new),
            generated(
                    StochasticResNet50Variants_SampleTraining.SETTINGS,
                    StochasticResNet50Variants_SampleTraining::new),
            generated(
                    StochasticResNet50Variants_SampleSkip.SETTINGS,
                    StochasticResNet50Variants_SampleSkip::new),
            generated(
                    StochasticResNet50Variants_SampleSkipTraining.SETTINGS,
                    StochasticResNet50Variants_SampleSkipTraining::new),
            generated(
                    StochasticResNet50Variants_BlockWise.SETTINGS,
                    StochasticResNet50Variants_BlockWise::new),
            generated(
                    StochasticResNet50Variants_BlockWiseTraining.SETTINGS,
                    StochasticResNet50Variants_BlockWiseTraining::new));

    private final String label;
    private final Shape inputShape;
    private final Map<StochasticDepthSettings, Supplier<Block>> definitions;

    @SafeVarargs
    Network(
            String label,
            Shape inputShape,
            Map.Entry<StochasticDepthSettings, Supplier<Block>>... definitions) {
        this.label = label;
        this.inputShape = inputShape;
        // Map.ofEntries refuses two definitions of one setting.
        this.definitions = Map.ofEntries(definitions);
    }

    private static Map.Entry<StochasticDepthSettings, Supplier<Block>> generated(
            StochasticDepthSettings settings, Supplier<Block> definition) {
        return Map.entry(settings, definition);
    }

    /**
     * Returns the name of the network in the results table.
     *
     * @return a short name
     */
    public String label() {
        return label;
    }

    /**
     * Returns the shape of the input batch, {@code (N, C, H, W)}.
     *
     * @return the shape
     */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * Returns the number of unmeasured invocations before the measurement, enough for libtorch's
     * allocator and oneDNN's kernel caches to settle.
     *
     * @param operation the measured operation
     * @return the warmup iterations
     */
    int warmup(Operation operation) {
        return switch (operation) {
            case TRAINING -> 3;
            case INFERENCE -> 4;
            case MEMORY -> 1;
        };
    }

    /**
     * Returns the number of measured invocations, each one JMH iteration: a pair of steps (plain
     * and variant) for the timed operations, one step for {@link Operation#MEMORY}.
     *
     * @param operation the measured operation
     * @return the measurement iterations
     */
    int measured(Operation operation) {
        return switch (operation) {
            case TRAINING -> this == RESNET56 ? 24 : 30;
            case INFERENCE -> 40;
            case MEMORY -> 3;
        };
    }

    /**
     * Builds a new, uninitialized network of the given variant: the generated definition whose
     * {@code SETTINGS} are the variant's; {@link Variant#PLAIN} is {@link Variant#SAMPLE}'s network
     * with {@link StochasticDepth#strip} applied, and a variant {@linkplain Variant#bySurgery() by
     * surgery} the plain one after {@link StochasticDepth#apply} with the variant's settings.
     *
     * @param variant the variant
     * @return the network
     * @throws IllegalStateException if no definition of this network compiles the variant's
     *     settings
     */
    public Block build(Variant variant) {
        if (variant == Variant.PLAIN) {
            return StochasticDepth.strip(build(Variant.SAMPLE));
        }
        if (variant.bySurgery()) {
            return StochasticDepth.builder()
                    .settings(variant.settings())
                    .build()
                    .apply(build(Variant.PLAIN));
        }
        Supplier<Block> definition = definitions.get(variant.settings());
        if (definition == null) {
            throw new IllegalStateException(
                    "no definition of "
                            + label
                            + " compiles "
                            + variant.settings().describe()
                            + "; it has "
                            + definitions.keySet().stream()
                                    .map(StochasticDepthSettings::describe)
                                    .collect(Collectors.joining("; ")));
        }
        return definition.get();
    }
}
