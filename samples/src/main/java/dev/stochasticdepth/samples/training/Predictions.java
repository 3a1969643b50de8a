package dev.stochasticdepth.samples.training;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

import dev.stochasticdepth.samples.data.FashionMnist;

import java.io.IOException;

/**
 * The logits a model serves for a split, through DJL's {@code Predictor} as an application would,
 * in file order, with what the deployment path compares: accuracy, agreement of the predicted
 * classes and the largest difference of logits.
 */
public final class Predictions {

    private final float[] logits;
    private final int[] labels;
    private final int classes;

    private Predictions(float[] logits, int[] labels, int classes) {
        this.logits = logits;
        this.labels = labels;
        this.classes = classes;
    }

    /**
     * Runs {@code model}'s predictor over {@code split} in batches.
     *
     * @param model a loaded model
     * @param split the images
     * @param batchSize images per call
     * @return the predictions
     * @throws IOException if the data cannot be batched
     * @throws TranslateException if the predictor fails
     */
    public static Predictions of(Model model, FashionMnist.Split split, int batchSize)
            throws IOException, TranslateException {
        float[] logits = new float[split.size() * FashionMnist.CLASSES];
        int[] labels = new int[split.size()];
        int seen = 0;
        try (NDManager manager = NDManager.newBaseManager();
                Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
            for (Batch batch : split.toDataset(manager, batchSize, null).getData(manager)) {
                try (batch) {
                    NDList served = predictor.predict(batch.getData());
                    float[] out = served.singletonOrThrow().toFloatArray();
                    float[] truth = batch.getLabels().singletonOrThrow().toFloatArray();
                    System.arraycopy(out, 0, logits, seen * FashionMnist.CLASSES, out.length);
                    for (int i = 0; i < truth.length; i++) {
                        labels[seen + i] = (int) truth[i];
                    }
                    seen += truth.length;
                }
            }
        }
        return new Predictions(logits, labels, FashionMnist.CLASSES);
    }

    /**
     * Returns the number of images.
     *
     * @return the size of the split
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the predicted class of image {@code i}: the first of the largest logits.
     *
     * @param i the image
     * @return its class
     */
    public int predicted(int i) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[i * classes + c] > logits[i * classes + best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Returns the fraction of images whose predicted class is the true one.
     *
     * @return the top-1 accuracy
     */
    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < size(); i++) {
            correct += predicted(i) == labels[i] ? 1 : 0;
        }
        return (double) correct / size();
    }

    /**
     * Returns on how many images both predict the same class.
     *
     * @param other predictions of the same images
     * @return the count
     */
    public int sameClass(Predictions other) {
        int same = 0;
        for (int i = 0; i < size(); i++) {
            same += predicted(i) == other.predicted(i) ? 1 : 0;
        }
        return same;
    }

    /**
     * Returns the largest absolute difference between the two's logits.
     *
     * @param other predictions of the same images
     * @return {@code max |a - b|} over every logit
     */
    public double maxDifference(Predictions other) {
        double max = 0;
        for (int i = 0; i < logits.length; i++) {
            max = Math.max(max, Math.abs(logits[i] - other.logits[i]));
        }
        return max;
    }

    /**
     * Returns the largest absolute logit, the scale of {@link #maxDifference}.
     *
     * @return {@code max |a|}
     */
    public double maxMagnitude() {
        double max = 0;
        for (float logit : logits) {
            max = Math.max(max, Math.abs(logit));
        }
        return max;
    }
}
