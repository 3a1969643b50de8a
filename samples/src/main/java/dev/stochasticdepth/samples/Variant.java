package dev.stochasticdepth.samples;

import ai.djl.nn.Block;
import ai.djl.training.listener.TrainingListener;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.runtime.StochasticResidualBlock;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One stochastic variant of {@code compare}, as a {@code --variant SPEC} gives it: comma-separated
 * {@code key=value} pairs, for example {@code method=BLOCK,drop=0.1,label=block}.
 *
 * <p>A setting SPEC does not give is {@code null} here and {@link #resolve} takes it from the
 * network's definition, the values its generated class compiled in. A resolved variant has every
 * setting, and its settings (with its label) name its runs in the results CSV.
 *
 * <p>Every part of the program that lists the settings goes through {@link #KEYS}: the parser, the
 * definition's defaults, the CSV columns and the descriptions. To add a setting, add a component,
 * its entry in {@link #KEYS} and its line in {@link #of}; then use it where the network is built or
 * trained.
 *
 * @param label the name of the variant in tables, charts and the CSV; not {@value #PLAIN}
 * @param drop the rate of the deepest block, in [0, 1)
 * @param distribution how the rates grow with depth
 * @param method whether each sample or the whole batch draws the keep decision
 * @param scaling where the branch is rescaled
 * @param skip whether dropped samples skip the branch (SAMPLE only)
 * @param warmup the training batches over which {@code DropRateWarmup} ramps the rates up, 0 for
 *     none
 */
record Variant(
        String label,
        Double drop,
        Distribution distribution,
        StochasticMethod method,
        Scaling scaling,
        Boolean skip,
        Integer warmup) {

    /** The label of the plain twin, which no variant may take. */
    static final String PLAIN = "plain";

    /** The label of a variant that gives no setting and no label: the definition's own. */
    static final String DEFINITION_LABEL = "stochastic depth";

    /** The settings, in the order of the CSV columns. */
    static final List<Key> KEYS =
            List.of(
                    new Key("drop", Variant::parseDrop, Variant::drop, Definition::drop),
                    new Key(
                            "distribution",
                            text -> parseEnum("distribution", Distribution.class, text),
                            Variant::distribution,
                            Definition::distribution),
                    new Key(
                            "method",
                            text -> parseEnum("method", StochasticMethod.class, text),
                            Variant::method,
                            definition -> definition.compiled().getMethod()),
                    new Key(
                            "scaling",
                            text -> parseEnum("scaling", Scaling.class, text),
                            Variant::scaling,
                            definition -> definition.compiled().getScaling()),
                    new Key(
                            "skip",
                            text -> parseBoolean("skip", text),
                            Variant::skip,
                            definition -> definition.compiled().isSkipDropped()),
                    new Key("warmup", Variant::parseWarmup, Variant::warmup, definition -> 0));

    private static final String LABEL = "label";

    /** Checks the label. */
    Variant {
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
    }

    /** Builds a variant from the value of each setting, {@code null} where unset. */
    private static Variant of(String label, Function<String, Object> setting) {
        return new Variant(
                label,
                (Double) setting.apply("drop"),
                (Distribution) setting.apply("distribution"),
                (StochasticMethod) setting.apply("method"),
                (Scaling) setting.apply("scaling"),
                (Boolean) setting.apply("skip"),
                (Integer) setting.apply("warmup"));
    }

    /**
     * Returns the variant that gives nothing: the definition's own settings.
     *
     * @return an unresolved variant labelled {@value #DEFINITION_LABEL}
     */
    static Variant definitionDefault() {
        return of(DEFINITION_LABEL, name -> null);
    }

    /**
     * Parses a {@code --variant} SPEC. Keys are {@code drop}, {@code distribution}, {@code method},
     * {@code scaling}, {@code skip}, {@code warmup} and {@code label}; enum values ignore case.
     * Without a label, the label is the given settings, space-separated (for example {@code
     * method=BLOCK drop=0.1}), or {@value #DEFINITION_LABEL} if there are none.
     *
     * @param spec for example {@code method=BLOCK,drop=0.1}
     * @return the variant, unresolved
     * @throws IllegalArgumentException naming the item at fault: not {@code key=value}, an unknown
     *     or repeated key, or a bad value
     */
    static Variant parse(String spec) {
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
        return of(label, given::get);
    }

    /**
     * Returns this variant with every setting it does not give taken from the definition.
     *
     * @param definition what the generated network compiled in
     * @return a variant with no {@code null} setting
     */
    Variant resolve(Definition definition) {
        return of(
                label,
                name -> {
                    Key key = key(name);
                    Object value = key.value().apply(this);
                    return value != null ? value : key.definition().apply(definition);
                });
    }

    /**
     * Returns the setting values in the order of {@link #KEYS}, as the CSV holds them.
     *
     * @return one text per setting; {@code null} for one not given
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
     * Builds a new instance of this resolved variant's network.
     *
     * @param definition the network's definition
     * @return the generated network, after surgery if method, scaling or skipping differ from the
     *     definition's
     * @throws IllegalArgumentException if the settings do not go together, such as skipping with
     *     {@code BLOCK}
     */
    Block network(Definition definition) {
        List<Float> rates =
                StochasticBlocks.schedule(distribution, drop, definition.rates().size());
        return GeneratedNetworks.stochastic(definition.network(), rates, method, scaling, skip);
    }

    /**
     * Returns the training listeners this resolved variant adds, its warmup.
     *
     * @return the listeners, maybe none
     */
    List<TrainingListener> listeners() {
        return GeneratedNetworks.warmup(warmup);
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
        Distribution.checkDrop(drop);
        return drop;
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
     * @param parser turns the SPEC value into the component's value, or throws an {@code
     *     IllegalArgumentException} naming it
     * @param value reads the component
     * @param definition the definition's value, for a variant that does not give it
     */
    record Key(
            String name,
            Function<String, Object> parser,
            Function<Variant, Object> value,
            Function<Definition, Object> definition) {}

    /**
     * What a generated network compiled in: its rates and its blocks' method, scaling and skipping.
     *
     * @param network the generated network
     * @param rates p_1..p_L of the definition
     * @param compiled a block of a new instance, holding the compiled settings
     */
    record Definition(SampleNetwork network, List<Float> rates, StochasticResidualBlock compiled) {

        /**
         * Reads the definition of a generated network.
         *
         * @param network the generated network
         * @return its definition
         */
        static Definition of(SampleNetwork network) {
            return new Definition(
                    network, network.dropRates(), GeneratedNetworks.compiled(network));
        }

        /**
         * Returns the rate of the deepest block, which is the definition's {@code drop}.
         *
         * @return p_L, through its decimal text so that a compiled 0.1f reads 0.1
         */
        double drop() {
            return Double.parseDouble(rates.get(rates.size() - 1).toString());
        }

        /**
         * Returns the distribution whose schedule gives exactly the compiled rates.
         *
         * @return the first such distribution, in declaration order
         * @throws IllegalStateException if none does
         */
        Distribution distribution() {
            return StochasticBlocks.distributionOf(rates)
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            String.format(
                                                    Locale.ROOT,
                                                    "no distribution gives the rates of %s: %s",
                                                    network.id(),
                                                    rates)));
        }
    }

    /** Converts {@code --variant} values, with one line naming what is wrong. */
    static final class Converter extends OneLineConverter<Variant> {

        /** Creates the converter picocli instantiates. */
        Converter() {
            super(Variant::parse);
        }
    }
}
