package dev.stochasticdepth.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.processor.NetworkModel.Constructor;
import dev.stochasticdepth.processor.NetworkModel.Layer;
import dev.stochasticdepth.processor.NetworkModel.LayerKind;
import dev.stochasticdepth.processor.NetworkModel.Parameter;
import dev.stochasticdepth.processor.NetworkModel.ResidualLayerUnit;
import dev.stochasticdepth.processor.NetworkModel.Sublayer;
import dev.stochasticdepth.processor.NetworkModel.Unit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.lang.model.element.Modifier;

/**
 * Writes the source of a generated network from its {@link NetworkModel}, and nothing else: no
 * compiler queries happen here. Members come in a fixed order and every collection is iterated in
 * model order, so the same model always gives the same bytes.
 */
final class NetworkWriter {

    /** The value of the {@code @Generated} annotation on every generated class. */
    static final String GENERATOR = StochasticDepthProcessor.class.getCanonicalName();

    /**
     * Rates per array literal: one literal initializes an array element by element in a single
     * method, which must stay under the JVM's 64 KB limit; larger tables are split into methods.
     */
    static final int RATES_PER_CHUNK = 1024;

    /**
     * Chunks per nested holder class: a class has room for 65,535 constants and each distinct rate
     * takes one, so very deep tables are spread over several classes.
     */
    static final int CHUNKS_PER_HOLDER = 16;

    /** Generated lines stay within this width, as in DJL's own sources. */
    private static final int LINE_WIDTH = 100;

    /** The indentation of one level, four spaces as in DJL (google-java-format AOSP). */
    private static final String INDENT = "    ";

