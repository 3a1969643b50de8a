package dev.stochasticdepth.samples;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seeds of {@code compare}, as {@code --seeds} gives them: comma-separated seeds or ranges,
 * such as {@code 1,2,3}, {@code 1-10} or {@code 1-3,7}, each seed a whole number from 0 up, none
 * twice.
 *
 * @param seeds the seeds, in the order given; at least one
 */
record SeedList(List<Integer> seeds) {

    /** The most seeds one list may hold, a guard against a typo such as {@code 1-100000}. */
    static final int MOST = 1000;

    /** Copies the seeds. */
    SeedList {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
    }

    /**
     * Parses a {@code --seeds} value.
     *
     * @param text for example {@code 1-3} or {@code 4,5}
     * @return the seeds
     * @throws IllegalArgumentException naming the item at fault
     */
    static SeedList parse(String text) {
        Set<Integer> seeds = new LinkedHashSet<>();
        for (String item : text.split(",", -1)) {
            String trimmed = item.strip();
            int dash = trimmed.indexOf('-', 1);
            int first = seed(dash < 0 ? trimmed : trimmed.substring(0, dash), text);
            int last = dash < 0 ? first : seed(trimmed.substring(dash + 1), text);
            if (last < first) {
                throw new IllegalArgumentException(
                        "range '" + trimmed + "' in '" + text + "' runs backwards");
            }
            if ((long) last - first + seeds.size() >= MOST) {
                throw new IllegalArgumentException(
                        "'" + text + "' has more than " + MOST + " seeds");
            }
            for (int seed = first; seed <= last; seed++) {
                if (!seeds.add(seed)) {
                    throw new IllegalArgumentException(
                            "seed " + seed + " appears twice in '" + text + "'");
                }
            }
        }
        return new SeedList(new ArrayList<>(seeds));
    }

    private static int seed(String text, String whole) {
        try {
            int seed = Integer.parseInt(text.strip());
            if (seed >= 0) {
                return seed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "'"
                        + text.strip()
                        + "' in '"
                        + whole
                        + "' is not a seed: seeds are whole numbers from 0, as in 1,2,3 or 1-10");
    }

    /**
     * Returns the number K of seeds.
     *
     * @return at least 1
     */
    int size() {
        return seeds.size();
    }

    /**
     * Lists the seeds.
     *
     * @return for example {@code 1, 2, 3}
     */
    @Override
    public String toString() {
        return seeds.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** Converts {@code --seeds} values, with one line naming what is wrong. */
    static final class Converter extends OneLineConverter<SeedList> {

        /** Creates the converter picocli instantiates. */
        Converter() {
            super(SeedList::parse);
        }
    }
}
