package dev.stochasticdepth.benchmarks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.stochasticdepth.runtime.StochasticDepth;
import java.util.function.Supplier;

/** A benchmarked network, with the input batch it is measured on. */
public enum Network {
    /** CIFAR ResNet-56 on batches of 64 RGB images of 32x32. */
    RESNET56(
            "ResNet-56",
            new Shape(64, 3, 32, 32),
            StochasticResNet56Variants_Sample::new,
            StochasticResNet56Variants_SampleTraining::new,
            StochasticResNet56Variants_SampleSkip::new,
            StochasticResNet56Variants_SampleSkipTraining::new,
            StochasticResNet56Variants_BlockWise::new,
            StochasticResNet56Variants_BlockWiseTraining::new),
    /** ImageNet-layout ResNet-50 on batches of 8 RGB images of 64x64, sized for 2 cores. */
    RESNET50(
            "ResNet-50",
            new Shape(8, 3, 64, 64),
            StochasticResNet50Variants_Sample::new,
            StochasticResNet50Variants_SampleTraining::new,
            StochasticResNet50Variants_SampleSkip::new,
            StochasticResNet50Variants_SampleSkipTraining::new,
            StochasticResNet50Variants_BlockWise::new,
            StochasticResNet50Variants_BlockWiseTraining::new);

    private final String label;
    private final Shape inputShape;
    private final Supplier<Block>[] stochastic;

    @SafeVarargs
    Network(String label, Shape inputShape, Supplier<Block>... stochastic) {
        this.label = label;
        this.inputShape = inputShape;
        this.stochastic = stochastic;
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
     * Builds a new, uninitialized network of the given variant; {@link Variant#PLAIN} is the
     * stochastic network with {@link StochasticDepth#strip} applied, and {@link
     * Variant#SAMPLE_SURGERY} the plain one with the default {@link StochasticDepth#apply}.
     *
     * @param variant the variant
     * @return the network
     */
    public Block build(Variant variant) {
        if (variant == Variant.PLAIN) {
            return StochasticDepth.strip(build(Variant.SAMPLE));
        }
        if (variant == Variant.SAMPLE_SURGERY) {
            return StochasticDepth.builder()
                    .drop(ResNetParts.DROP)
                    .build()
                    .apply(build(Variant.PLAIN));
        }
        return stochastic[variant.ordinal() - 1].get();
    }
}
