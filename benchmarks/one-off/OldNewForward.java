// A one-off check for issue 13, not part of the build: the training step of ResNet-56 (SAMPLE,
// INFERENCE scaling, drop 0.5 linear; batch 64 of 1x28x28) with the generated forward's op
// sequence before the issue (children called on new NDList(x), KeepMasks.perSample directly)
// against the one after (children called on the block's inputs, keepMask), in one JVM, the two
// networks built from the same seed and stepped alternately with the same draws. Run with the
// JDK's source launcher against the benchmarks jar, on one pinned thread:
//   OMP_NUM_THREADS=1 taskset -c 0 java -Dai.djl.pytorch.num_threads=1 \
//       -Dai.djl.pytorch.num_interop_threads=1 -cp benchmarks/target/benchmarks.jar \
//       benchmarks/one-off/OldNewForward.java 60
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.PairList;
import dev.stochasticdepth.runtime.KeepMasks;
import dev.stochasticdepth.runtime.StochasticResidualBlock;
import dev.stochasticdepth.samples.resnet.StochasticResNet56;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Same-fork A/B: the old generated SAMPLE/INFERENCE forward's op sequence against the new one. */
public class OldNewForward {
    static StochasticResidualBlock.Builder parts(StochasticResidualBlock b) {
        return StochasticResidualBlock.builder().setBranch(b.getBranch()).optShortcut(b.getShortcut())
                .optPostActivation(b.getPostActivation()).optDropRate(b.getDropRate())
                .optMethod(b.getMethod()).optScaling(b.getScaling());
    }
    static final class OldBlock extends StochasticResidualBlock {
        OldBlock(StochasticResidualBlock b) { super(parts(b)); }
        @Override protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            float drop = getDropRate();
            NDArray shortcut = getShortcut().forward(store, new NDList(x), training, params).singletonOrThrow();
            float keep = 1f - drop;
            if (!training) {
                NDArray f = getBranch().forward(store, new NDList(x), training, params).singletonOrThrow();
                return new NDList(Activation.relu(f.mul(keep).addi(shortcut)));
            }
            NDArray mask = KeepMasks.perSample(x, keep, 1f);
            NDArray f = getBranch().forward(store, new NDList(x), training, params).singletonOrThrow();
            return new NDList(Activation.relu(f.mul(mask).addi(shortcut)));
        }
    }
    static final class NewBlock extends StochasticResidualBlock {
        NewBlock(StochasticResidualBlock b) { super(parts(b)); }
        @Override protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = batch(inputs);
            float drop = getDropRate();
            NDArray shortcut = getShortcut().forward(store, inputs, training, params).head();
            if (!training) {
                NDArray branch = getBranch().forward(store, inputs, training, params).head();
                return new NDList(Activation.relu(branch.mul(1f - drop).addi(shortcut)));
            }
            NDArray mask = keepMask(x, drop, 1f);
            NDArray branch = getBranch().forward(store, inputs, training, params).head();
            return new NDList(Activation.relu(branch.mul(mask).addi(shortcut)));
        }
    }
    static Block net(boolean old) {
        Engine.getInstance().setRandomSeed(1);
        SequentialBlock out = new SequentialBlock();
        for (Block child : new StochasticResNet56(10).getChildren().values()) {
            out.add(child instanceof StochasticResidualBlock b ? (old ? new OldBlock(b) : new NewBlock(b)) : child);
        }
        return out;
    }
    static double median(double[] v) { double[] s = v.clone(); Arrays.sort(s); int n = s.length; return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; }
    public static void main(String[] args) throws Exception {
        Shape shape = new Shape(64, 1, 28, 28);
        int pairs = Integer.parseInt(args[0]);
        try (Model a = Model.newInstance("old"); Model b = Model.newInstance("new")) {
            a.setBlock(net(true)); b.setBlock(net(false));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
            try (Trainer ta = a.newTrainer(config); Trainer tb = b.newTrainer(config)) {
                ta.initialize(shape); tb.initialize(shape);
                double[] told = new double[pairs], tnew = new double[pairs];
                for (int i = -5; i < pairs; i++) {
                    boolean oldFirst = (i & 1) == 0;
                    double o = 0, n = 0;
                    for (int k = 0; k < 2; k++) {
                        boolean runOld = (k == 0) == oldFirst;
                        Trainer t = runOld ? ta : tb;
                        Engine.getInstance().setRandomSeed(100 + i);
                        try (NDManager m = t.getManager().newSubManager()) {
                            NDArray x = m.randomUniform(0, 1, shape);
                            NDArray y = m.randomInteger(0, 10, new Shape(64), ai.djl.ndarray.types.DataType.INT32);
                            long start = System.nanoTime();
                            try (GradientCollector gc = t.newGradientCollector()) {
                                NDArray pred = t.forward(new NDList(x)).head();
                                NDArray loss = t.getLoss().evaluate(new NDList(y), new NDList(pred));
                                gc.backward(loss);
                            }
                            t.step();
                            double ms = (System.nanoTime() - start) / 1e6;
                            if (runOld) o = ms; else n = ms;
                        }
                    }
                    if (i >= 0) { told[i] = o; tnew[i] = n; }
                }
                SplittableRandom r = new SplittableRandom(42);
                double[] boot = new double[4000];
                for (int j = 0; j < boot.length; j++) {
                    double[] bo = new double[pairs], bn = new double[pairs];
                    for (int i = 0; i < pairs; i++) { int p = r.nextInt(pairs); bo[i] = told[p]; bn[i] = tnew[p]; }
                    boot[j] = median(bn) / median(bo);
                }
                Arrays.sort(boot);
                System.out.printf("training step, %d pairs: old %.1f ms, new %.1f ms, new/old %.3f [%.3f, %.3f]%n", pairs, median(told), median(tnew), median(tnew) / median(told), boot[100], boot[3899]);
            }
        }
    }
}
