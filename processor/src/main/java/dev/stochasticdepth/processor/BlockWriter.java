package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import dev.stochasticdepth.annotations.PostActivation;
import dev.stochasticdepth.annotations.Scaling;
import dev.stochasticdepth.annotations.StochasticMethod;
import dev.stochasticdepth.processor.NetworkModel.Unit;

import javax.lang.model.element.Modifier;

/**
 * Writes the nested stochastic residual block class of one target unit, with the forward of the
 * definition's method, scaling and skipDropped written out. Each path computes exactly what the
 * runtime's general {@code StochasticResidualBlock.forwardInternal} computes for that
 * configuration, drawing the same random numbers in the same order.
 */
final class BlockWriter {

    static final String RUNTIME = "dev.stochasticdepth.runtime";

    private static final ClassName STOCHASTIC_RESIDUAL_BLOCK =
            ClassName.get(RUNTIME, "StochasticResidualBlock");
    private static final ClassName KEEP_MASKS = ClassName.get(RUNTIME, "KeepMasks");
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

    /** The branch run on the whole batch, as every path but skipDropped writes it. */
    private static final String BRANCH = "forwardBranch(store, x, training, params)";

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
                        describe(method, scaling, skipDropped),
                        unit.postActivation())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .superclass(STOCHASTIC_RESIDUAL_BLOCK)
                .addMethod(constructor(unit))
                .addMethod(forward())
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
                        "super(\nunit.$L(),\n$L,\n$T.$L,\ndropRate,\n$T.$L,\n$T.$L,\n$L)",
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

    private MethodSpec forward() {
        boolean scaleAtInference = scaling == Scaling.INFERENCE;
        CodeBlock.Builder body =
                CodeBlock.builder()
                        .addStatement("$T x = input(inputs)", ND_ARRAY)
                        .addStatement("float drop = getDropRate()")
                        .addStatement(
                                "$T shortcut = forwardShortcut(store, x, training, params)",
                                ND_ARRAY);
        body.add("// p = 0 is exactly the plain residual block.\n")
                .beginControlFlow("if (drop == 0f)")
                .beginControlFlow("if (training)")
                .addStatement("observe(drop, x, true)")
                .endControlFlow()
                .addStatement("return activate(shortcut.add($L))", BRANCH)
                .endControlFlow()
                .addStatement("float keep = 1f - drop")
                .beginControlFlow("if (!training)");
        if (scaleAtInference) {
            body.addStatement("$T branchOutput = $L", ND_ARRAY, BRANCH)
                    .addStatement("return activate(addScaled(shortcut, branchOutput, keep))");
        } else {
            body.add("// Kept branches were scaled up in training: inference is the plain block.\n")
                    .addStatement("return activate(shortcut.add($L))", BRANCH);
        }
        body.endControlFlow();
        String kept = scaleAtInference ? "1f" : "1f / keep";
        if (method == StochasticMethod.BLOCK) {
            body.add("// One draw for the whole batch; a dropped branch does not run.\n")
                    .addStatement("boolean kept = keepsBranch(x, keep)")
                    .addStatement("observe(drop, x, kept)")
                    .beginControlFlow("if (!kept)")
                    .addStatement("return activate(shortcut)")
                    .endControlFlow();
            if (scaleAtInference) {
                body.addStatement("return activate(shortcut.add($L))", BRANCH);
            } else {
                body.addStatement("$T branchOutput = $L", ND_ARRAY, BRANCH)
                        .addStatement(
                                "return activate(addScaled(shortcut, branchOutput, 1f / keep))");
            }
        } else {
            body.add("// One Bernoulli(keep) draw per sample, shaped (N, 1, ..., 1).\n")
                    .addStatement(
                            "$T mask = $T.perSample(x, keep, $L)", ND_ARRAY, KEEP_MASKS, kept)
                    .addStatement("observe(drop, mask)");
            if (skipDropped) {
                body.addStatement(
                        "return activate(addKeptBranch(shortcut, mask, store, x, training,"
                                + " params))");
            } else {
                body.addStatement("$T branchOutput = $L", ND_ARRAY, BRANCH)
                        .addStatement("return activate(addScaled(shortcut, branchOutput, mask))");
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

    /** Describes a forward configuration, such as "SAMPLE method, INFERENCE scaling". */
    static String describe(StochasticMethod method, Scaling scaling, boolean skipDropped) {
        return method
                + " method, "
                + scaling
                + " scaling"
                + (skipDropped ? ", dropped samples skip the branch" : "");
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
