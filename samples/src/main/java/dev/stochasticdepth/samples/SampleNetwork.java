package dev.stochasticdepth.samples;

import ai.djl.basicmodelzoo.cv.classification.MobileNetV2;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.runtime.StochasticDepth;
import dev.stochasticdepth.samples.data.FashionMnist;
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
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The catalogue of the networks the command-line program, its tests and the benchmarks offer: for
 * each its command-line name, how to build it with stochastic depth and as its plain twin, and its
 * {@link StochasticDepthSettings}.
 *
 * <p>Most entries are the classes the annotation processor generated from the definitions in
 * {@code dev.stochasticdepth.samples.resnet}, {@code dev.stochasticdepth.samples.efficientnet} and
 * {@code dev.stochasticdepth.samples.vit}; their settings are the generated class's {@code
 * SETTINGS}, and their plain twin is a new instance after {@link StochasticDepth#strip}. {@link
 * #MOBILENETV2} is DJL's model-zoo MobileNetV2 made stochastic by {@link StochasticDepth} surgery
 * with its one settings constant; its plain twin is the untouched zoo network.
 *
 * <p>Other settings than an entry's own go through surgery ({@link #create(int,
 * StochasticDepthSettings)}): a generated block compiles in its method, scaling and skipping, so
 * surgery keeps the generated blocks that share the requested ones and only sets their rates, and
 * swaps the others for the runtime's general {@code StochasticResidualBlock} around the same
 * branches and shortcuts.
 */
public enum SampleNetwork {
    /** CIFAR-layout ResNet-20, 9 basic units, drop 0.5 linear; model-zoo ResNetV1-20 exists. */
    RESNET20(
            "resnet20",
            StochasticResNet20::new,
            StochasticResNet20.SETTINGS,
            StochasticResNet20.DEPTH,
            20),
    /** CIFAR-layout ResNet-56, 27 basic units, drop 0.5 linear; model-zoo ResNetV1-56 exists. */
    RESNET56(
            "resnet56",
            StochasticResNet56::new,
            StochasticResNet56.SETTINGS,
            StochasticResNet56.DEPTH,
            56),
    /** CIFAR-layout ResNet-110, 54 basic units, drop 0.5 linear; model-zoo ResNetV1-110 exists. */
    RESNET110(
            "resnet110",
            StochasticResNet110::new,
            StochasticResNet110.SETTINGS,
            StochasticResNet110.DEPTH,
            110),
    /** CIFAR-layout ResNet-1202, 600 basic units, drop 0.5 linear. */
    RESNET1202(
            "resnet1202",
            StochasticResNet1202::new,
            StochasticResNet1202.SETTINGS,
            StochasticResNet1202.DEPTH),
    /** CIFAR-layout pre-activation ResNet-20, 9 units without post-activation, drop 0.5 linear. */
    PREACT_RESNET20(
            "preact-resnet20",
            StochasticPreActResNet20::new,
            StochasticPreActResNet20.SETTINGS,
            StochasticPreActResNet20.DEPTH),
    /** ImageNet-layout ResNet-18, 8 basic units, drop 0.1 linear. */
    RESNET18(
            "resnet18",
            StochasticResNet18::new,
            StochasticResNet18.SETTINGS,
            StochasticResNet18.DEPTH),
    /** ImageNet-layout ResNet-34, 16 basic units, drop 0.1 linear. */
    RESNET34(
            "resnet34",
            StochasticResNet34::new,
            StochasticResNet34.SETTINGS,
            StochasticResNet34.DEPTH),
    /** ImageNet-layout ResNet-50, 16 bottleneck units, drop 0.1 linear. */
    RESNET50(
            "resnet50",
            StochasticResNet50::new,
            StochasticResNet50.SETTINGS,
            StochasticResNet50.DEPTH),
    /** ImageNet-layout ResNet-101, 33 bottleneck units, drop 0.1 linear. */
    RESNET101(
            "resnet101",
            StochasticResNet101::new,
            StochasticResNet101.SETTINGS,
            StochasticResNet101.DEPTH),
    /** ImageNet-layout ResNet-152, 50 bottleneck units, drop 0.1 linear. */
    RESNET152(
            "resnet152",
            StochasticResNet152::new,
            StochasticResNet152.SETTINGS,
            StochasticResNet152.DEPTH),
    /**
     * DJL's model-zoo MobileNetV2 (builder defaults) by surgery, 10 inverted residuals with a skip,
     * drop 0.2 (EfficientNet-B0's drop connect rate) under surgery's default linear schedule; its
     * plain twin is the untouched zoo network.
     *
     * <p>The zoo network takes Fashion-MNIST's 28x28 single-channel images as they are: its
     * convolutions infer their input channels, and its default strides (2 in the stem, then 1, 2,
     * 2, 2, 1, 2, 1 in the seven stages) take 28 pixels down to 14, 7, 4, 2 and 1, so the last two
     * stages and the 1x1 head run on one pixel. That is how DJL's own {@code djl-zero} trains it on
     * small images; upsampling to 224, the size the paper uses, would cost some 64 times the
     * compute for a sample. On one pixel, though, a training batch of a single image leaves batch
     * norm one value per channel, which PyTorch refuses: {@link #checkTrainingBatches} says so
     * before anything trains.
     */
    MOBILENETV2(
            "mobilenetv2",
            classes -> (SequentialBlock) MobileNetV2.builder().setOutSize(classes).build(),
            true,
            StochasticDepthSettings.of(0.2),
            10,
            0),
    /**
     * EfficientNet-style network in the DSL, 5 inverted residuals with a skip among 9 blocks,
     * EfficientNet's schedule 0.2 k / 9 (LINEAR_FROM_ZERO, drop 0.178).
     */
    EFFICIENTNET_MINI(
            "efficientnet-mini",
            StochasticMiniEfficientNet::new,
            StochasticMiniEfficientNet.SETTINGS,
            StochasticMiniEfficientNet.DEPTH),
    /**
     * A vision transformer of 6 pre-norm encoder layers (dim 64, 4 heads, 4x4 patches), drop 0.1
     * rising linearly from 0 over the layers, each layer's two residuals at its rate.
     */
    VIT(
            "vit",
            StochasticVisionTransformer::new,
            StochasticVisionTransformer.SETTINGS,
            StochasticVisionTransformer.DEPTH);

