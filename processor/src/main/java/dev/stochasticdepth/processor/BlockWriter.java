package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticDepthSettings;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.processor.NetworkModel.Unit;

import javax.lang.model.element.Modifier;

/**
 * Writes the nested stochastic residual block class of one target unit: a constructor that names
 * every setting through {@code StochasticResidualBlock.builder()}, and the forward of the
 * definition's method, scaling and skipDropped written out in DJL calls. The forward computes
 * exactly what the runtime's general {@code StochasticResidualBlock.forwardInternal} computes for
 * that configuration, drawing the same random numbers in the same order.
 */
final class BlockWriter {

    static final String RUNTIME = "dev.stochasticdepth.runtime";

    private static final ClassName STOCHASTIC_RESIDUAL_BLOCK =
            ClassName.get(RUNTIME, "StochasticResidualBlock");
    private static final ClassName ACTIVATION = ClassName.get("ai.djl.nn", "Activation");
    private static final ClassName BLOCKS = ClassName.get("ai.djl.nn", "Blocks");
    private static final ClassName ND_ARRAY = ClassName.get("ai.djl.ndarray", "NDArray");
    private static final ClassName ND_LIST = ClassName.get("ai.djl.ndarray", "NDList");
    private static final ClassName PARAMETER_STORE =
            ClassName.get("ai.djl.training", "ParameterStore");
    private static final TypeName FORWARD_PARAMS =
            ParameterizedTypeName.get(
                    ClassName.get("ai.djl.util", "PairList"),
                    ClassName.get(String.class),
                    ClassName.get(Object.class));
    static final ClassName POST_ACTIVATION = ClassName.get(PostActivation.class);
    private static final ClassName STOCHASTIC_METHOD = ClassName.get(StochasticMethod.class);
    private static final ClassName SCALING = ClassName.get(Scaling.class);

    private final StochasticMethod method;
    private final Scaling scaling;
    private final boolean skipDropped;

    BlockWriter(StochasticMethod method, Scaling scaling, boolean skipDropped) {
        this.method = method;
        this.scaling = scaling;
        this.skipDropped = skipDropped;
    }

    TypeSpec write(Unit unit) {
        return TypeSpec.classBuilder(unit.blockName())
                .addJavadoc(
                        "The stochastic residual block of {@link $T}:\n$L, post-activation $L.\n",
                        rawType(unit.type()),
                        StochasticDepthSettings.describeForward(method, scaling, skipDropped),
                        unit.postActivation())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .superclass(STOCHASTIC_RESIDUAL_BLOCK)
                .addMethod(constructor(unit))
                .addMethod(forward(unit))
                .build();
    }

    private MethodSpec constructor(Unit unit) {
        return MethodSpec.constructorBuilder()
                .addJavadoc("Creates the stochastic block of one unit.\n\n")
                .addJavadoc("@param unit the unit whose branch and shortcut the block runs\n")
                .addJavadoc("@param dropRate the drop rate p of the block, in [0, 1)\n")
                .addModifiers(Modifier.PUBLIC)
                .addParameter(unit.type(), "unit")
                .addParameter(TypeName.FLOAT, "dropRate")
                .addExceptions(unit.exceptions())
                .addStatement(
                        "super(builder()\n.setBranch(unit.$L())\n.optShortcut($L)"
                                + "\n.optPostActivation($T.$L)\n.optDropRate(dropRate)"
                                + "\n.optMethod($T.$L)\n.optScaling($T.$L)"
                                + "\n.optSkipDropped($L))",
                        unit.branch(),
                        shortcutCall(unit),
                        POST_ACTIVATION,
                        unit.postActivation(),
                        STOCHASTIC_METHOD,
                        method,
                        SCALING,
                        scaling,
                        skipDropped)
                .build();
    }

