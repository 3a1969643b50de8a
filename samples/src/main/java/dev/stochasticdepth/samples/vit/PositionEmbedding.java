package dev.stochasticdepth.samples.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Adds a learned embedding to each token position of {@code (N, T, D)} tokens, so that attention
 * knows where each patch came from; the block DJL lacks for a vision transformer.
 */
public final class PositionEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Parameter positions;

    /**
     * Creates the embedding.
     *
     * @param tokens the number of tokens T
     * @param dim the token width D
     */
    @SuppressWarnings("this-escape")
    public PositionEmbedding(int tokens, int dim) {
        super(VERSION);
        positions =
                addParameter(
                        Parameter.builder()
                                .setName("positions")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(1, tokens, dim))
                                .build());
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.add(store.getValue(positions, x.getDevice(), training)));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