    private final String id;
    private final IntFunction<SequentialBlock> build;
    private final boolean bySurgery;
    private final StochasticDepthSettings settings;
    private final int depth;
    private final int zooResNetLayers;

    SampleNetwork(
            String id,
            IntFunction<SequentialBlock> generated,
            StochasticDepthSettings settings,
            int depth) {
        this(id, generated, false, settings, depth, 0);
    }

    SampleNetwork(
            String id,
            IntFunction<SequentialBlock> generated,
            StochasticDepthSettings settings,
            int depth,
            int zooResNetLayers) {
        this(id, generated, false, settings, depth, zooResNetLayers);
    }

    /**
     * Describes an entry.
     *
     * @param build the generated network's constructor, or the untouched zoo network's builder
     * @param bySurgery whether {@code build} gives the zoo network, made stochastic by surgery
     * @param depth the number L of positions of the schedule
     * @param zooResNetLayers the layers of model-zoo ResNetV1 of this depth for 28x28 images, 0 if
     *     ResNetV1 has no such layout
     */
    SampleNetwork(
            String id,
            IntFunction<SequentialBlock> build,
            boolean bySurgery,
            StochasticDepthSettings settings,
            int depth,
            int zooResNetLayers) {
        this.id = id;
        this.build = build;
        this.bySurgery = bySurgery;
        this.settings = settings;
        this.depth = depth;
        this.zooResNetLayers = zooResNetLayers;
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
        throw new IllegalArgumentException(
                "unknown model '" + id + "', expected one of " + String.join(", ", ids()));
    }

