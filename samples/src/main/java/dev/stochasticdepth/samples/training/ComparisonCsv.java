package dev.stochasticdepth.samples.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The results file of a comparison over seeds, which is also its record for resuming: one row per
 * run and epoch, appended and flushed as each epoch ends.
 *
 * <p>The file starts with comment lines: {@value #MARKER}, then one {@code # key=value} line per
 * global setting (model, epochs, batch, lr, data, limit), then the column header: {@code model},
 * {@code variant}, one column per variant setting, {@code seed}, {@code epoch}, {@code train_loss},
 * {@code train_accuracy}, {@code test_loss}, {@code test_accuracy}, {@code train_seconds} (the
 * training batches of the epoch only), {@code eval_seconds} (its test pass) and {@code
 * cumulative_train_seconds} (the run's training seconds up to and including the epoch). Accuracies
 * are in [0, 1]; the settings columns of the plain twin are empty. No field holds a comma, so there
 * is no quoting.
 *
 * <p>A run is a model, a variant label, the variant's settings and a seed. {@link #open} keeps the
 * complete runs of an existing file (every epoch present once) and drops any other, rewriting the
 * file without them, so that a run killed mid-way is trained again from its first epoch.
 */
public final class ComparisonCsv {

    /** The first line of every file. */
    public static final String MARKER = "# stochastic-depth-samples compare";

    private static final List<String> METRIC_COLUMNS =
            List.of(
                    "seed",
                    "epoch",
                    "train_loss",
                    "train_accuracy",
                    "test_loss",
                    "test_accuracy",
                    "train_seconds",
                    "eval_seconds",
                    "cumulative_train_seconds");

    /** The columns of {@link #open}'s {@code precise} files, after the others. */
    private static final List<String> PRECISE_COLUMNS =
            List.of("precise_bn_test_loss", "precise_bn_test_accuracy");

    private final Path file;
    private final List<String> settingColumns;
    private final int epochs;
    private final boolean precise;
    private final Map<RunKey, List<Row>> runs = new LinkedHashMap<>();
    private final List<String> dropped = new ArrayList<>();

    private ComparisonCsv(
            Path file, List<String> settingColumns, int epochs, boolean precise) {
        this.file = file;
        this.settingColumns = List.copyOf(settingColumns);
        this.epochs = epochs;
        this.precise = precise;
    }

    /**
     * Opens the file for a comparison: creates it with its header if it does not exist, else reads
     * it, checks that it was written with the same global settings and columns, and drops its
     * incomplete runs.
     *
     * @param file the CSV file
     * @param settings the global settings, in the order of the header (values without line breaks)
     * @param settingColumns the names of the variant settings' columns
     * @param epochs the epochs of a complete run
     * @return the open file
     * @throws IOException if the file cannot be read or written
     * @throws IllegalArgumentException if the file was written with other settings or columns, or
     *     is not such a file; the message is one line naming the difference
     */
    public static ComparisonCsv open(
            Path file, Map<String, String> settings, List<String> settingColumns, int epochs)
            throws IOException {
        return open(file, settings, settingColumns, epochs, false);
    }

    /**
     * Opens the file for a comparison as {@link #open(Path, Map, List, int)} does, with the
     * columns of the precise batch-norm evaluation after the others if {@code precise}.
     *
     * @param file the CSV file
     * @param settings the global settings, in the order of the header (values without line breaks)
     * @param settingColumns the names of the variant settings' columns
     * @param epochs the epochs of a complete run
     * @param precise whether every epoch has a precise batch-norm test loss and accuracy
     * @return the open file
     * @throws IOException if the file cannot be read or written
     * @throws IllegalArgumentException if the file was written with other settings or columns, or
     *     is not such a file; the message is one line naming the difference
     */
    public static ComparisonCsv open(
            Path file,
            Map<String, String> settings,
            List<String> settingColumns,
            int epochs,
            boolean precise)
            throws IOException {
        ComparisonCsv csv = new ComparisonCsv(file, settingColumns, epochs, precise);
        List<String> header = csv.header(settings);
        if (!Files.exists(file)) {
            Files.writeString(file, lines(header), StandardCharsets.UTF_8);
            return csv;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        csv.checkHeader(lines, header, settings);
        for (int i = header.size(); i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                Row row = csv.parse(lines.get(i), i + 1);
                csv.runs.computeIfAbsent(row.run(), run -> new ArrayList<>()).add(row);
            }
        }
        csv.dropIncompleteRuns(header);
        return csv;
    }

    /**
     * Returns the file.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * Returns whether every epoch of {@code run} is in the file.
     *
     * @param run the run
     * @return {@code true} if it need not be trained
     */
    public boolean isComplete(RunKey run) {
        return runs.getOrDefault(run, List.of()).size() == epochs;
    }

    /**
     * Returns the rows of a run, by epoch.
     *
     * @param run the run
     * @return its rows, none if it is not in the file
     */
    public List<Row> rows(RunKey run) {
        return runs.getOrDefault(run, List.of()).stream()
                .sorted(Comparator.comparingInt(row -> row.metrics().epoch()))
                .toList();
    }

    /**
     * Returns the runs in the file, complete or being written, in the order they first appear.
     *
     * @return the runs
     */
    public Set<RunKey> runs() {
        return Set.copyOf(runs.keySet());
    }

    /**
     * Describes the incomplete runs that {@link #open} dropped.
     *
     * @return one text per run, such as {@code resnet20 plain seed 2 (1 of 3 epochs)}
     */
    public List<String> dropped() {
        return List.copyOf(dropped);
    }

    /**
     * Appends one epoch of a run and flushes it to the file.
     *
     * @param run the run
     * @param metrics the epoch's metrics
     * @return the row as the file now holds it, with the run's cumulative training seconds
     * @throws IOException if the file cannot be written
     */
    public Row append(RunKey run, EpochMetrics metrics) throws IOException {
        List<Row> previous = runs.getOrDefault(run, List.of());
        double before = previous.isEmpty() ? 0 : previous.get(previous.size() - 1).cumulative();
        // The cumulative time adds up the rounded times, as a reader of the file would.
        double cumulative = before + Double.parseDouble(seconds(metrics.trainSeconds()));
        String line = format(run, metrics, cumulative);
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Row row = parse(line, -1);
        runs.computeIfAbsent(run, key -> new ArrayList<>()).add(row);
        return row;
    }

    private List<String> header(Map<String, String> settings) {
        List<String> header = new ArrayList<>();
        header.add(MARKER);
        settings.forEach((key, value) -> header.add("# " + key + "=" + value));
        List<String> columns = new ArrayList<>(List.of("model", "variant"));
        columns.addAll(settingColumns);
        columns.addAll(METRIC_COLUMNS);
        if (precise) {
            columns.addAll(PRECISE_COLUMNS);
        }
        header.add(String.join(",", columns));
        return header;
    }

    private void checkHeader(
            List<String> lines, List<String> header, Map<String, String> settings) {
        if (lines.isEmpty() || !lines.get(0).equals(MARKER)) {
            throw new IllegalArgumentException(
                    file
                            + " is not a compare results file (its first line is not '"
                            + MARKER
                            + "')");
        }
        Map<String, String> written = new LinkedHashMap<>();
        int line = 1;
        for (; line < lines.size() && lines.get(line).startsWith("#"); line++) {
            String text = lines.get(line).substring(1).strip();
            int equals = text.indexOf('=');
            if (equals > 0) {
                written.put(text.substring(0, equals), text.substring(equals + 1));
            }
        }
        if (!written.equals(settings)) {
            Set<String> keys = new HashSet<>(settings.keySet());
            keys.addAll(written.keySet());
            String differences =
                    keys.stream()
                            .filter(
                                    key ->
                                            !String.valueOf(settings.get(key))
                                                    .equals(String.valueOf(written.get(key))))
                            .sorted(Comparator.comparingInt(key -> order(settings, key)))
                            .map(key -> key + " " + written.get(key) + ", now " + settings.get(key))
                            .collect(Collectors.joining("; "));
            throw new IllegalArgumentException(
                    file
                            + " was written with other settings ("
                            + differences
                            + "); use another --out folder or move the file away");
        }
        String columns = header.get(header.size() - 1);
        if (line >= lines.size() || !lines.get(line).equals(columns)) {
            throw new IllegalArgumentException(
                    file + " does not have the columns " + columns + " on line " + (line + 1));
        }
    }

    private static int order(Map<String, String> settings, String key) {
        int index = new ArrayList<>(settings.keySet()).indexOf(key);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private void dropIncompleteRuns(List<String> header) throws IOException {
        List<RunKey> incomplete =
                runs.entrySet().stream()
                        .filter(entry -> !isCompleteRun(entry.getValue()))
                        .map(Map.Entry::getKey)
                        .toList();
        if (incomplete.isEmpty()) {
            return;
        }
        for (RunKey run : incomplete) {
            dropped.add(
                    String.format(
                            Locale.ROOT,
                            "%s (%d of %d epochs)",
                            run.describe(),
                            runs.get(run).size(),
                            epochs));
            runs.remove(run);
        }
        List<String> kept = new ArrayList<>(header);
        for (List<Row> rows : runs.values()) {
            for (Row row : rows) {
                kept.add(format(row.run(), row.metrics(), row.cumulative()));
            }
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, lines(kept), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every epoch 1..E once. */
    private boolean isCompleteRun(List<Row> rows) {
        Set<Integer> present =
                rows.stream().map(row -> row.metrics().epoch()).collect(Collectors.toSet());
        return rows.size() == epochs
                && present.equals(
                        IntStream.rangeClosed(1, epochs).boxed().collect(Collectors.toSet()));
    }

    private String format(RunKey run, EpochMetrics metrics, double cumulative) {
        List<String> fields = new ArrayList<>(List.of(run.model(), run.variant()));
        fields.addAll(run.settings());
        fields.add(String.valueOf(run.seed()));
        fields.add(String.valueOf(metrics.epoch()));
        for (float value :
                new float[] {
                    metrics.trainLoss(),
                    metrics.trainAccuracy(),
                    metrics.testLoss(),
                    metrics.testAccuracy()
                }) {
            fields.add(String.format(Locale.ROOT, "%.6f", value));
        }
        fields.add(seconds(metrics.trainSeconds()));
        fields.add(seconds(metrics.evaluationSeconds()));
        fields.add(seconds(cumulative));
        if (precise) {
            fields.add(String.format(Locale.ROOT, "%.6f", metrics.preciseTestLoss()));
            fields.add(String.format(Locale.ROOT, "%.6f", metrics.preciseTestAccuracy()));
        }
        return String.join(",", fields);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    /** Parses a data line; {@code number} is its 1-based line number for errors, -1 if none. */
    private Row parse(String line, int number) {
        String[] fields = line.split(",", -1);
        int settings = settingColumns.size();
        int expected =
                2 + settings + METRIC_COLUMNS.size() + (precise ? PRECISE_COLUMNS.size() : 0);
        String where = file + " line " + number;
        if (fields.length != expected) {
            throw new IllegalArgumentException(
                    where + ": expected " + expected + " fields, found " + fields.length);
        }
        try {
            int at = 2 + settings;
            RunKey run =
                    new RunKey(
                            fields[0],
                            fields[1],
                            List.of(fields).subList(2, at),
                            Integer.parseInt(fields[at]));
            EpochMetrics metrics =
                    new EpochMetrics(
                            Integer.parseInt(fields[at + 1]),
                            Float.parseFloat(fields[at + 2]),
                            Float.parseFloat(fields[at + 3]),
                            Float.parseFloat(fields[at + 4]),
                            Float.parseFloat(fields[at + 5]),
                            Double.parseDouble(fields[at + 6]),
                            Double.parseDouble(fields[at + 7]),
                            precise ? Float.parseFloat(fields[at + 9]) : Float.NaN,
                            precise ? Float.parseFloat(fields[at + 10]) : Float.NaN);
            return new Row(run, metrics, Double.parseDouble(fields[at + 8]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static String lines(List<String> lines) {
        return lines.stream().map(line -> line + "\n").collect(Collectors.joining());
    }

    /**
     * What names a run in the file.
     *
     * @param model the model's command-line name
     * @param variant the variant's label, {@code plain} for the plain twin
     * @param settings the values of the variant's settings, in the order of the setting columns;
     *     empty texts for the plain twin
     * @param seed the seed
     */
    public record RunKey(String model, String variant, List<String> settings, int seed) {

        /** Copies the settings. */
        public RunKey {
            settings = List.copyOf(settings);
        }

        /**
         * Describes the run in words.
         *
         * @return for example {@code resnet20 plain seed 2}
         */
        public String describe() {
            return model + " " + variant + " seed " + seed;
        }
    }

    /**
     * One line of the file.
     *
     * @param run the run
     * @param metrics the epoch's metrics, as rounded in the file
     * @param cumulative the run's training seconds up to and including this epoch
     */
    public record Row(RunKey run, EpochMetrics metrics, double cumulative) {}
}