    /**
     * Writes the forward of the definition's settings in DJL calls: the shortcut, the branch, the
     * keep decision, the residual sum and the post-activation, with nothing left to a runtime
     * switch. It computes what the general forward of {@code StochasticResidualBlock} computes for
     * these settings, drawing the same random numbers in the same order.
     */
    private MethodSpec forward(Unit unit) {
        boolean relu = unit.postActivation() == PostActivation.RELU;
        CodeBlock.Builder body =
                CodeBlock.builder()
                        .addStatement("$T x = batch(inputs)", ND_ARRAY)
                        .addStatement("float drop = getDropRate()")
                        .addStatement("$T shortcut = $L", ND_ARRAY, forwardOf("getShortcut()"))
                        .beginControlFlow("if (!training)");
        if (scaling == Scaling.INFERENCE) {
            body.add("// Nothing is dropped at inference: the branch is scaled by 1 - p.\n")
                    .addStatement("$T branch = $L", ND_ARRAY, forwardOf("getBranch()"))
                    .addStatement(
                            "return new $T($L)",
                            ND_LIST,
                            post(relu, CodeBlock.of("branch.mul(1f - drop).addi(shortcut)")));
        } else {
            body.add("// Kept branches were scaled by 1 / (1 - p) in training:\n")
                    .add("// inference is the plain residual.\n")
                    .addStatement("$T branch = $L", ND_ARRAY, forwardOf("getBranch()"))
                    .addStatement(
                            "return new $T($L)",
                            ND_LIST,
                            post(relu, CodeBlock.of("shortcut.add(branch)")));
        }
        body.endControlFlow();
        if (method == StochasticMethod.BLOCK) {
            body.add("// One draw for the whole batch, on the host; a dropped branch does not run.\n")
                    .beginControlFlow("if (!keepsBranch(x, drop))")
                    .addStatement("return new $T($L)", ND_LIST, post(relu, CodeBlock.of("shortcut")))
                    .endControlFlow()
                    .addStatement("$T branch = $L", ND_ARRAY, forwardOf("getBranch()"));
            CodeBlock sum =
                    scaling == Scaling.INFERENCE
                            ? CodeBlock.of("shortcut.add(branch)")
                            : CodeBlock.of("branch.mul(1f / (1f - drop)).addi(shortcut)");
            body.addStatement("return new $T($L)", ND_LIST, post(relu, sum));
        } else {
            String keptValue = scaling == Scaling.INFERENCE ? "1f" : "1f / (1f - drop)";
            body.add("// One Bernoulli(1 - p) bit per sample, shaped (N, 1, ..., 1) on the device of x")
                    .add(
                            scaling == Scaling.INFERENCE
                                    ? ".\n"
                                    : ";\n// kept samples are scaled by 1 / (1 - p).\n")
                    .addStatement("$T mask = keepMask(x, drop, $L)", ND_ARRAY, keptValue);
            if (skipDropped) {
                body.add("// The branch runs on the kept samples only.\n")
                        .addStatement(
                                "$T sum = addKeptBranch(shortcut, mask, store, x, training,"
                                        + " params)",
                                ND_ARRAY)
                        .addStatement("return new $T($L)", ND_LIST, post(relu, CodeBlock.of("sum")));
            } else {
                body.addStatement("$T branch = $L", ND_ARRAY, forwardOf("getBranch()"))
                        .addStatement(
                                "return new $T($L)",
                                ND_LIST,
                                post(relu, CodeBlock.of("branch.mul(mask).addi(shortcut)")));
            }
        }
        return MethodSpec.methodBuilder("forwardInternal")
                .addJavadoc("{@inheritDoc}\n")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED)
                .returns(ND_LIST)
                .addParameter(PARAMETER_STORE, "store")
                .addParameter(ND_LIST, "inputs")
                .addParameter(TypeName.BOOLEAN, "training")
                .addParameter(FORWARD_PARAMS, "params")
                .addCode(body.build())
                .build();
    }

    /** Returns the forward of a child on the block's inputs, such as the branch's. */
    private static CodeBlock forwardOf(String child) {
        return CodeBlock.of("$L.forward(store, inputs, training, params).head()", child);
    }

    /** Applies the post-activation to a residual sum: ReLU, or nothing. */
    private static CodeBlock post(boolean relu, CodeBlock sum) {
        return relu ? CodeBlock.of("$T.relu($L)", ACTIVATION, sum) : sum;
    }

    /**
     * Returns the expression for the shortcut of local {@code unit}: the identity if it has none.
     */
    static CodeBlock shortcutCall(Unit unit) {
        return unit.shortcut()
                .map(name -> CodeBlock.of("unit.$L()", name))
                .orElse(CodeBlock.of("$T.identityBlock()", BLOCKS));
    }

    /** Returns the class of a possibly parameterized unit type, for Javadoc links. */
    static ClassName rawType(TypeName type) {
        return type instanceof ParameterizedTypeName parameterized
                ? parameterized.rawType()
                : (ClassName) type;
    }
}
