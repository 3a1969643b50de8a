package dev.stochasticdepth.samples.resnet;

import ai.djl.nn.Block;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/**
 * A pre-activation ResNet-20 (He et al., "Identity Mappings in Deep Residual Networks", 2016) in
 * the CIFAR layout: 3 stages of 3 pre-activation units with 16, 32 and 64 filters. Its units add
 * without a post-activation, so the head starts with the batch norm and ReLU that the last unit
 * leaves out.
 *
 * <p>Stochastic depth drops the deepest unit with rate 0.5, linearly less for shallower ones, the
 * setting of Huang et al. (2016) for CIFAR. Downsampling units use a 1x1 projection shortcut
 * (He et al.'s option B) instead of the paper's zero padding. The processor generates {@code
 * StochasticPreActResNet20} from this definition.
 */
@StochasticDepth(drop = 0.5, distribution = Distribution.LINEAR, target = PreActivationUnit.class)
public final class PreActResNet20 {

    private final int classes;

    /**
     * Defines the network.
     *
     * @param classes the number of outputs of the classifier
     */
    public PreActResNet20(int classes) {
        this.classes = classes;
    }

    /**
     * Returns a bare 3x3 convolution, since every unit starts with batch norm and ReLU.
     *
     * @return the stem
     */
    @Layer(order = 0)
    Block stem() {
        return Layers.conv(16, 3, 1);
    }

    /**
     * Returns unit {@code i} of stage 1 (16 filters).
     *
     * @param i the 0-based unit, of 3
     * @return the unit
     */
    @Layer(order = 1, repeat = 3)
    PreActivationUnit stage1(int i) {
        return PreActivationUnit.cifar(0, i);
    }

    /**
     * Returns unit {@code i} of stage 2 (32 filters).
     *
     * @param i the 0-based unit, of 3
     * @return the unit
     */
    @Layer(order = 2, repeat = 3)
    PreActivationUnit stage2(int i) {
        return PreActivationUnit.cifar(1, i);
    }

    /**
     * Returns unit {@code i} of stage 3 (64 filters).
     *
     * @param i the 0-based unit, of 3
     * @return the unit
     */
    @Layer(order = 3, repeat = 3)
    PreActivationUnit stage3(int i) {
        return PreActivationUnit.cifar(2, i);
    }

    /**
     * Returns batch norm, ReLU, global average pooling and the classifier.
     *
     * @return the head
     */
    @Layer(order = 4)
    Block head() {
        return Layers.preActivationHead(classes);
    }
}
