package dev.stochasticdepth.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import static dev.stochasticdepth.processor.ErrorTest.assertError;
import static dev.stochasticdepth.processor.ErrorTest.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.tools.JavaFileObject;

/**
 * Every invalid {@code @ResidualLayer}, and every invalid use of one, is a compile error with its
 * id and fix on the line at fault: the target item or {@code @Layer} method that uses the layer
 * (the layer may come from a library), or the {@code @Sublayer} annotation outside a layer. The
 * borderline layers next to them compile.
 */
class ResidualLayerErrorTest {

    /** A definition whose one target is the layer {@code Pair} of the test. */
    private static final String NET =
            """
            @StochasticDepth(drop = 0.1,
                    target = Pair.class)
            class Net {
                @Layer(order = 0) static Pair layer() { return null; }
            }
            """;

    /** Asserts that layer {@code layerSource}, as the target of {@link #NET}, gives the error. */
    private static void assertLayerError(String layerSource, Message message, Object... args) {
        JavaFileObject layer = source("Pair", layerSource);
        JavaFileObject file = source("Net", NET);
        assertError(
                TestCompiler.JAVAC.compileWithUnits(file, layer),
                file,
                "target = Pair.class",
                message,
                args);
    }

    @ParameterizedTest
    @CsvSource({"interface, an interface", "enum, an enum"})
    void layerMustBeAClass(String kind, String described) {
        assertLayerError(
                "@ResidualLayer " + kind + " Pair {}\n",
                Message.RESIDUAL_LAYER_NOT_CLASS,
                "test.Pair",
                described);
    }

    @Test
    void innerLayer() {
        JavaFileObject outer =
                source(
                        "Outer",
                        """
                        class Outer {
                            @ResidualLayer class Pair {
                                @Sublayer(order = 0) Basic first() { return new Basic(8); }
                            }
                        }
                        """);
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1,
                                target = Outer.Pair.class)
                        class Net {
                            @Layer(order = 0) static Outer.Pair layer() { return null; }
                        }
                        """);

        assertError(
                TestCompiler.JAVAC.compileWithUnits(file, outer),
                file,
                "target = Outer.Pair.class",
                Message.RESIDUAL_LAYER_NOT_STATIC,
                "test.Outer.Pair");
    }

    @Test
    void inaccessibleLayer() {
        JavaFileObject layer =
                JavaFileObjects.forSourceString(
                        "other.Pair",
                        """
                        package other;

                        @dev.stochasticdepth.annotations.ResidualLayer
                        final class Pair {}
                        """);
        JavaFileObject holder =
                JavaFileObjects.forSourceString(
                        "other.Layers",
                        """
                        package other;

