package dev.stochasticdepth.samples;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.nn.SequentialBlock;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.runtime.StochasticDepth;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.List;

/**
 * The catalogue's model-zoo network: DJL's {@code MobileNetV2}, made stochastic by {@link
 * StochasticDepth} surgery rather than generated.
 *
 * <p>The zoo network takes Fashion-MNIST's 28x28 single-channel images as they are: its
 * convolutions infer their input channels, and its default strides (2 in the stem, then 1, 2, 2, 2,
 * 1, 2, 1 in the seven stages) take 28 pixels down to 14, 7, 4, 2 and 1, so the last two stages and
 * the 1x1 head run on one pixel. That is how DJL's own {@code djl-zero} trains it on small images;
 * upsampling to 224, the size the paper uses, would cost some 64 times the compute for a sample.
 * On one pixel, though, a training batch of a single image leaves batch norm one value per channel,
 * which PyTorch refuses: {@link #checkTrainingBatches} says so before anything trains.
 */
final class ZooNetworks {

    /** The rate of the deepest inverted residual, EfficientNet-B0's drop connect rate. */
    static final double MOBILENETV2_DROP = 0.2;

    /** The schedule: surgery's default, the linear rule of Huang et al. (2016). */
    static final Distribution MOBILENETV2_DISTRIBUTION = Distribution.LINEAR;

    private ZooNetworks() {}

    /**
     * Returns DJL's model-zoo MobileNetV2 as its builder makes it by default, untouched: the plain
     * twin.
     *
     * @param classes the number of outputs
     * @return the zoo network, 17 inverted bottlenecks, 10 of them {@code ParallelBlock}s with an
     *     identity skip
     */
    static SequentialBlock mobileNetV2(int classes) {
        return (SequentialBlock) MobileNetV2.builder().setOutSize(classes).build();
    }

    /**
     * Returns DJL's model-zoo MobileNetV2 with its 10 inverted residuals with a skip made
     * stochastic by surgery, drop {@value #MOBILENETV2_DROP}, linear.
     *
     * @param classes the number of outputs
     * @return the rewritten zoo network
     */
    static SequentialBlock stochasticMobileNetV2(int classes) {
        SequentialBlock net = mobileNetV2(classes);
        StochasticDepth.builder()
                .drop(MOBILENETV2_DROP)
                .distribution(MOBILENETV2_DISTRIBUTION)
                .build()
                .apply(net);
        return net;
    }

    /**
     * Refuses a training set that {@code network} cannot be trained on in batches of {@code
     * batchSize}: for MobileNetV2, any batch of one image (batch size 1, or one image left over),
     * since its last stages see one pixel of a 28x28 image and batch norm needs two values per
     * channel in training.
     *
     * @param network the network to train
     * @param images the training images
     * @param batchSize the batch size
     * @param spec the command, for the error
     * @throws ParameterException naming the remedy, if a batch would have one image
     */
    static void checkTrainingBatches(
            SampleNetwork network, int images, int batchSize, CommandSpec spec) {
        if (network == SampleNetwork.MOBILENETV2 && (batchSize == 1 || images % batchSize == 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "mobilenetv2 cannot train on a batch of one image (its last stages see one"
                            + " pixel, and batch norm needs two values per channel): "
                            + images
                            + " training images in batches of "
                            + batchSize
                            + (batchSize == 1 ? " are one image each" : " leave one over")
                            + "; change --batch or --limit");
        }
    }

    /**
     * Returns the rates {@link #stochasticMobileNetV2} gives its blocks.
     *
     * @return p_1..p_10
     */
    static List<Float> mobileNetV2Rates() {
        return StochasticBlocks.dropRates(stochasticMobileNetV2(10));
    }
}
