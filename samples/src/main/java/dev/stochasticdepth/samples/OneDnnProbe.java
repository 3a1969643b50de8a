package dev.stochasticdepth.samples;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs, in a JVM of its own, the convolution kernels that libtorch 2.7.1's oneDNN was seen to
 * crash in with {@code SIGFPE} on some CPUs, so that a crash kills this probe and not the training.
 *
 * <p>It trains nothing: it runs convolution forward, backward-data and backward-weights, each
 * followed by batch norm, over the kernel sizes (1x1, 3x3, 7x7), strides, channel counts and
 * spatial sizes of the sample networks (CIFAR ResNets on 28x28 images, ImageNet-layout ResNets on
 * 64x64, the depthwise and pointwise convolutions of the inverted residuals), at batch 64 and at
 * the odd batch sizes that {@code skipDropped} hands a branch. It exits with status 0 if every
 * kernel ran; a JVM killed by a signal exits with 128 plus the signal's number (134 after the JVM's
 * fatal-error handler aborts).
 *
 * <p>The file depends on DJL's API and the JDK only, so that the build can also run it from
 * source ({@code java -cp <test class path> OneDnnProbe.java}) for the test JVMs of modules that
 * are built before this one; see the root {@code pom.xml}.
 */
public final class OneDnnProbe {

    /**
     * Convolutions: the batch a training step gives them, input channels, output channels, input
     * side, kernel side, stride. CIFAR layouts train at batch 64 on 28x28, ImageNet layouts at
     * batch 8 on 64x64 (the benchmarks' settings).
     */
    private static final int[][] CONVOLUTIONS = {
        {64, 1, 16, 28, 3, 1}, // CIFAR stem
        {64, 16, 16, 28, 3, 1}, // CIFAR stage 1
        {64, 16, 32, 28, 3, 2}, // CIFAR stage 2, first unit
        {64, 16, 32, 28, 1, 2}, // its projection shortcut
        {64, 32, 32, 14, 3, 1},
        {64, 32, 64, 14, 1, 2},
        {64, 64, 64, 7, 3, 1}, // CIFAR stage 3
        {8, 1, 64, 64, 7, 2}, // ImageNet stem
        {8, 64, 64, 16, 1, 1}, // bottleneck reduce
        {8, 64, 256, 16, 1, 1}, // bottleneck expand and projection
        {8, 256, 64, 16, 1, 1},
        {8, 256, 512, 16, 1, 2},
        {8, 128, 128, 8, 3, 1},
        {8, 512, 128, 8, 1, 1},
        {8, 1024, 2048, 4, 1, 2},
    };

    /**
     * The convolutions of the inverted residuals (DJL's model-zoo MobileNetV2 and the
     * EfficientNet-style sample on 28x28 images, batch 64), in the columns above and one more, the
     * groups: 3x3 depthwise convolutions (one group per channel), which oneDNN runs in kernels of
     * their own, and the wide 1x1 convolutions on one or two pixels of MobileNetV2's last stages.
     */
    private static final int[][] INVERTED_RESIDUALS = {
        {64, 1, 32, 28, 1, 2, 1}, // MobileNetV2 stem
        {64, 32, 32, 14, 3, 1, 32}, // MobileNetV2 depthwise, t = 1
        {64, 96, 96, 14, 3, 2, 96},
        {64, 144, 144, 7, 3, 1, 144},
        {64, 192, 192, 4, 3, 2, 192},
        {64, 384, 384, 2, 3, 1, 384},
        {64, 576, 576, 2, 3, 2, 576},
        {64, 960, 960, 1, 3, 1, 960},
        {64, 160, 960, 1, 1, 1, 1}, // MobileNetV2 expand and project on one pixel
        {64, 960, 160, 1, 1, 1, 1},
        {64, 320, 1280, 1, 1, 1, 1},
        {64, 1, 16, 28, 3, 2, 1}, // EfficientNet-style stem
        {64, 16, 16, 14, 3, 1, 16}, // its depthwise convolutions
        {64, 96, 96, 14, 3, 2, 96},
        {64, 144, 144, 7, 3, 1, 144},
        {64, 240, 240, 4, 3, 2, 240},
        {64, 480, 480, 2, 3, 1, 480},
        {64, 16, 96, 14, 1, 1, 1}, // its first expansion
    };

    /** Row counts a skipDropped branch sees besides the full batch: one kept sample, a few. */
    private static final int[] SKIP_BATCHES = {1, 3};

    private OneDnnProbe() {}

    /** Returns the rows of both tables, the groups column added (1) where it is missing. */
    private static List<int[]> probeCases() {
        List<int[]> cases = new ArrayList<>();
        for (int[] c : CONVOLUTIONS) {
            cases.add(new int[] {c[0], c[1], c[2], c[3], c[4], c[5], 1});
        }
        cases.addAll(Arrays.asList(INVERTED_RESIDUALS));
        return cases;
    }

    /**
     * Runs every kernel once and prints one line.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        int kernels = run();
        System.out.println("oneDNN probe: " + kernels + " convolutions ran forward and backward");
    }

    /**
     * Runs every probe case on the CPU with the default engine.
     *
     * @return the number of convolutions run
     */
    static int run() {
        Engine engine = Engine.getInstance();
        engine.setRandomSeed(0);
        int count = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int[] c : probeCases()) {
                for (int batch : new int[] {c[0], SKIP_BATCHES[0], SKIP_BATCHES[1]}) {
                    try (NDManager step = manager.newSubManager();
                            GradientCollector collector = engine.newGradientCollector()) {
                        int in = c[1];
                        int out = c[2];
                        int side = c[3];
                        int kernel = c[4];
                        int stride = c[5];
                        int groups = c[6];
                        NDArray x = step.randomNormal(new Shape(batch, in, side, side));
                        NDArray w =
                                step.randomNormal(new Shape(out, in / groups, kernel, kernel));
                        NDArray gamma = step.ones(new Shape(out));
                        NDArray beta = step.zeros(new Shape(out));
                        x.setRequiresGradient(true);
                        w.setRequiresGradient(true);
                        gamma.setRequiresGradient(true);
                        NDArray y =
                                Conv2d.conv2d(
                                                x,
                                                w,
                                                null,
                                                new Shape(stride, stride),
                                                new Shape(kernel / 2, kernel / 2),
                                                new Shape(1, 1),
                                                groups)
                                        .singletonOrThrow();
                        // Batch statistics need two values per channel: one sample of one
                        // pixel (MobileNetV2's last stages) goes without the batch norm.
                        NDArray normed =
                                y.size() / out < 2
                                        ? y
                                        : BatchNorm.batchNorm(
                                                        y,
                                                        step.zeros(new Shape(out)),
                                                        step.ones(new Shape(out)),
                                                        gamma,
                                                        beta,
                                                        1,
                                                        0.9f,
                                                        1e-5f,
                                                        true)
                                                .singletonOrThrow();
                        collector.backward(normed.square().sum());
                        // Reading the gradients waits for the kernels on any device.
                        x.getGradient().sum().getFloat();
                        w.getGradient().sum().getFloat();
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
