package dev.stochasticdepth.runtime;

import static dev.stochasticdepth.runtime.SurgeryModels.loadParameters;
import static dev.stochasticdepth.runtime.SurgeryModels.parameterBytes;
import static dev.stochasticdepth.runtime.SurgeryModels.resNet;
import static org.assertj.core.api.Assertions.assertThat;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import dev.stochasticdepth.annotations.Distribution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.util.List;

/** Surgery on models with weights: parameters are shared, files keep their bytes. */
class SurgeryWeightsTest {

    private static final Shape BATCH = new Shape(2, 3, 32, 32);

    private NDManager manager;

    @BeforeEach
    void openManager() {
        Engine.getInstance().setRandomSeed(7);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void parameterFilesMoveBothWaysWithTheUntouchedModel() throws Exception {
        SequentialBlock trained = resNet(18);
        trained.initialize(manager, DataType.FLOAT32, BATCH);
        StochasticDepth.builder().drop(0.3).build().apply(trained);
        byte[] stochasticFile = parameterBytes(trained);

        Block untouched = loadParameters(resNet(18), manager, stochasticFile);
        byte[] plainFile = parameterBytes(untouched);
        Block back = StochasticDepth.builder().drop(0.3).build().apply(resNet(18));
        loadParameters(back, manager, plainFile);

        assertThat(plainFile).isEqualTo(stochasticFile);
        assertThat(parameterBytes(back)).isEqualTo(stochasticFile);
        NDArray x = manager.randomNormal(BATCH);
        assertThat(infer(back, x)).isEqualTo(infer(trained, x));
    }

    @Test
    void rewritingAnInitializedModelKeepsItsArraysAndItsFile() {
        SequentialBlock net = resNet(18);
        net.initialize(manager, DataType.FLOAT32, BATCH);
        byte[] before = parameterBytes(net);
        List<NDArray> arrays = arrays(net);
        NDArray x = manager.randomNormal(BATCH);
        float[] plainOutput = infer(net, x);

        StochasticDepth.builder()
                .drop(0.5)
                .distribution(Distribution.LINEAR_FROM_ZERO)
                .build()
                .apply(net);

        assertThat(net.isInitialized()).isTrue();
        assertThat(StochasticDepth.find(net)).allMatch(Block::isInitialized);
        assertThat(parameterBytes(net)).isEqualTo(before);
        List<NDArray> after = arrays(net);
        for (int i = 0; i < arrays.size(); i++) {
            assertThat(after.get(i)).isSameAs(arrays.get(i));
        }
        // Rate 0 everywhere is the plain network exactly.
        StochasticDepth.builder().drop(0).build().apply(net);
        assertThat(infer(net, x)).isEqualTo(plainOutput);
    }

    @Test
    void anInitializedRewrittenModelTrainsWithoutNewWeights() {
        try (Model model = Model.newInstance("surgery")) {
            SequentialBlock net = resNet(18);
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, BATCH);
            List<NDArray> arrays = arrays(net);
            StochasticDepth.builder().drop(0.5).build().apply(net);
            float[] before = arrays.get(0).toFloatArray();

            try (Trainer trainer =
                    model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(BATCH);
                try (NDManager batchManager = model.getNDManager().newSubManager();
                        Batch batch =
                                new Batch(
                                        batchManager,
                                        new NDList(batchManager.randomNormal(BATCH)),
                                        new NDList(batchManager.create(new float[] {1, 7})),
                                        2,
                                        Batchifier.STACK,
                                        Batchifier.STACK,
                                        0,
                                        1)) {
                    EasyTrain.trainBatch(trainer, batch);
                    trainer.step();
                }
            }

            List<NDArray> trained = arrays(net);
            for (int i = 0; i < arrays.size(); i++) {
                assertThat(trained.get(i)).isSameAs(arrays.get(i));
            }
            assertThat(arrays.get(0).toFloatArray()).isNotEqualTo(before);
        }
    }

    @Test
    void stripGivesBackThePlainNetworkAndItsFile() {
        SequentialBlock net = resNet(18);
        net.initialize(manager, DataType.FLOAT32, BATCH);
        byte[] file = parameterBytes(net);
        NDArray x = manager.randomNormal(BATCH);
        float[] plainOutput = infer(net, x);
        StochasticDepth.builder().drop(0.5).build().apply(net);
        assertThat(infer(net, x)).isNotEqualTo(plainOutput);

        StochasticDepth.strip(net);

        assertThat(parameterBytes(net)).isEqualTo(file);
        assertThat(infer(net, x)).isEqualTo(plainOutput);
    }

    private float[] infer(Block block, NDArray x) {
        return block.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    private static List<NDArray> arrays(Block block) {
        return block.getParameters().values().stream().map(Parameter::getArray).toList();
    }
}
