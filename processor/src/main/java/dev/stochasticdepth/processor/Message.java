package dev.stochasticdepth.processor;

import java.util.Locale;

/**
 * Every diagnostic of the processor, each with a stable id that users can search for and tests
 * refer to, the problem, and how to fix it.
 *
 * <p>{@code Message.DROP_OUT_OF_RANGE.format(1.0)} reads {@code "[SD101] drop must be in [0, 1),
 * got 1.0. Fix: ..."}.
 */
public enum Message {
    /** The drop rate is NaN or outside [0, 1). */
    DROP_OUT_OF_RANGE(
            "SD101",
            "drop must be in [0, 1), got %s",
            "use the rate of the deepest block, for example drop = 0.2 (1.0 would always drop it)"),
    /** The annotation is on an interface, enum, record or annotation type. */
    DEFINITION_NOT_CLASS(
            "SD102",
            "@StochasticDepth applies to classes, but %s is %s",
            "declare the network definition as a class"),
    /** The definition is an inner (non-static nested) or local class. */
    DEFINITION_NOT_STATIC(
            "SD103",
            "%s is an inner or local class, which the generated network cannot create",
            "make it a top-level or static nested class"),
    /** The definition, or a class enclosing it, is private. */
    DEFINITION_PRIVATE(
            "SD104",
            "%s is private or enclosed in a private class, so the generated network cannot use it",
            "remove private"),
    /** The definition declares type parameters. */
    DEFINITION_GENERIC(
            "SD105",
            "%s has type parameters, which the generated network cannot choose",
            "remove the type parameters from the definition"),
    /** The {@code name} member is not a usable class name. */
    INVALID_NAME(
            "SD106",
            "name \"%s\" is not a Java identifier",
            "use a simple class name such as StochasticResNet50, or leave name empty"),
    /** Two definitions, or a definition and itself, would generate the same class. */
    NAME_CLASH(
            "SD107",
            "the generated class %s would clash with %s",
            "give this definition another name, for example with @StochasticDepth(name = ...)"),
    /** {@code target} lists no type. */
    NO_TARGET(
            "SD108",
            "target is empty, so no block would be stochastic",
            "list the @Residual types whose blocks become stochastic, for example target ="
                    + " Bottleneck.class"),
    /** A {@code target} item is not annotated {@code @Residual}. */
    TARGET_NOT_RESIDUAL(
            "SD109",
            "target %s is not annotated @Residual",
            "annotate it @Residual with a @Branch method, or remove it from target"),
    /** No layer returns a {@code target} item. */
    TARGET_UNUSED(
            "SD110",
            "no @Layer method returns the target %s",
            "add a @Layer method that returns it, or remove it from target"),
    /** A {@code target} item is listed twice. */
    TARGET_DUPLICATE("SD111", "target %s is listed twice", "list each target type once"),
    /** Two targets would give nested block classes of the same name. */
    TARGET_NAME_CLASH(
            "SD112",
            "targets %s and %s would both generate the nested class %s",
            "rename one of the two residual classes"),
    /** {@code skipDropped} is set with {@code method = BLOCK}. */
    SKIP_DROPPED_WITH_BLOCK(
            "SD113",
            "skipDropped = true applies to method = SAMPLE only; BLOCK never runs a dropped branch",
            "remove skipDropped, or use method = SAMPLE"),
    /** The definition has no {@code @Layer} method. */
    NO_LAYERS(
            "SD114",
            "%s has no @Layer method",
            "add @Layer(order = ...) methods that return the layers in order"),
    /** A type the generated code needs is not on the class path. */
    REQUIRED_TYPE_MISSING(
            "SD115",
            "%s is not on the class path, but the generated network needs it; it comes with %s",
            "add that dependency to the compile class path"),
    /** A method overrides or hides an inherited layer method without {@code @Layer}. */
    LAYER_OVERRIDE_WITHOUT_LAYER(
            "SD116",
            "%s %s the @Layer method %s of %s without @Layer",
            "annotate the override with @Layer, or remove it"),
    /** Processing ended with the definition still waiting for a type that never appeared. */
    DEFINITION_DEFERRED(
            "SD117",
            "%s was not generated because %s still did not compile when processing ended: %s",
            "fix the compiler's error on the definition, for example by adding the dependency or"
                    + " processor that provides a missing type"),

