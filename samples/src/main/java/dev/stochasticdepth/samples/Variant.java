package dev.stochasticdepth.samples;

import ai.djl.nn.Block;
import ai.djl.training.listener.TrainingListener;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.samples.data.FashionMnist;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One stochastic variant of {@code compare}: its label, the {@link StochasticDepthSettings} of its
 * network and its warmup. A {@code --variant SPEC} gives it as a {@link Spec}, which {@link
 * Spec#resolve} completes with the network's own settings; the settings (with the label) name its
 * runs in the results CSV.
 *
 * <p>Every part of the program that lists the settings goes through {@link #KEYS}: the parser, the
 * network's defaults, the CSV columns and the descriptions. To add a setting, add its entry in
 * {@link #KEYS} and its value in {@link Spec#resolve}; then use it where the network is built or
 * trained.
 *
 * @param label the name of the variant in tables, charts and the CSV; not {@value #PLAIN}
 * @param settings the settings of its network
 * @param warmup the training batches over which {@code DropRateWarmup} ramps the rates up, 0 for
 *     none
 */
record Variant(String label, StochasticDepthSettings settings, int warmup) {

    /** The label of the plain twin, which no variant may take. */
    static final String PLAIN = "plain";

    /** The label of a variant that gives no setting and no label: the definition's own. */
    static final String DEFINITION_LABEL = "stochastic depth";

    /** The settings, in the order of the CSV columns. */
    static final List<Key> KEYS =
            List.of(
                    new Key("drop", Variant::parseDrop, variant -> variant.settings().drop()),
                    new Key(
                            "distribution",
                            text -> parseEnum("distribution", Distribution.class, text),
                            variant -> variant.settings().distribution()),
                    new Key(
                            "method",
                            text -> parseEnum("method", StochasticMethod.class, text),
                            variant -> variant.settings().method()),
                    new Key(
                            "scaling",
                            text -> parseEnum("scaling", Scaling.class, text),
                            variant -> variant.settings().scaling()),
                    new Key(
                            "skip",
                            text -> parseBoolean("skip", text),
                            variant -> variant.settings().skipDropped()),
                    new Key("warmup", Variant::parseWarmup, Variant::warmup));

    private static final String LABEL = "label";

    /**
     * Returns the variant that gives nothing: the network's own settings.
     *
     * @return a spec labelled {@value #DEFINITION_LABEL}
     */
    static Spec definitionDefault() {
        return new Spec(DEFINITION_LABEL, Map.of());
    }

    /**
     * Parses a {@code --variant} SPEC. Keys are {@code drop}, {@code distribution}, {@code method},
     * {@code scaling}, {@code skip}, {@code warmup} and {@code label}; enum values ignore case.
     * Without a label, the label is the given settings, space-separated (for example {@code
     * method=BLOCK drop=0.1}), or {@value #DEFINITION_LABEL} if there are none.
     *
     * @param spec for example {@code method=BLOCK,drop=0.1}
     * @return the given settings, not yet completed with the network's
     * @throws IllegalArgumentException naming the item at fault: not {@code key=value}, an unknown
     *     or repeated key, or a bad value
     */
    static Spec parse(String spec) {
        if (spec.isBlank()) {
            throw new IllegalArgumentException(
                    "empty variant: give key=value pairs such as method=BLOCK,drop=0.1");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        String label = null;
        for (String item : spec.split(",", -1)) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(
                        "'" + item.strip() + "' in '" + spec + "' is not key=value");
            }
            String name = item.substring(0, equals).strip();
            String value = item.substring(equals + 1).strip();
            if (given.containsKey(name) || (name.equals(LABEL) && label != null)) {
                throw new IllegalArgumentException(
                        "key '" + name + "' given twice in '" + spec + "'");
            }
            if (name.equals(LABEL)) {
                label = value;
            } else {
                given.put(name, key(name).parser().apply(value));
            }
        }
        if (label == null) {
            label =
                    given.isEmpty()
                            ? DEFINITION_LABEL
                            : given.entrySet().stream()
                                    .map(entry -> entry.getKey() + "=" + entry.getValue())
                                    .collect(Collectors.joining(" "));
        }
        return new Spec(label, given);
    }

    /**
     * Returns the setting values in the order of {@link #KEYS}, as the CSV holds them.
     *
     * @return one text per setting
     */
    List<String> settingValues() {
        return KEYS.stream().map(key -> String.valueOf(key.value().apply(this))).toList();
    }

    /**
     * Describes the settings.
     *
     * @return for example {@code drop=0.5 distribution=LINEAR method=SAMPLE ...}
     */
    String describe() {
        return KEYS.stream()
                .map(key -> key.name() + "=" + key.value().apply(this))
                .collect(Collectors.joining(" "));
    }

    /**
     * Builds a new instance of this variant's network.
     *
     * @param network the catalogue entry
     * @return the network as it is if the settings are its own, else after surgery
     */
    Block network(SampleNetwork network) {
        return network.create(FashionMnist.CLASSES, settings);
    }

    /**
     * Returns the training listeners this variant adds, its warmup.
     *
     * @return the listeners, maybe none
     */
    List<TrainingListener> listeners() {
        return StochasticBlocks.warmup(warmup);
    }

    private static Key key(String name) {
        for (Key key : KEYS) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        throw new IllegalArgumentException(
                "unknown key '"
                        + name
                        + "', expected one of "
                        + KEYS.stream().map(Key::name).collect(Collectors.joining(", "))
                        + " or "
                        + LABEL);
    }

    private static Double parseDrop(String text) {
        double drop;
        try {
            drop = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("drop must be a number, got '" + text + "'");
        }
        // The settings' own check, now, so that a bad drop names the SPEC it is in.
        return StochasticDepthSettings.of(drop).drop();
    }

    private static Integer parseWarmup(String text) {
        int steps;
        try {
            steps = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "warmup must be a whole number of steps, got '" + text + "'");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("warmup must be at least 0, got " + steps);
        }
        return steps;
    }

    private static Boolean parseBoolean(String name, String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(name + " must be true or false, got '" + text + "'");
    }

    private static <E extends Enum<E>> E parseEnum(String name, Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(
                name
                        + " must be one of "
                        + Arrays.stream(type.getEnumConstants())
                                .map(Enum::name)
                                .collect(Collectors.joining(", "))
                        + ", got '"
                        + text
                        + "'");
    }

    /**
     * One setting of a SPEC.
     *
     * @param name the key in SPEC and the CSV column
     * @param parser turns the SPEC value into the setting's value, or throws an {@code
     *     IllegalArgumentException} naming it
     * @param value reads the setting of a variant
     */
    record Key(String name, Function<String, Object> parser, Function<Variant, Object> value) {}

    /**
     * A variant as {@code --variant SPEC} gives it: its label and the settings it gives, the others
     * to be taken from the network.
     *
     * @param label the name of the variant; not {@value #PLAIN}
     * @param given the value of each key of {@link #KEYS} the SPEC gives, by key name
     */
    record Spec(String label, Map<String, Object> given) {

        /** Checks the label. */
        Spec {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a variant's label must not be empty");
            }
            if (label.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a variant's label must be one line of text");
            }
            if (label.strip().equalsIgnoreCase(PLAIN)) {
                throw new IllegalArgumentException(
                        "label '" + label + "' is reserved for the plain twin");
            }
            label = label.strip();
            given = Map.copyOf(given);
        }

        /**
         * Returns the variant with every setting this spec does not give taken from the network.
         *
         * @param network the catalogue entry whose settings complete the spec
         * @return the variant
         * @throws IllegalArgumentException if the settings do not go together, such as skipping
         *     with {@code BLOCK}
         */
        Variant resolve(SampleNetwork network) {
            Variant own = new Variant(label, network.settings(), 0);
            Function<String, Object> value =
                    name ->
                            given.containsKey(name)
                                    ? given.get(name)
                                    : key(name).value().apply(own);
            return new Variant(
                    label,
                    new StochasticDepthSettings(
                            (Double) value.apply("drop"),
                            (Distribution) value.apply("distribution"),
                            (StochasticMethod) value.apply("method"),
                            (Scaling) value.apply("scaling"),
                            (Boolean) value.apply("skip")),
                    (Integer) value.apply("warmup"));
        }
    }

    /** Converts {@code --variant} values, with one line naming what is wrong. */
    static final class Converter extends OneLineConverter<Spec> {

        /** Creates the converter picocli instantiates. */
        Converter() {
            super(Variant::parse);
        }
    }
}
