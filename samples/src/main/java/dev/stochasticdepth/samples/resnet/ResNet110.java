package dev.stochasticdepth.samples.resnet;

import ai.djl.nn.Block;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/**
 * ResNet-110 in the CIFAR layout of He et al. (2016): a 3x3 stem, 3 stages of 18 basic
 * units with 16, 32 and 64 filters (54 units, 110 weighted layers), and a linear classifier.
 *
 * <p>Stochastic depth drops the deepest unit with rate 0.5, linearly less for shallower ones, the
 * setting of Huang et al. (2016) for CIFAR. Downsampling units use a 1x1 projection shortcut
 * (He et al.'s option B) instead of the paper's zero padding. The processor generates
 * {@code StochasticResNet110} from this definition.
 */
@StochasticDepth(drop = 0.5, distribution = Distribution.LINEAR, target = BasicUnit.class)
public final class ResNet110 {

    private final int classes;

    /**
     * Defines the network.
     *
     * @param classes the number of outputs of the classifier
     */
    public ResNet110(int classes) {
        this.classes = classes;
    }

    /**
     * Returns the 3x3 stem.
     *
     * @return the stem
     */
    @Layer(order = 0)
    Block stem() {
        return Layers.cifarStem();
    }

    /**
     * Returns unit {@code i} of stage 1 (16 filters).
     *
     * @param i the 0-based unit, of 18
     * @return the unit
     */
    @Layer(order = 1, repeat = 18)
    BasicUnit stage1(int i) {
        return BasicUnit.cifar(0, i);
    }

    /**
     * Returns unit {@code i} of stage 2 (32 filters).
     *
     * @param i the 0-based unit, of 18
     * @return the unit
     */
    @Layer(order = 2, repeat = 18)
    BasicUnit stage2(int i) {
        return BasicUnit.cifar(1, i);
    }

    /**
     * Returns unit {@code i} of stage 3 (64 filters).
     *
     * @param i the 0-based unit, of 18
     * @return the unit
     */
    @Layer(order = 3, repeat = 18)
    BasicUnit stage3(int i) {
        return BasicUnit.cifar(2, i);
    }

    /**
     * Returns global average pooling and the classifier.
     *
     * @return the head
     */
    @Layer(order = 4)
    Block head() {
        return Layers.head(classes);
    }
}
