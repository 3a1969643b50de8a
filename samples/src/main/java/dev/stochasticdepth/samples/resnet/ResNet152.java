package dev.stochasticdepth.samples.resnet;

import ai.djl.nn.Block;
import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

/**
 * ResNet-152 in the ImageNet layout of He et al. (2016): a 7x7 stem, 50 bottleneck units in four
 * stages of 3, 8, 36, 3, and a linear classifier.
 *
 * <p>Stochastic depth drops the deepest unit with rate 0.1, linearly less for shallower ones: the
 * rate Composer measured for ResNet-50 and ResNet-101 on ImageNet, used here for every ImageNet
 * layout. The processor generates {@code StochasticResNet152} from this definition.
 */
@StochasticDepth(drop = 0.1, distribution = Distribution.LINEAR, target = BottleneckUnit.class)
public final class ResNet152 {

    private final int classes;

    /**
     * Defines the network.
     *
     * @param classes the number of outputs of the classifier
     */
    public ResNet152(int classes) {
        this.classes = classes;
    }

    /**
     * Returns the 7x7 stem with max pooling.
     *
     * @return the stem
     */
    @Layer(order = 0)
    Block stem() {
        return Layers.imageNetStem();
    }

    /**
     * Returns unit {@code i} of conv2_x.
     *
     * @param i the 0-based unit, of 3
     * @return the unit
     */
    @Layer(order = 1, repeat = 3)
    BottleneckUnit conv2(int i) {
        return BottleneckUnit.imageNet(0, i);
    }

    /**
     * Returns unit {@code i} of conv3_x.
     *
     * @param i the 0-based unit, of 8
     * @return the unit
     */
    @Layer(order = 2, repeat = 8)
    BottleneckUnit conv3(int i) {
        return BottleneckUnit.imageNet(1, i);
    }

    /**
     * Returns unit {@code i} of conv4_x.
     *
     * @param i the 0-based unit, of 36
     * @return the unit
     */
    @Layer(order = 3, repeat = 36)
    BottleneckUnit conv4(int i) {
        return BottleneckUnit.imageNet(2, i);
    }

    /**
     * Returns unit {@code i} of conv5_x.
     *
     * @param i the 0-based unit, of 3
     * @return the unit
     */
    @Layer(order = 4, repeat = 3)
    BottleneckUnit conv5(int i) {
        return BottleneckUnit.imageNet(3, i);
    }

    /**
     * Returns global average pooling and the classifier.
     *
     * @return the head
     */
    @Layer(order = 5)
    Block head() {
        return Layers.head(classes);
    }
}