    /** A layer method is private. */
    LAYER_PRIVATE(
            "SD201",
            "@Layer method %s is private, so the generated network cannot call it",
            "make it package-private or public"),
    /** A layer method takes parameters other than one {@code int}. */
    LAYER_PARAMETERS(
            "SD202",
            "@Layer method %s takes %s, but a layer takes nothing or one int (the repetition"
                    + " index)",
            "declare no parameter, or one int parameter for the 0-based index"),
    /** A repeated layer method takes no index. */
    LAYER_REPEAT_WITHOUT_INDEX(
            "SD203",
            "@Layer(repeat = %d) method %s takes no index, so every repetition would be the same"
                    + " call",
            "add an int parameter for the 0-based repetition index"),
    /** {@code repeat} is below 1. */
    REPEAT_TOO_SMALL(
            "SD204",
            "repeat must be at least 1, got %d",
            "use repeat = 1 (the default) or more, or remove the layer"),
    /** Two layers share an {@code order}. */
    DUPLICATE_ORDER(
            "SD205",
            "order %d is also the order of %s, so the assembly order is ambiguous",
            "give each @Layer method a distinct order"),
    /** A layer returns neither a Block nor a {@code @Residual} type. */
    LAYER_RETURN_TYPE(
            "SD206",
            "@Layer method %s returns %s, which is neither an ai.djl.nn.Block nor a @Residual type",
            "return a Block, a target type, or a type annotated @Residual"),
    /** Instance layer methods in an abstract definition. */
    INSTANCE_LAYER_IN_ABSTRACT(
            "SD207",
            "@Layer method %s is an instance method, but %s is abstract and cannot be created",
            "make the layer methods static, or the class concrete"),
    /** Instance layer methods without an accessible constructor. */
    NO_ACCESSIBLE_CONSTRUCTOR(
            "SD208",
            "@Layer method %s is an instance method, but %s has no non-private constructor",
            "add a non-private constructor, or make the layer methods static"),
    /** A layer method in a class that is neither a definition nor a definition's superclass. */
    LAYER_OUTSIDE_DEFINITION(
            "SD209",
            "@Layer method %s is in %s, which is neither annotated @StochasticDepth nor a"
                    + " superclass of a definition, so it is ignored",
            "annotate the class @StochasticDepth, extend it with a definition, or remove @Layer"),

    /** A residual type is an interface, enum or annotation type. */
    RESIDUAL_NOT_CLASS(
            "SD301",
            "@Residual type %s is %s, but a residual unit must be a class",
            "declare it as a class (or record) with a @Branch method"),
    /** A residual type is an inner class. */
    RESIDUAL_NOT_STATIC(
            "SD302",
            "@Residual type %s is an inner or local class, which the generated code cannot name",
            "make it a top-level or static nested class"),
    /** A residual type cannot be reached from the definition's package. */
    RESIDUAL_INACCESSIBLE(
            "SD303",
            "@Residual type %s is not accessible from package %s, where the network is generated",
            "make it (and any class enclosing it) public, or not private in the same package"),
    /** A residual type has no {@code @Branch}. */
    NO_BRANCH(
            "SD304",
            "@Residual type %s has no @Branch method",
            "add one instance method annotated @Branch that returns the residual branch Block"),
    /** A residual type has several {@code @Branch} methods. */
    SEVERAL_BRANCHES(
            "SD305",
            "@Residual type %s has several @Branch methods: %s",
            "keep exactly one @Branch method"),
    /** A residual type has several {@code @Shortcut} methods. */
    SEVERAL_SHORTCUTS(
            "SD306",
            "@Residual type %s has several @Shortcut methods: %s",
            "keep at most one @Shortcut method (none means the identity)"),
    /** A branch or shortcut method is static. */
    UNIT_METHOD_STATIC(
            "SD307",
            "@%s method %s is static, but it builds a part of each unit",
            "make it an instance method"),
    /**
     * A branch or shortcut method is private or not accessible, or a layer method inherited from
     * another package is not.
     */
    UNIT_METHOD_INACCESSIBLE(
            "SD308",
            "@%s method %s is not accessible from package %s, where the network is generated",
            "make it public, or package-private in the definition's package"),
    /** A branch or shortcut method takes parameters. */
    UNIT_METHOD_PARAMETERS(
            "SD309",
            "@%s method %s takes parameters",
            "remove the parameters; use fields of the unit instead"),
    /** A branch or shortcut method returns something other than a Block. */
    UNIT_METHOD_RETURN_TYPE(
            "SD310",
            "@%s method %s returns %s, not an ai.djl.nn.Block",
            "return an ai.djl.nn.Block"),