                        public final class Layers {
                            @dev.stochasticdepth.annotations.ResidualLayer
                            public static final class Pair {
                                @dev.stochasticdepth.annotations.Sublayer(order = 0)
                                test.Basic first() { return new test.Basic(8); }
                            }
                        }
                        """);
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1,
                                target = other.Layers.Pair.class)
                        class Net {
                            @Layer(order = 0) static other.Layers.Pair layer() { return null; }
                        }
                        """);

        assertError(
                TestCompiler.JAVAC.compileWithUnits(file, layer, holder),
                file,
                "target = other.Layers.Pair.class",
                Message.UNIT_METHOD_INACCESSIBLE,
                "Sublayer",
                "other.Layers.Pair.first()",
                "test");
    }

    @Test
    void privateLayer() {
        JavaFileObject file =
                source(
                        "Outer",
                        """
                        class Outer {
                            @ResidualLayer private static final class Pair {
                                @Sublayer(order = 0) Basic first() { return new Basic(8); }
                            }
                            @StochasticDepth(drop = 0.1,
                                    target = Pair.class)
                            static final class Net {
                                @Layer(order = 0) static Pair layer() { return null; }
                            }
                        }
                        """);

        assertError(
                TestCompiler.JAVAC.compileWithUnits(file),
                file,
                "target = Pair.class",
                Message.RESIDUAL_LAYER_INACCESSIBLE,
                "test.Outer.Pair",
                "test");
    }

    @Test
    void residualAndResidualLayerAtOnce() {
        assertLayerError(
                """
                @Residual @ResidualLayer final class Pair {
                    @Branch Block branch() { return null; }
                    @Sublayer(order = 0) Basic first() { return new Basic(8); }
                }
                """,
                Message.RESIDUAL_AND_RESIDUAL_LAYER,
                "test.Pair");
    }

    @Test
    void noSublayers() {
        assertLayerError("@ResidualLayer final class Pair {}\n", Message.NO_SUBLAYERS, "test.Pair");
    }

    @ParameterizedTest
    @CsvSource({
        "Block, ai.djl.nn.Block",
        "String, java.lang.String",
        "Pair, test.Pair",
        "int, int"
    })
    void sublayerReturningNoResidual(String type, String shown) {
        assertLayerError(
                """
                @ResidualLayer final class Pair {
                    @Sublayer(order = 0) %s first() { throw new AssertionError(); }
                }
                """
                        .formatted(type),
                Message.SUBLAYER_RETURN_TYPE,
                "test.Pair.first()",
                shown);
    }

    @Test
    void sublayersSharingAnOrder() {
        assertLayerError(
                """
                @ResidualLayer final class Pair {
                    @Sublayer(order = 1) Basic second() { return new Basic(8); }
                    @Sublayer(order = 1) Basic first() { return new Basic(8); }
                }
                """,
                Message.SUBLAYER_DUPLICATE_ORDER,
                "first(), second()",
                "test.Pair",
                1);
    }

    @Test
    void staticSublayer() {
        assertLayerError(
                """
                @ResidualLayer final class Pair {
                    @Sublayer(order = 0) static Basic first() { return new Basic(8); }
                }
                """,
                Message.UNIT_METHOD_STATIC,
                "Sublayer",
                "test.Pair.first()");
    }

    @Test
    void privateSublayer() {
        assertLayerError(
                """
                @ResidualLayer final class Pair {
                    @Sublayer(order = 0) private Basic first() { return new Basic(8); }
                }
                """,
                Message.UNIT_METHOD_INACCESSIBLE,
                "Sublayer",
                "test.Pair.first()",
                "test");
    }

    @Test
    void sublayerWithParameters() {
        assertLayerError(
                """
                @ResidualLayer final class Pair {
                    @Sublayer(order = 0) Basic first(int width) { return new Basic(width); }
                }
                """,
                Message.UNIT_METHOD_PARAMETERS,
                "Sublayer",
                "test.Pair.first()");
    }

    @Test
    void invalidSublayerUnitIsReportedOnTheLayersTargetItemOnce() {
        JavaFileObject unit = source("Half", "@Residual final class Half {}\n");
        JavaFileObject layer =
                source(
                        "Pair",
                        """
                        @ResidualLayer final class Pair {
                            @Sublayer(order = 0) Half first() { return new Half(); }
                            @Sublayer(order = 1) Half second() { return new Half(); }
                        }
                        """);
        JavaFileObject file = source("Net", NET);
        Compilation compilation = TestCompiler.JAVAC.compileWithUnits(file, layer, unit);

        assertError(compilation, file, "target = Pair.class", Message.NO_BRANCH, "test.Half");
        // Two sublayers of one unit type: the unit is validated, and reported, once.
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void sublayerUnitWhoseNestedClassATargetTakes() {
        JavaFileObject otherBasic =
                JavaFileObjects.forSourceString(
                        "other.Basic",
                        """
                        package other;

                        @dev.stochasticdepth.annotations.Residual
                        public final class Basic {
                            @dev.stochasticdepth.annotations.Branch
                            public ai.djl.nn.Block branch() { return null; }
                        }
                        """);
        JavaFileObject layer =
                source(
                        "Pair",
                        """
                        @ResidualLayer final class Pair {
                            @Sublayer(order = 0) other.Basic first() { return null; }
                        }
                        """);
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1,
                                target = {Basic.class,
                                        Pair.class})
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            @Layer(order = 1) static Pair layer() { return null; }
                        }
                        """);

        assertError(
                TestCompiler.JAVAC.compileWithUnits(file, layer, otherBasic),
                file,
                "Pair.class})",
                Message.SUBLAYER_NAME_CLASH,
                "other.Basic",
                "test.Pair",
                "BasicBlock",
                "test.Basic");
    }

    @Test
    void networkNamedLikeALayersNestedClass() {
        JavaFileObject layer =
                source(
                        "Pair",
                        "@ResidualLayer final class Pair {"
                                + " @Sublayer(order = 0) Basic first() { return null; } }\n");
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Pair.class,
                                name = "PairBlock")
                        class Net {
                            @Layer(order = 0) static Pair layer() { return null; }
                        }
                        """);

        assertError(
                TestCompiler.JAVAC.compileWithUnits(file, layer),
                file,
                "name = \"PairBlock\"",
                Message.NAME_CLASH,
                "test.PairBlock",
                "its own nested block class for target test.Pair");
    }

    @Test
    void unusedLayerTarget() {
        JavaFileObject layer =
                source(
                        "Pair",
                        "@ResidualLayer final class Pair {"
                                + " @Sublayer(order = 0) Basic first() { return null; } }\n");
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = {Basic.class,
                                Pair.class})
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(
                TestCompiler.JAVAC.compileWithUnits(file, layer),
                file,
                "Pair.class})",
                Message.TARGET_UNUSED,
                "test.Pair");
    }

    @Test
    void invalidPlainLayerIsReportedOnItsLayerMethod() {
        JavaFileObject layer = source("Pair", "@ResidualLayer final class Pair {}\n");
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            @Layer(order = 1)
                            static Pair plain() { return null; }
                        }
                        """);

        assertError(
                TestCompiler.JAVAC.compileWithUnits(file, layer),
                file,
                "static Pair plain()",
                Message.NO_SUBLAYERS,
                "test.Pair");
    }

    @Test
    void sublayerOutsideALayer() {
        JavaFileObject file =
                source(
                        "Helpers",
                        """
                        @Residual class Helpers {
                            @Branch Block branch() { return null; }
                            @Sublayer(order = 0)
                            Basic first() { return new Basic(8); }
                        }
                        """);

        assertError(
                TestCompiler.JAVAC.compileWithUnits(file),
                file,
                "@Sublayer(order = 0)",
                Message.SUBLAYER_OUTSIDE_LAYER,
                "first()",
                "test.Helpers");
    }

    /**
     * Borderline layers that compile: one sublayer, a record, a sublayer inherited from a
     * superclass, and a layer whose sublayers return the same unit type twice.
     */
    @Test
    void borderlineLayersCompile() {
        JavaFileObject base =
                source(
                        "Base",
                        "abstract class Base { @Sublayer(order = 0) Basic first() { return new"
                            + " Basic(8); } }\n");
        JavaFileObject inherited =
                source(
                        "Inherited",
                        """
                        @ResidualLayer final class Inherited extends Base {
                            @Sublayer(order = 1) Basic second() { return new Basic(8); }
                        }
                        """);
        JavaFileObject single =
                source(
                        "Single",
                        "@ResidualLayer record Single(int filters) { @Sublayer(order = 0) Basic"
                            + " only() { return new Basic(filters); } }\n");
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = {Inherited.class, Single.class})
                        class Net {
                            @Layer(order = 0) static Inherited pair() { return new Inherited(); }
                            @Layer(order = 1) static Single single() { return new Single(8); }
                        }
                        """);

        assertThat(TestCompiler.JAVAC.compileWithUnits(file, base, inherited, single))
                .succeededWithoutWarnings();
    }
}
