package dev.stochasticdepth.samples;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.listener.TrainingListener;

import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.DropRateWarmup;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.samples.data.FashionMnist;

import java.util.List;

/**
 * Builds the networks that {@code train} and {@code compare} train: a generated network with chosen
 * rates, method, scaling and skipping, and its plain twin.
 *
 * <p>A generated block compiles in its method, scaling and skipping, so asking for others than the
 * definition's applies {@link StochasticDepth} surgery, which swaps the generated blocks for the
 * runtime's general {@link StochasticResidualBlock} around the same branches and shortcuts. The
 * plain twin is a fresh generated network passed through {@link StochasticDepth#strip}: the same
 * layers and parameters, each residual a plain {@code ParallelBlock}, so that under one seed both
 * start from the same weights.
 */
final class GeneratedNetworks {

    private GeneratedNetworks() {}

    /**
     * Returns the settings the definition of {@code network} compiled in, as its first stochastic
     * block holds them.
     *
     * @param network the generated network
     * @return a block of a new, uninitialised instance
     */
    static StochasticResidualBlock compiled(SampleNetwork network) {
        return StochasticDepth.find(network.create(FashionMnist.CLASSES)).get(0);
    }

    /**
     * Returns a new instance of the generated network with the given settings.
     *
     * @param network the generated network
     * @param dropRates p_1..p_L
     * @param method the method, or {@code null} for the definition's
     * @param scaling the scaling, or {@code null} for the definition's
     * @param skipDropped whether dropped samples skip the branch, or {@code null} for the
     *     definition's
     * @return the generated network itself if method, scaling and skipping are the definition's,
     *     else the generated network after surgery; its rates are {@code dropRates}
     * @throws IllegalArgumentException if a setting is invalid, such as skipping with {@code BLOCK}
     */
    static Block stochastic(
            SampleNetwork network,
            List<Float> dropRates,
            StochasticMethod method,
            Scaling scaling,
            Boolean skipDropped) {
        SequentialBlock generated = network.create(FashionMnist.CLASSES);
        StochasticResidualBlock compiled = StochasticDepth.find(generated).get(0);
        StochasticMethod wantedMethod = method != null ? method : compiled.getMethod();
        Scaling wantedScaling = scaling != null ? scaling : compiled.getScaling();
        boolean wantedSkip = skipDropped != null ? skipDropped : compiled.isSkipDropped();
        Block stochastic =
                wantedMethod == compiled.getMethod()
                                && wantedScaling == compiled.getScaling()
                                && wantedSkip == compiled.isSkipDropped()
                        ? generated
                        : surgery(generated, dropRates, wantedMethod, wantedScaling, wantedSkip);
        StochasticBlocks.setDropRates(stochastic, dropRates);
        return stochastic;
    }

    /**
     * Returns the plain twin of the generated network: a new instance, stripped of stochastic
     * depth.
     *
     * @param network the generated network
     * @return the network with a plain {@code ParallelBlock} for every residual
     */
    static Block plain(SampleNetwork network) {
        return StochasticDepth.strip(network.create(FashionMnist.CLASSES));
    }

    /**
     * Rewrites {@code model} by surgery with the given settings; the caller then sets the exact
     * rates.
     *
     * @param model the model to rewrite in place
     * @param dropRates p_1..p_L; surgery takes the deepest
     * @param method the method
     * @param scaling the scaling
     * @param skipDropped whether dropped samples skip the branch
     * @return the rewritten model
     * @throws IllegalArgumentException if a setting is invalid or {@code model} has no residual
     */
    static Block surgery(
            Block model,
            List<Float> dropRates,
            StochasticMethod method,
            Scaling scaling,
            boolean skipDropped) {
        return StochasticDepth.builder()
                .drop(dropRates.get(dropRates.size() - 1))
                .method(method)
                .scaling(scaling)
                .skipDropped(skipDropped)
                .build()
                .apply(model);
    }

    /**
     * Returns DJL's model-zoo {@code ResNetV1} of {@code network}'s depth for Fashion-MNIST: on
     * 28x28 images it has the CIFAR layout, which exists for ResNet-20, -56 and -110.
     *
     * @param network the sample network whose depth to take
     * @return a new, untouched ResNetV1
     * @throws IllegalArgumentException if ResNetV1 has no such depth for 28x28 images
     */
    static Block zooResNet(SampleNetwork network) {
        int layers =
                switch (network) {
                    case RESNET20 -> 20;
                    case RESNET56 -> 56;
                    case RESNET110 -> 110;
                    default ->
                            throw new IllegalArgumentException(
                                    "--surgery trains model-zoo ResNetV1, whose 28x28 layout exists"
                                            + " for resnet20, resnet56 and resnet110, not "
                                            + network.id());
                };
        return ResNetV1.builder()
                .setImageShape(new Shape(1, FashionMnist.SIDE, FashionMnist.SIDE))
                .setNumLayers(layers)
                .setOutSize(FashionMnist.CLASSES)
                .build();
    }

    /**
     * Returns the listeners of a drop-rate warmup.
     *
     * @param steps the training batches of the ramp, 0 for none
     * @return a {@link DropRateWarmup}, or no listener for 0
     */
    static List<TrainingListener> warmup(int steps) {
        return steps > 0 ? List.of(new DropRateWarmup(steps)) : List.of();
    }
}