    private static final ClassName GENERATED =
            ClassName.get("javax.annotation.processing", "Generated");
    private static final ClassName SETTINGS = ClassName.get(StochasticDepthSettings.class);
    private static final ClassName SEQUENTIAL_BLOCK = ClassName.get("ai.djl.nn", "SequentialBlock");
    private static final ClassName PARALLEL_BLOCK = ClassName.get("ai.djl.nn", "ParallelBlock");
    private static final ClassName RESIDUALS = ClassName.get(BlockWriter.RUNTIME, "Residuals");
    private static final ClassName STOCHASTIC_RESIDUAL_LAYER =
            ClassName.get(BlockWriter.RUNTIME, "StochasticResidualLayer");
    private static final TypeName FLOAT_LIST =
            ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(Float.class));

    private final NetworkModel model;

    private NetworkWriter(NetworkModel model) {
        this.model = model;
    }

    /** Returns the source file of {@code model}'s network. */
    static JavaFile write(NetworkModel model) {
        return new NetworkWriter(model).file();
    }

    private JavaFile file() {
        TypeSpec.Builder network =
                TypeSpec.classBuilder(model.network())
                        .addJavadoc(classJavadoc())
                        .addAnnotation(
                                AnnotationSpec.builder(GENERATED)
                                        .addMember("value", "$S", GENERATOR)
                                        .build())
                        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                        .superclass(SEQUENTIAL_BLOCK)
                        .addField(depthField())
                        .addField(settingsField())
                        .addField(dropRatesField());
        if (model.instantiatesDefinition()) {
            for (Constructor constructor : model.constructors()) {
                network.addMethod(mirroredConstructor(constructor));
            }
        } else {
            network.addMethod(staticConstructor());
        }
        network.addMethod(dropRateMethod()).addMethod(dropRatesMethod());
        for (Unit unit : model.plainUnits()) {
            network.addMethod(plainResidualMethod(unit));
        }
        for (ResidualLayerUnit layer : model.plainLayers()) {
            network.addMethod(plainLayerMethod(layer));
        }
        if (isChunked()) {
            network.addStaticBlock(chunkCopies());
        }
        BlockWriter blocks =
                new BlockWriter(
                        model.settings().method(),
                        model.settings().scaling(),
                        model.settings().skipDropped());
        for (Unit target : model.targets()) {
            network.addType(blocks.write(target));
        }
        for (ResidualLayerUnit layer : model.targetLayers()) {
            network.addType(layerBlock(layer));
        }
        for (Unit unit : model.sublayerUnits()) {
            network.addType(blocks.write(unit));
        }
        if (isChunked()) {
            int holders = (chunkCount() + CHUNKS_PER_HOLDER - 1) / CHUNKS_PER_HOLDER;
            for (int holder = 0; holder < holders; holder++) {
                network.addType(holderClass(holder));
            }
        }
        return JavaFile.builder(model.network().packageName(), network.build())
                .indent(INDENT)
                .skipJavaLangImports(true)
                .build();
    }

    private CodeBlock classJavadoc() {
        return CodeBlock.builder()
                .add(
                        "The stochastic-depth network generated from {@link $T}.\n\n",
                        model.definition())
                .add(
                        "<p>{@value #DEPTH} stochastic residual $L with $L drop rates up to"
                                + "\n{@code drop = $L}, $L.\n",
                        positions(),
                        model.settings().distribution(),
                        Literals.decimal(model.settings().drop()),
                        StochasticDepthSettings.describeForward(
                                model.settings().method(),
                                model.settings().scaling(),
                                model.settings().skipDropped()))
                .add(
                        model.targetLayers().isEmpty()
                                ? CodeBlock.of("")
                                : CodeBlock.of(
                                        "The residuals of a layer share its rate, each drawing its"
                                                + " own keep bits.\n"))
                .build();
    }

    /**
     * Names what the schedule counts: "blocks" as in every network without target layers, "layers",
     * or "blocks and layers".
     */
    private String positions() {
        if (model.targetLayers().isEmpty()) {
            return "blocks";
        }
        return model.targets().isEmpty() ? "layers" : "blocks and layers";
    }

    private FieldSpec depthField() {
        return FieldSpec.builder(
                        TypeName.INT, "DEPTH", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The number L of stochastic residual $L.\n", positions())
                .initializer("$L", model.dropRates().size())
                .build();
    }

    /**
     * Writes the definition's settings as a constant, each setting named by its wither, so that
     * run-time code can read what the CLASS-retention annotation said.
     */
    private FieldSpec settingsField() {
        return FieldSpec.builder(
                        SETTINGS, "SETTINGS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(
                        "The settings of {@link $T}'s {@code @StochasticDepth},\nreadable at run"
                                + " time.\n",
                        model.definition())
                .initializer(
                        "$T.of($L)\n$>$>.withDistribution($T.$L)\n.withMethod($T.$L)"
                                + "\n.withScaling($T.$L)\n.withSkipDropped($L)$<$<",
                        SETTINGS,
                        Literals.decimal(model.settings().drop()),
                        ClassName.get(Distribution.class),
                        model.settings().distribution(),
                        ClassName.get(StochasticMethod.class),
                        model.settings().method(),
                        ClassName.get(Scaling.class),
                        model.settings().scaling(),
                        model.settings().skipDropped())
                .build();
    }

    private FieldSpec dropRatesField() {
        FieldSpec.Builder field =
                FieldSpec.builder(
                                float[].class,
                                "DROP_RATES",
                                Modifier.PRIVATE,
                                Modifier.STATIC,
                                Modifier.FINAL)
                        .addJavadoc(
                                "The drop rate of each stochastic $L in assembly order:\n$L,"
                                        + " drop = $L, L = $L.\n",
                                position(),
                                model.settings().distribution(),
                                Literals.decimal(model.settings().drop()),
                                model.dropRates().size());
        if (isChunked()) {
            return field.initializer("new float[DEPTH]").build();
        }
        return field.initializer(ratesLiteral(0, model.dropRates().size(), "{", 2)).build();
    }

    private boolean isChunked() {
        return model.dropRates().size() > RATES_PER_CHUNK;
    }

    private int chunkCount() {
        return (model.dropRates().size() + RATES_PER_CHUNK - 1) / RATES_PER_CHUNK;
    }

    /** Fills {@code DROP_RATES} from the chunk methods, in a static initializer. */
    private CodeBlock chunkCopies() {
        CodeBlock.Builder copies =
                CodeBlock.builder()
                        .add(
                                "// $L rates in chunks of $L, as one literal would exceed the JVM's"
                                        + " method size limit.\n",
                                model.dropRates().size(),
                                RATES_PER_CHUNK);
        for (int chunk = 0; chunk < chunkCount(); chunk++) {
            int from = chunk * RATES_PER_CHUNK;
            int length = Math.min(RATES_PER_CHUNK, model.dropRates().size() - from);
            copies.addStatement(
                    "$T.arraycopy($L.chunk$L(), 0, DROP_RATES, $L, $L)",
                    System.class,
                    holderName(chunk / CHUNKS_PER_HOLDER),
                    chunk,
                    from,
                    length);
        }
        return copies.build();
    }

    private static String holderName(int holder) {
        return "DropRates" + holder;
    }

    /** Returns the nested class that holds chunks {@code [holder * CHUNKS_PER_HOLDER, ...)}. */
    private TypeSpec holderClass(int holder) {
        int firstChunk = holder * CHUNKS_PER_HOLDER;
        int lastChunk = Math.min(firstChunk + CHUNKS_PER_HOLDER, chunkCount());
        int lastBlock = Math.min(lastChunk * RATES_PER_CHUNK, model.dropRates().size());
        TypeSpec.Builder type =
                TypeSpec.classBuilder(holderName(holder))
                        .addJavadoc(
                                "The drop rates of $L, in a class of their own: a class has room"
                                        + " for 65,535\nconstants.\n",
                                describeBlocks(firstChunk * RATES_PER_CHUNK, lastBlock))
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL);
        for (int chunk = firstChunk; chunk < lastChunk; chunk++) {
            int from = chunk * RATES_PER_CHUNK;
            int to = Math.min(from + RATES_PER_CHUNK, model.dropRates().size());
            type.addMethod(
                    MethodSpec.methodBuilder("chunk" + chunk)
                            .addModifiers(Modifier.STATIC)
                            .returns(float[].class)
                            .addCode("return $L;\n", ratesLiteral(from, to, "new float[] {", 4))
                            .build());
        }
        return type.build();
    }

    /**
     * Returns the array literal of rates {@code [from, to)}, with a comment naming the layer each
     * run of rates belongs to, wrapped to the line width at indentation {@code level}.
     */
    private CodeBlock ratesLiteral(int from, int to, String opening, int level) {
        CodeBlock.Builder literal = CodeBlock.builder().add(opening + "\n$>");
        int indent = INDENT.length() * level;
        for (Layer layer : model.layers()) {
            if (!layer.kind().isStochastic()) {
                continue;
            }
            int first = Math.max(from, layer.firstBlock());
            int last = Math.min(to, layer.firstBlock() + layer.repeat());
            if (first >= last) {
                continue;
            }
            literal.add(
                    "// $L: $L\n",
                    describeCalls(layer, first, last),
                    layer.kind() == LayerKind.STOCHASTIC_LAYER
                            ? describeLayers(first, last, layer.residualLayer().orElseThrow())
                            : describeBlocks(first, last));
            StringBuilder line = new StringBuilder();
            for (int block = first; block < last; block++) {
                String item =
                        Literals.floatLiteral(model.dropRates().get(block))
                                + (block + 1 < to ? "," : "");
                if (line.length() > 0 && indent + line.length() + 1 + item.length() > LINE_WIDTH) {
                    literal.add("$L\n", line.toString());
                    line.setLength(0);
                }
                line.append(line.length() > 0 ? " " : "").append(item);
            }
            literal.add("$L\n", line.toString());
        }
        return literal.add("$<}").build();
    }

    /** Describes the calls of {@code layer} that make blocks {@code [first, last)}: conv2(0..2). */
    private static String describeCalls(Layer layer, int first, int last) {
        int firstIndex = first - layer.firstBlock();
        int lastIndex = last - 1 - layer.firstBlock();
        String arguments =
                !layer.takesIndex()
                        ? ""
                        : firstIndex == lastIndex
                                ? Integer.toString(firstIndex)
                                : firstIndex + ".." + lastIndex;
        return layer.method() + "(" + arguments + ")";
    }

    /** Describes 0-based blocks {@code [first, last)} by their 1-based numbers: blocks 1-3. */
    private static String describeBlocks(int first, int last) {
        return describeRange("block", first, last);
    }

    /**
     * Describes 0-based positions {@code [first, last)} of residual layers: layers 1-6, each
     * attention() then mlp().
     */
    private static String describeLayers(int first, int last, ResidualLayerUnit layer) {
        return describeRange("layer", first, last)
                + (last - first == 1 ? ", " : ", each ")
                + layer.sublayers().stream()
                        .map(sublayer -> sublayer.method() + "()")
                        .collect(Collectors.joining(" then "));
    }

    private static String describeRange(String noun, int first, int last) {
        return last - first == 1
                ? noun + " " + (first + 1)
                : noun + "s " + (first + 1) + "-" + last;
    }

    /** Names one position of the schedule: "block", "layer", or "block or layer". */
    private String position() {
        if (model.targetLayers().isEmpty()) {
            return "block";
        }
        return model.targets().isEmpty() ? "layer" : "block or layer";
    }

    private MethodSpec staticConstructor() {
        return MethodSpec.constructorBuilder()
                .addJavadoc(
                        "Creates the network from the static layer methods of\n{@link $T}.\n",
                        model.definition())
                .addModifiers(Modifier.PUBLIC)
                .addExceptions(model.layerExceptions())
                .addCode(layers(null, Set.of()))
                .build();
    }

    private MethodSpec mirroredConstructor(Constructor constructor) {
        Set<String> taken =
                constructor.parameters().stream().map(Parameter::name).collect(Collectors.toSet());
        String definition = unusedName("definition", taken);
        MethodSpec.Builder method =
                MethodSpec.constructorBuilder()
                        .addJavadoc(
                                "Creates the network from the layer methods of a new {@link $T}.\n",
                                model.definition());
        if (!constructor.parameters().isEmpty()) {
            method.addJavadoc("\n");
        }
        for (Parameter parameter : constructor.parameters()) {
            method.addJavadoc(
                            "@param $L passed to the definition's constructor\n", parameter.name())
                    .addParameter(parameter.type(), parameter.name());
        }
        constructor.visibility().ifPresent(method::addModifiers);
        Set<TypeName> exceptions = new LinkedHashSet<>(constructor.exceptions());
        exceptions.addAll(model.layerExceptions());
        String arguments =
                constructor.parameters().stream()
                        .map(Parameter::name)
                        .collect(Collectors.joining(", "));
        return method.addTypeVariables(constructor.typeVariables())
                .varargs(constructor.varargs())
                .addExceptions(exceptions)
                .addStatement(
                        "$T $L = new $T($L)",
                        model.definition(),
                        definition,
                        model.definition(),
                        arguments)
                .addCode(layers(definition, taken))
                .build();
    }

    /**
     * Returns the statements that add every layer in assembly order, calling instance layer methods
     * on local variable {@code definition} and static ones through the class that declares them.
     */
    private CodeBlock layers(String definition, Set<String> taken) {
        String index = unusedName("i", taken);
        CodeBlock.Builder code = CodeBlock.builder();
        for (Layer layer : model.layers()) {
            CodeBlock receiver =
                    layer.isStatic()
                            ? CodeBlock.of("$T", layer.owner())
                            : CodeBlock.of("$L", definition);
            boolean loop = layer.repeat() > 1;
            String argument = layer.takesIndex() ? (loop ? index : "0") : "";
            if (loop) {
                code.beginControlFlow(
                        "for (int $L = 0; $L < $L; $L++)", index, index, layer.repeat(), index);
            }
            CodeBlock call = CodeBlock.of("$L.$L($L)", receiver, layer.method(), argument);
            switch (layer.kind()) {
                case BLOCK -> code.addStatement("add($L)", call);
                case PLAIN -> code.addStatement("add(plainResidual($L))", call);
                case PLAIN_LAYER -> code.addStatement("add(plainLayer($L))", call);
                case STOCHASTIC, STOCHASTIC_LAYER -> {
                    String rate =
                            loop
                                    ? layer.firstBlock() == 0
                                            ? index
                                            : layer.firstBlock() + " + " + index
                                    : Integer.toString(layer.firstBlock());
                    code.addStatement(
                            "add(new $L($L, DROP_RATES[$L]))", layer.blockName(), call, rate);
                }
                default -> throw new AssertionError(layer.kind());
            }
            if (loop) {
                code.endControlFlow();
            }
        }
        return code.build();
    }

    private static String unusedName(String name, Set<String> taken) {
        String candidate = name;
        for (int suffix = 1; taken.contains(candidate); suffix++) {
            candidate = name + suffix;
        }
        return candidate;
    }

    private MethodSpec dropRateMethod() {
        return MethodSpec.methodBuilder("dropRate")
                .addJavadoc("Returns the drop rate of one stochastic residual $L.\n\n", position())
                .addJavadoc(
                        "@param block the 0-based index of the $L, in assembly order\n", position())
                .addJavadoc("@return its drop rate p, computed at compile time\n")
                .addJavadoc(
                        "@throws IllegalArgumentException if {@code block} is not in [0, DEPTH)\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(TypeName.FLOAT)
                .addParameter(TypeName.INT, "block")
                .beginControlFlow("if (block < 0 || block >= DEPTH)")
                .addStatement(
                        "throw new $T($S + DEPTH + $S + block)",
                        IllegalArgumentException.class,
                        "block must be in [0, ",
                        "), got ")
                .endControlFlow()
                .addStatement("return DROP_RATES[block]")
                .build();
    }

    private MethodSpec dropRatesMethod() {
        return MethodSpec.methodBuilder("dropRates")
                .addJavadoc(
                        "Returns the drop rates of all stochastic residual $L.\n\n", positions())
                .addJavadoc(
                        "@return an unmodifiable list of {@link #DEPTH} rates, in assembly order\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(FLOAT_LIST)
                .addStatement("$T[] rates = new $T[DEPTH]", Float.class, Float.class)
                .beginControlFlow("for (int block = 0; block < DEPTH; block++)")
                .addStatement("rates[block] = DROP_RATES[block]")
                .endControlFlow()
                .addStatement("return $T.of(rates)", List.class)
                .build();
    }

    private static MethodSpec plainResidualMethod(Unit unit) {
        return MethodSpec.methodBuilder("plainResidual")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(PARALLEL_BLOCK)
                .addParameter(unit.type(), "unit")
                .addExceptions(unit.exceptions())
                .addStatement(
                        "return $T.plain(unit.$L(), $L, $T.$L)",
                        RESIDUALS,
                        unit.branch(),
                        BlockWriter.shortcutCall(unit),
                        BlockWriter.POST_ACTIVATION,
                        unit.postActivation())
                .build();
    }

    /** Returns one argument per sublayer of {@code layer}, in order, one per line. */
    private static CodeBlock residualArguments(
            ResidualLayerUnit layer, Function<Sublayer, CodeBlock> residual) {
        return layer.sublayers().stream().map(residual).collect(CodeBlock.joining(",\n"));
    }

    /** Returns the method that makes the plain layer of a non-target residual layer. */
    private static MethodSpec plainLayerMethod(ResidualLayerUnit layer) {
        CodeBlock residuals =
                residualArguments(
                        layer,
                        sublayer -> CodeBlock.of("plainResidual(layer.$L())", sublayer.method()));
        return MethodSpec.methodBuilder("plainLayer")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(SEQUENTIAL_BLOCK)
                .addParameter(layer.type(), "layer")
                .addExceptions(layer.exceptions())
                .addStatement("return $T.plainLayer($T.of(\n$L))", RESIDUALS, List.class, residuals)
                .build();
    }

    /**
     * Returns the nested stochastic layer class of a target residual layer: the generated block of
     * each sublayer's unit, all at the layer's one rate.
     */
    private static TypeSpec layerBlock(ResidualLayerUnit layer) {
        CodeBlock residuals =
                residualArguments(
                        layer,
                        sublayer ->
                                CodeBlock.of(
                                        "new $L(layer.$L(), dropRate)",
                                        sublayer.unit().blockName(),
                                        sublayer.method()));
        String sublayers =
                layer.sublayers().stream()
                        .map(Sublayer::method)
                        .map(method -> method + "()")
                        .collect(Collectors.joining(" then "));
        MethodSpec constructor =
                MethodSpec.constructorBuilder()
                        .addJavadoc("Creates the stochastic layer of one residual layer.\n\n")
                        .addJavadoc("@param layer the layer whose residuals the block runs\n")
                        .addJavadoc(
                                "@param dropRate the drop rate p its residuals share, in [0, 1)\n")
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(layer.type(), "layer")
                        .addParameter(TypeName.FLOAT, "dropRate")
                        .addExceptions(layer.exceptions())
                        .addStatement("super(\n$L)", residuals)
                        .build();
        return TypeSpec.classBuilder(layer.blockName())
                .addJavadoc(
                        "The stochastic residual layer of {@link $T}:\n$L, sharing one drop rate,"
                                + " each drawing its own keep bits.\n",
                        BlockWriter.rawType(layer.type()),
                        sublayers)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .superclass(STOCHASTIC_RESIDUAL_LAYER)
                .addMethod(constructor)
                .build();
    }
}