    /** A residual layer type is an interface, enum or annotation type. */
    RESIDUAL_LAYER_NOT_CLASS(
            "SD401",
            "@ResidualLayer type %s is %s, but a residual layer must be a class",
            "declare it as a class (or record) with @Sublayer methods"),
    /** A residual layer type is an inner class. */
    RESIDUAL_LAYER_NOT_STATIC(
            "SD402",
            "@ResidualLayer type %s is an inner or local class, which the generated code cannot"
                    + " name",
            "make it a top-level or static nested class"),
    /** A residual layer type cannot be reached from the definition's package. */
    RESIDUAL_LAYER_INACCESSIBLE(
            "SD403",
            "@ResidualLayer type %s is not accessible from package %s, where the network is"
                    + " generated",
            "make it (and any class enclosing it) public, or not private in the same package"),
    /** A type is annotated both {@code @Residual} and {@code @ResidualLayer}. */
    RESIDUAL_AND_RESIDUAL_LAYER(
            "SD404",
            "%s is annotated both @Residual and @ResidualLayer, so it is one residual or several",
            "keep @Residual for one residual with a @Branch, or @ResidualLayer for a layer of"
                    + " @Sublayer residuals"),
    /** A residual layer type has no {@code @Sublayer}. */
    NO_SUBLAYERS(
            "SD405",
            "@ResidualLayer type %s has no @Sublayer method",
            "add instance methods annotated @Sublayer(order = ...) that return its @Residual"
                    + " units"),
    /** A sublayer method returns something other than a {@code @Residual} type. */
    SUBLAYER_RETURN_TYPE(
            "SD406",
            "@Sublayer method %s returns %s, which is not a @Residual type",
            "return a class annotated @Residual; a residual layer holds residuals, not Blocks or"
                    + " other layers"),
    /** Two sublayers of one layer share an {@code order}. */
    SUBLAYER_DUPLICATE_ORDER(
            "SD407",
            "@Sublayer methods %s of %s share order %d, so the order of the residuals is"
                    + " ambiguous",
            "give each @Sublayer method of the layer a distinct order"),
    /** A sublayer's unit would generate a nested class another nested class takes. */
    SUBLAYER_NAME_CLASH(
            "SD408",
            "the sublayer unit %s of %s would generate the nested class %s, which %s also"
                    + " generates",
            "rename one of the two classes"),
    /** A sublayer method in a class that is not a residual layer. */
    SUBLAYER_OUTSIDE_LAYER(
            "SD409",
            "@Sublayer method %s is in %s, which is not annotated @ResidualLayer, so it is"
                    + " ignored",
            "annotate the class @ResidualLayer, or remove @Sublayer"),

    /** A bug in the processor. */
    INTERNAL_ERROR(
            "SD900",
            "the processor failed on %s: %s",
            "please report this with the definition that caused it");

    private final String id;
    private final String problem;
    private final String fix;

    Message(String id, String problem, String fix) {
        this.id = id;
        this.problem = problem;
        this.fix = fix;
    }

    /**
     * Returns the stable id of this diagnostic, such as {@code SD101}.
     *
     * @return the id without brackets
     */
    public String id() {
        return id;
    }

    /**
     * Returns the full text of this diagnostic: the bracketed id, the problem and the fix.
     *
     * @param args the values the problem names, in order
     * @return the message as the compiler prints it
     */
    public String format(Object... args) {
        return "[" + id + "] " + String.format(Locale.ROOT, problem, args) + ". Fix: " + fix + ".";
    }
}
