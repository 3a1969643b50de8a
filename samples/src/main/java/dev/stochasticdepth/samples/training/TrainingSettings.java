package dev.stochasticdepth.samples.training;

/**
 * How to train: the same for both networks of a comparison.
 *
 * @param epochs the number of passes over the training set, at least 1
 * @param batchSize the images per batch, at least 1
 * @param learningRate Adam's learning rate
 * @param seed the seed of the engine (weight initialisation, keep masks) and of the shuffle
 * @param preciseBnBatches after each epoch, also evaluate with batch norm's running statistics
 *     re-estimated over this many training batches ({@link
 *     dev.stochasticdepth.runtime.PreciseBatchNorm}); 0 for no such evaluation
 */
public record TrainingSettings(
        int epochs, int batchSize, float learningRate, int seed, int preciseBnBatches) {

    /**
     * Creates settings without the precise batch-norm evaluation.
     *
     * @param epochs the number of passes over the training set, at least 1
     * @param batchSize the images per batch, at least 1
     * @param learningRate Adam's learning rate
     * @param seed the seed of the engine and of the shuffle
     */
    public TrainingSettings(int epochs, int batchSize, float learningRate, int seed) {
        this(epochs, batchSize, learningRate, seed, 0);
    }

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public TrainingSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (preciseBnBatches < 0) {
            throw new IllegalArgumentException(
                    "precise batch norm batches must be at least 0, got " + preciseBnBatches);
        }
        if (!(learningRate > 0f && Float.isFinite(learningRate))) {
            throw new IllegalArgumentException(
                    "learning rate must be positive and finite, got " + learningRate);
        }
    }
}
