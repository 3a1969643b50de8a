package dev.stochasticdepth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedListTest {

    @Test
    void listsAndRanges() {
        assertThat(SeedList.parse("1,2,3").seeds()).containsExactly(1, 2, 3);
        assertThat(SeedList.parse("1-10").seeds()).hasSize(10).startsWith(1).endsWith(10);
        assertThat(SeedList.parse("7, 0-2").seeds()).containsExactly(7, 0, 1, 2);
        assertThat(SeedList.parse("5").toString()).isEqualTo("5");
        assertThat(SeedList.parse("1-3").toString()).isEqualTo("1, 2, 3");
    }

    @Test
    void badLists() {
        assertThatThrownBy(() -> SeedList.parse("3-1"))
                .hasMessage("range '3-1' in '3-1' runs backwards");
        assertThatThrownBy(() -> SeedList.parse("1,,2"))
                .hasMessage(
                        "'' in '1,,2' is not a seed: seeds are whole numbers from 0, as in 1,2,3"
                                + " or 1-10");
        assertThatThrownBy(() -> SeedList.parse("-1")).hasMessageStartingWith("'-1' in '-1'");
        assertThatThrownBy(() -> SeedList.parse("1-x")).hasMessageStartingWith("'x' in '1-x'");
        assertThatThrownBy(() -> SeedList.parse("1-3,2"))
                .hasMessage("seed 2 appears twice in '1-3,2'");
        assertThatThrownBy(() -> SeedList.parse("1-5000"))
                .hasMessage("'1-5000' has more than 1000 seeds");
    }
}
