package dev.stochasticdepth.samples.training;

/**
 * How to train: the same for both networks of a comparison.
 *
 * @param epochs the number of passes over the training set, at least 1
 * @param batchSize the images per batch, at least 1
 * @param learningRate Adam's learning rate
 * @param seed the seed of the engine (weight initialisation, keep masks) and of the shuffle
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, int seed) {

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
        if (!(learningRate > 0f && Float.isFinite(learningRate))) {
            throw new IllegalArgumentException(
                    "learning rate must be positive and finite, got " + learningRate);
        }
    }
}