    /**
     * Returns the command-line names of all networks.
     *
     * @return the names in declaration order
     */
    public static List<String> ids() {
        return Arrays.stream(values()).map(SampleNetwork::id).toList();
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
     * Returns the settings the network has as {@link #create(int)} builds it.
     *
     * @return the generated class's {@code SETTINGS}, or the settings surgery gives a zoo network
     */
    public StochasticDepthSettings settings() {
        return settings;
    }

    /**
     * Returns the number of positions of the network's drop-rate schedule: its stochastic residual
     * blocks, or its layers of residuals that share one rate (transformer encoder layers).
     *
     * @return L, the generated class's {@code DEPTH} for a generated network
     */
    public int depth() {
        return depth;
    }

    /**
     * Creates a new, uninitialised instance of the network with its own {@link #settings()}.
     *
     * @param classes the number of outputs
     * @return the generated {@code SequentialBlock} as it is, or the model-zoo network after
     *     surgery
     */
    public SequentialBlock create(int classes) {
        return create(classes, settings);
    }

    /**
     * Creates a new, uninitialised instance of the network with the given settings.
     *
     * @param classes the number of outputs
     * @param requested the settings its blocks are to have
     * @return the generated network as it is if {@code requested} are its {@link #settings()},
     *     else after surgery with {@code requested}; its rates are {@link #rates
     *     rates(requested)}
     */
    public SequentialBlock create(int classes, StochasticDepthSettings requested) {
        SequentialBlock network = build.apply(classes);
        if (bySurgery || !requested.equals(settings)) {
            surgery(network, requested);
        }
        return network;
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
        SequentialBlock network = build.apply(classes);
        if (!bySurgery) {
            StochasticDepth.strip(network);
        }
        return network;
    }

    /**
     * Returns DJL's model-zoo {@code ResNetV1} of this network's depth for Fashion-MNIST: on 28x28
     * images it has the CIFAR layout, which exists for ResNet-20, -56 and -110.
     *
     * @param classes the number of outputs
     * @return a new, untouched ResNetV1
     * @throws IllegalArgumentException if ResNetV1 has no such depth for 28x28 images
     */
    public Block zooResNet(int classes) {
        if (zooResNetLayers == 0) {
            List<String> layouts =
                    Arrays.stream(values())
                            .filter(network -> network.zooResNetLayers > 0)
                            .map(SampleNetwork::id)
                            .toList();
            throw new IllegalArgumentException(
                    "--surgery trains model-zoo ResNetV1, whose 28x28 layout exists for "
                            + String.join(", ", layouts.subList(0, layouts.size() - 1))
                            + " and "
                            + layouts.get(layouts.size() - 1)
                            + ", not "
                            + id);
        }
        return ResNetV1.builder()
                .setImageShape(new Shape(1, FashionMnist.SIDE, FashionMnist.SIDE))
                .setNumLayers(zooResNetLayers)
                .setOutSize(classes)
                .build();
    }

    /**
     * Makes the residuals of {@code model} stochastic with {@code settings} by surgery.
     *
     * @param model the model to rewrite in place
     * @param settings the settings of its blocks
     * @return the rewritten model
     * @throws IllegalArgumentException if {@code model} has no residual surgery recognises
     */
    public static Block surgery(Block model, StochasticDepthSettings settings) {
        return StochasticDepth.builder().settings(settings).build().apply(model);
    }

    /**
     * Returns the drop rates of the network's positions under {@code settings}.
     *
     * @param settings the settings whose schedule to take
     * @return p_1..p_L, {@link StochasticDepthSettings#rates settings.rates(depth())}
     */
    public List<Float> rates(StochasticDepthSettings settings) {
        float[] rates = settings.rates(depth);
        Float[] boxed = new Float[rates.length];
        for (int i = 0; i < rates.length; i++) {
            boxed[i] = rates[i];
        }
        return List.of(boxed);
    }

    /**
     * Returns the drop rates of the network's own settings.
     *
     * @return p_1..p_L of {@link #create(int)}
     */
    public List<Float> dropRates() {
        return rates(settings);
    }

    /**
     * Refuses a training set that this network cannot be trained on in batches of {@code
     * batchSize}: for {@link #MOBILENETV2}, any batch of one image (batch size 1, or one image left
     * over), since its last stages see one pixel of a 28x28 image and batch norm needs two values
     * per channel in training.
     *
     * @param images the training images
     * @param batchSize the batch size
     * @throws IllegalArgumentException naming the remedy, if a batch would have one image
     */
    public void checkTrainingBatches(int images, int batchSize) {
        if (this == MOBILENETV2 && (batchSize == 1 || images % batchSize == 1)) {
            throw new IllegalArgumentException(
                    id
                            + " cannot train on a batch of one image (its last stages see one"
                            + " pixel, and batch norm needs two values per channel): "
                            + images
                            + " training images in batches of "
                            + batchSize
                            + (batchSize == 1 ? " are one image each" : " leave one over")
                            + "; change --batch or --limit");
        }
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

    /**
     * The command-line names, as picocli's {@code completionCandidates} of {@code --model}: its
     * help text lists them as {@code ${COMPLETION-CANDIDATES}}.
     */
    static final class Ids implements Iterable<String> {

        /** Creates the candidates picocli instantiates. */
        Ids() {}

        @Override
        public Iterator<String> iterator() {
            return ids().iterator();
        }
    }
}
