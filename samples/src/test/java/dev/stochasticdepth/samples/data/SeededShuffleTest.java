package dev.stochasticdepth.samples.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeededShuffleTest {

    private static List<Long> order(SeededShuffle shuffle, ArrayDataset dataset) {
        List<Long> order = new ArrayList<>();
        Iterator<Long> indices = shuffle.sample(dataset);
        indices.forEachRemaining(order::add);
        return order;
    }

    @Test
    void sameSeedGivesTheSameOrdersAndEachIsAPermutation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset dataset =
                    new ArrayDataset.Builder()
                            .setData(manager.arange(100f))
                            .setSampling(1, false)
                            .build();
            SeededShuffle first = new SeededShuffle(7);
            SeededShuffle second = new SeededShuffle(7);

            List<Long> epoch1 = order(first, dataset);
            List<Long> epoch2 = order(first, dataset);

            assertThat(order(second, dataset)).isEqualTo(epoch1);
            assertThat(order(second, dataset)).isEqualTo(epoch2);
            assertThat(epoch1).isNotEqualTo(epoch2);
            assertThat(epoch1).containsExactlyInAnyOrderElementsOf(epoch2).hasSize(100);
            assertThat(epoch1).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 100);
            assertThat(order(new SeededShuffle(8), dataset)).isNotEqualTo(epoch1);
        }
    }
}
