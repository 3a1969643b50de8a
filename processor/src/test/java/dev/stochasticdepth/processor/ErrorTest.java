package dev.stochasticdepth.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;

import dev.stochasticdepth.annotations.StochasticDepth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Every invalid definition is a compile error with its id and fix, on the line at fault, and the
 * borderline definitions next to them compile; the residual units of {@code good/units} are on the
 * source path of each compilation. {@link EclipseErrorTest} runs every case again with ecj.
 */
class ErrorTest {

    /** Returns the compiler that every case runs on. */
    TestCompiler compiler() {
        return TestCompiler.JAVAC;
    }

    /**
     * Returns the line of an error where ecj cannot show it where javac does ({@code
     * EclipseSites}): an item of an array written over several lines, which ecj shows on the line
     * where its member starts, and a record, which it shows on the record's constructor.
     */
    String shownOn(String javacLine, String ecjLine) {
        return javacLine;
    }

    private static final String HEADER =
            """
            package test;

            import ai.djl.nn.Block;
            import ai.djl.nn.Blocks;
            import dev.stochasticdepth.annotations.*;
            """;

    static JavaFileObject source(String name, String body) {
        return JavaFileObjects.forSourceString("test." + name, HEADER + body);
    }

    /** Asserts that compiling {@code file} failed with exactly {@code message} on one line. */
    static void assertError(
            Compilation compilation,
            JavaFileObject file,
            String line,
            Message message,
            Object... args) {
        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining(message.format(args))
                .inFile(file)
                .onLineContaining(line);
    }

    private void assertError(
            JavaFileObject file, String line, Message message, Object... args) {
        assertError(compiler().compileWithUnits(file), file, line, message, args);
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1.0", "-0.1, -0.1", "Double.NaN, NaN", "1.5, 1.5"})
    void dropOutOfRange(String drop, String shown) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(target = Basic.class,
                                drop = %s)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """
                                .formatted(drop));

        assertError(file, "drop = " + drop, Message.DROP_OUT_OF_RANGE, Double.parseDouble(shown));
    }

    @ParameterizedTest
    @CsvSource({
        "interface, an interface",
        "enum, an enum",
        "record, a record",
        "@interface, an annotation type"
    })
    void definitionMustBeAClass(String kind, String described) {
        String body = kind.equals("record") ? "record Net() {}" : kind + " Net {}";
        JavaFileObject file =
                source("Net", "@StochasticDepth(drop = 0.1, target = Basic.class)\n" + body + "\n");

        assertError(
                file,
                kind.equals("record") ? shownOn("@StochasticDepth", "record Net()") : "@StochasticDepth",
                Message.DEFINITION_NOT_CLASS,
                "test.Net",
                described);
    }

    @Test
    void innerDefinition() {
        JavaFileObject file =
                source(
                        "Outer",
                        """
                        class Outer {
                            @StochasticDepth(drop = 0.1, target = Basic.class)
                            class Net {
                                @Layer(order = 0) Basic unit() { return new Basic(8); }
                            }
                        }
                        """);

        assertError(file, "@StochasticDepth", Message.DEFINITION_NOT_STATIC, "test.Outer.Net");
    }

    @Test
    void privateDefinition() {
        JavaFileObject file =
                source(
                        "Outer",
                        """
                        class Outer {
                            @StochasticDepth(drop = 0.1, target = Basic.class)
                            private static class Net {
                                @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            }
                        }
                        """);

        assertError(file, "@StochasticDepth", Message.DEFINITION_PRIVATE, "test.Outer.Net");
    }

    @Test
    void genericDefinition() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net<T> {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(file, "@StochasticDepth", Message.DEFINITION_GENERIC, "test.Net");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2fast", "class", "a.b", "my net"})
    void nameMustBeAnIdentifier(String name) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class,
                                name = "%s")
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """
                                .formatted(name));

        assertError(file, "name = ", Message.INVALID_NAME, name);
    }

    @Test
    void twoDefinitionsWithOneName() {
        JavaFileObject first =
                source(
                        "First",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class, name = "Net")
                        class First {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);
        JavaFileObject second =
                source(
                        "Second",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class,
                                name = "Net")
                        class Second {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        Compilation compilation = compiler().compileWithUnits(first, second);

        assertError(
                compilation,
                second,
                "name = \"Net\"",
                Message.NAME_CLASH,
                "test.Net",
                "the class generated for test.First");
        assertThat(compilation.errors()).hasSize(1);
    }

    @Test
    void nameOfTheDefinitionItself() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class, name = "Net")
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(
                file,
                "name = \"Net\"",
                Message.NAME_CLASH,
                "test.Net",
                "the definition's own class");
    }

    @Test
    void nameOfANestedBlockClass() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class,
                                name = "BasicBlock")
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(
                file,
                "name = \"BasicBlock\"",
                Message.NAME_CLASH,
                "test.BasicBlock",
                "its own nested block class for target test.Basic");
    }

    @Test
    void layerReturningASubclassOfATargetIsStochastic() throws IOException {
        JavaFileObject unit =
                source(
                        "Unit",
"""
@Residual class Unit { @Branch Block branch() { return Blocks.identityBlock(); } }
""");
        JavaFileObject special = source("Special", "final class Special extends Unit {}\n");
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Unit.class)
                        class Net {
                            @Layer(order = 0) static Special unit() { return new Special(); }
                        }
                        """);

        Compilation compilation = compiler().compileWithUnits(file, unit, special);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(
                        compilation
                                .generatedSourceFile("test.StochasticNet")
                                .orElseThrow()
                                .getCharContent(false)
                                .toString())
                .contains("add(new UnitBlock(Net.unit(), DROP_RATES[0]));");
    }

    @Test
    void emptyTarget() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1,
                                target = {})
                        class Net {
                            @Layer(order = 0) static Block stem() { return Blocks.identityBlock(); }
                        }
                        """);

        assertError(file, "target = {}", Message.NO_TARGET);
    }

    @ParameterizedTest
    @CsvSource({"String.class, java.lang.String", "int.class, int", "Block.class, ai.djl.nn.Block"})
    void targetThatIsNotResidual(String literal, String shown) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = {
                                Basic.class,
                                %s})
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """
                                .formatted(literal));

        assertError(
                file, shownOn(literal + "})", "target = {"), Message.TARGET_NOT_RESIDUAL, shown);
    }

    @Test
    void targetWithoutLayer() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = {
                                Basic.class,
                                Bottleneck.class})
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(
                file,
                shownOn("Bottleneck.class})", "target = {"),
                Message.TARGET_UNUSED,
                "test.Bottleneck");
    }

    @Test
    void targetListedTwice() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = {
                                Basic.class,
                                Basic.class })
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(
                file,
                shownOn("Basic.class })", "target = {"),
                Message.TARGET_DUPLICATE,
                "test.Basic");
    }

    @Test
    void targetsWithOneBlockName() {
        JavaFileObject otherBasic =
                JavaFileObjects.forSourceString(
                        "other.Basic",
                        """
                        package other;

                        import ai.djl.nn.Block;
                        import ai.djl.nn.Blocks;
                        import dev.stochasticdepth.annotations.*;

                        @Residual
                        public final class Basic {
                            @Branch public Block branch() { return Blocks.identityBlock(); }
                        }
                        """);
        JavaFileObject file =
                source(
                        "Net",
"""
@StochasticDepth(drop = 0.1, target = {
        Basic.class,
        other.Basic.class})
class Net {
    @Layer(order = 0) static Basic unit() { return new Basic(8); }
    @Layer(order = 1) static other.Basic other() { return new other.Basic(); }
}
""");

        assertError(
                compiler().compileWithUnits(file, otherBasic),
                file,
                shownOn("other.Basic.class})", "target = {"),
                Message.TARGET_NAME_CLASH,
                "test.Basic",
                "other.Basic",
                "BasicBlock");
    }

    @Test
    void skipDroppedWithBlockMethod() {
        JavaFileObject file =
                source(
                        "Net",
"""
@StochasticDepth(drop = 0.1, target = Basic.class, method = StochasticMethod.BLOCK,
        skipDropped = true)
class Net {
    @Layer(order = 0) static Basic unit() { return new Basic(8); }
}
""");

        assertError(file, "skipDropped = true", Message.SKIP_DROPPED_WITH_BLOCK);
    }

    @Test
    void noLayers() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(file, "@StochasticDepth", Message.NO_LAYERS, "test.Net");
    }

    @Test
    void runtimeAndDjlMissing() throws URISyntaxException {
        JavaFileObject file =
                JavaFileObjects.forSourceString(
                        "test.Net",
                        """
                        package test;

                        import dev.stochasticdepth.annotations.*;

                        @StochasticDepth(drop = 0.1, target = Net.Unit.class)
                        class Net {
                            @Residual static final class Unit {
                                @Branch Object branch() { return null; }
                            }
                            @Layer(order = 0) static Unit unit() { return new Unit(); }
                        }
                        """);
        File annotationsOnly =
                new File(
                        StochasticDepth.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());

        Compilation compilation =
                compiler()
                        .plain()
                        .withProcessors(new StochasticDepthProcessor())
                        .withClasspath(List.of(annotationsOnly))
                        .compile(file);

        assertError(
                compilation,
                file,
                "@StochasticDepth",
                Message.REQUIRED_TYPE_MISSING,
                DefinitionReader.BLOCK,
                "ai.djl:api");
        assertError(
                compilation,
                file,
                "@StochasticDepth",
                Message.REQUIRED_TYPE_MISSING,
                DefinitionReader.RUNTIME_BLOCK,
                "dev.stochasticdepth:stochastic-depth-runtime");
    }

    @Test
    void privateLayer() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0)
                            private static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(file, "private static Basic unit()", Message.LAYER_PRIVATE, "unit()");
    }

    @Test
    void layerWithTwoParameters() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0, repeat = 2)
                            static Basic unit(int i, int j) { return new Basic(8); }
                        }
                        """);

        assertError(
                file, "static Basic unit(", Message.LAYER_PARAMETERS, "unit()", "(int i, int j)");
    }

    @Test
    void layerWithANonIntParameter() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0, repeat = 2)
                            static Basic unit(
                                    long i) { return new Basic(8); }
                        }
                        """);

        assertError(file, "long i", Message.LAYER_PARAMETERS, "unit()", "(long i)");
    }

    @Test
    void repeatWithoutIndex() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0,
                                    repeat = 3)
                            static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(file, "repeat = 3", Message.LAYER_REPEAT_WITHOUT_INDEX, 3, "unit()");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -2})
    void repeatBelowOne(int repeat) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0) static Basic first() { return new Basic(8); }
                            @Layer(order = 1,
                                    repeat = %d)
                            static Basic unit(int i) { return new Basic(8); }
                        }
                        """
                                .formatted(repeat));

        assertError(file, "repeat = " + repeat, Message.REPEAT_TOO_SMALL, repeat);
    }

    @Test
    void duplicateOrder() {
        JavaFileObject file =
                source(
                        "Net",
"""
@StochasticDepth(drop = 0.1, target = Basic.class)
class Net {
    @Layer(order = 1, repeat = 1) static Basic first() { return new Basic(8); }
    @Layer(
            order = 1)
    static Basic second() { return new Basic(8); }
}
""");

        assertError(file, "order = 1)", Message.DUPLICATE_ORDER, 1, "first()");
    }

    @ParameterizedTest
    @CsvSource({"String, java.lang.String", "void, void", "int, int", "Object, java.lang.Object"})
    void layerReturnsNeitherBlockNorResidual(String type, String shown) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            @Layer(order = 1)
                            static %s odd() { throw new UnsupportedOperationException(); }
                        }
                        """
                                .formatted(type));

        assertError(file, "odd()", Message.LAYER_RETURN_TYPE, "odd()", shown);
    }

    @Test
    void layerOutsideADefinition() {
        JavaFileObject file =
                source(
                        "Helpers",
                        """
                        class Helpers {
                            @Layer(order = 0)
                            static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(
                file,
                "@Layer(order = 0)",
                Message.LAYER_OUTSIDE_DEFINITION,
                "unit()",
                "test.Helpers");
    }

    @ParameterizedTest
    @CsvSource({"'', overrides", "'static ', hides"})
    void overrideOfAnInheritedLayerWithoutLayer(String modifier, String verb) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net extends Base {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            %1$sBlock head() { return Blocks.batchFlattenBlock(); }
                        }

                        class Base {
                            @Layer(order = 1) %1$sBlock head() { return Blocks.identityBlock(); }
                        }
                        """
                                .formatted(modifier));

        assertError(
                file,
                "Block head() { return Blocks.batchFlattenBlock(); }",
                Message.LAYER_OVERRIDE_WITHOUT_LAYER,
                "head()",
                verb,
                "head()",
                "test.Base");
    }

    @Test
    void privateInheritedLayer() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        final class Net extends Base {}

                        class Base {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            @Layer(order = 1)
                            private static Block head() { return Blocks.identityBlock(); }
                        }
                        """);

        assertError(
                file, "private static Block head()", Message.LAYER_PRIVATE, "Base.head()");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "protected "})
    void inheritedLayerInaccessibleFromAnotherPackage(String modifier) {
        JavaFileObject base =
                JavaFileObjects.forSourceString(
                        "other.Base",
                        """
                        package other;

                        import ai.djl.nn.Block;
                        import ai.djl.nn.Blocks;
                        import dev.stochasticdepth.annotations.Layer;

                        public class Base {
                            @Layer(order = 0) public static test.Basic unit() {
                                return new test.Basic(8);
                            }
                            @Layer(order = 1)
                            %sstatic Block head() { return Blocks.identityBlock(); }
                        }
                        """
                                .formatted(modifier));
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        final class Net extends other.Base {}
                        """);

        assertError(
                compiler().compileWithUnits(file, base),
                base,
                "static Block head()",
                Message.UNIT_METHOD_INACCESSIBLE,
                "Layer",
                "other.Base.head()",
                "test");
    }

    @Test
    void staticLayerInheritedFromAPrivateClass() {
        JavaFileObject file =
                source(
                        "Outer",
                        """
                        final class Outer {
                            private static class Base {
                                @Layer(order = 0) Basic unit() { return new Basic(8); }
                                @Layer(order = 1)
                                static Block head() { return Blocks.identityBlock(); }
                            }

                            @StochasticDepth(drop = 0.1, target = Basic.class)
                            static final class Net extends Base {}
                        }
                        """);

        assertError(
                file,
                "static Block head()",
                Message.UNIT_METHOD_INACCESSIBLE,
                "Layer",
                "test.Outer.Base.head()",
                "test");
    }

    @Test
    void duplicateOrderAcrossTheHierarchyIsOnTheDefinitionsOwnMethod() {
        JavaFileObject file =
                source(
                        "Net",
"""
@StochasticDepth(drop = 0.1, target = Basic.class)
final class Net extends Base {
    @Layer(
            order = 1)
    static Block own() { return Blocks.identityBlock(); }
}

class Base {
    @Layer(order = 0) static Basic unit() { return new Basic(8); }
    @Layer(order = 1) static Block inherited() { return Blocks.identityBlock(); }
}
""");

        assertError(file, " order = 1)", Message.DUPLICATE_ORDER, 1, "Base.inherited()");
    }

    @Test
    void duplicateOrderBetweenSuperclassesIsOnTheNearerOne() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        final class Net extends Middle {}

                        class Middle extends Base {
                            @Layer(order = 1) static Block middle() { return Blocks.identityBlock(); }
                        }

                        class Base {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            @Layer(order = 1) static Block base() { return Blocks.identityBlock(); }
                        }
                        """);

        assertError(file, "static Block middle()", Message.DUPLICATE_ORDER, 1, "Base.base()");
    }

    @Test
    void instanceLayerInAbstractDefinition() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        abstract class Net {
                            @Layer(order = 0) static Block stem() { return Blocks.identityBlock(); }
                            @Layer(order = 1)
                            Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(file, "Basic unit()", Message.INSTANCE_LAYER_IN_ABSTRACT, "unit()", "test.Net");
    }

    @Test
    void instanceLayerWithoutAccessibleConstructor() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        final class Net {
                            private Net() {}
                            @Layer(order = 1)
                            Basic unit() { return new Basic(8); }
                        }
                        """);

        assertError(file, "Basic unit()", Message.NO_ACCESSIBLE_CONSTRUCTOR, "unit()", "test.Net");
    }

    @Test
    void staticLayersNeedNoConstructor() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        abstract class Net {
                            private Net() {}
                            @Layer(order = 1) static Basic unit() { return new Basic(8); }
                        }
                        """);

        assertThat(compiler().compileWithUnits(file)).succeededWithoutWarnings();
    }

    /** Compiles {@code Net}, targeting the unit declared by {@code unitSource} as {@code Unit}. */
    private void assertUnitError(String unitSource, Message message, Object... args) {
        JavaFileObject unit = source("Unit", unitSource);
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1,
                                target = Unit.class)
                        class Net {
                            @Layer(order = 0) static Unit unit() { return null; }
                        }
                        """);

        assertError(
                compiler().compileWithUnits(file, unit),
                file,
                "target = Unit.class",
                message,
                args);
    }

    @ParameterizedTest
    @CsvSource({"interface, an interface", "enum, an enum"})
    void residualMustBeAClass(String kind, String described) {
        assertUnitError(
                "@Residual " + kind + " Unit {}\n",
                Message.RESIDUAL_NOT_CLASS,
                "test.Unit",
                described);
    }

    @Test
    void residualRecordIsAccepted() {
        JavaFileObject unit =
                source(
                        "Unit",
                        "@Residual record Unit(int units) { @Branch Block branch() { return null; }"
                                + " }\n");
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Unit.class)
                        class Net {
                            @Layer(order = 0) static Unit unit() { return new Unit(3); }
                        }
                        """);

        assertThat(compiler().compileWithUnits(file, unit)).succeededWithoutWarnings();
    }

    @Test
    void innerResidual() {
        JavaFileObject units =
                source(
                        "Units",
                        """
                        class Units {
                            @Residual class Inner { @Branch Block branch() { return null; } }
                        }
                        """);
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1,
                                target = Units.Inner.class)
                        class Net {
                            @Layer(order = 0) static Units.Inner unit() { return null; }
                        }
                        """);

        assertError(
                compiler().compileWithUnits(file, units),
                file,
                "target = Units.Inner.class",
                Message.RESIDUAL_NOT_STATIC,
                "test.Units.Inner");
    }

    @Test
    void residualInaccessibleFromTheNetworkPackage() {
        JavaFileObject hidden =
                JavaFileObjects.forSourceString(
                        "other.Hidden",
                        """
                        package other;

                        import ai.djl.nn.Block;
                        import dev.stochasticdepth.annotations.*;

                        public class Hidden {
                            @Residual protected static final class Unit {
                                public Unit() {}
                                @Branch public Block branch() { return null; }
                            }
                        }
                        """);
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net extends other.Hidden {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            @Layer(order = 1)
                            static Unit hidden() { return new Unit(); }
                        }
                        """);

        assertError(
                compiler().compileWithUnits(file, hidden),
                file,
                "static Unit hidden()",
                Message.RESIDUAL_INACCESSIBLE,
                "other.Hidden.Unit",
                "test");
    }

    @Test
    void packagePrivateResidualInAnotherPackage() {
        JavaFileObject unit =
                JavaFileObjects.forSourceString(
                        "other.Unit",
                        """
                        package other;

                        import ai.djl.nn.Block;
                        import dev.stochasticdepth.annotations.*;

                        @Residual
                        final class Unit {
                            @Branch public Block branch() { return null; }
                            public static Object make() { return new Unit(); }
                        }
                        """);
        JavaFileObject factory =
                JavaFileObjects.forSourceString(
                        "other.Factory",
                        """
                        package other;

                        public final class Factory {
                            @dev.stochasticdepth.annotations.StochasticDepth(
                                    drop = 0.1, target = Unit.class, name = "Unused")
                            public static final class Net {
                                @dev.stochasticdepth.annotations.Layer(order = 0)
                                static Unit unit() { return new Unit(); }
                            }
                        }
                        """);

        assertThat(compiler().compileWithUnits(unit, factory)).succeededWithoutWarnings();
    }

    @Test
    void noBranch() {
        assertUnitError("@Residual final class Unit {}\n", Message.NO_BRANCH, "test.Unit");
    }

    @Test
    void severalBranches() {
        assertUnitError(
                """
                @Residual final class Unit {
                    @Branch Block one() { return null; }
                    @Branch Block two() { return null; }
                }
                """,
                Message.SEVERAL_BRANCHES,
                "test.Unit",
                "one(), two()");
    }

    @Test
    void severalShortcuts() {
        assertUnitError(
                """
                @Residual final class Unit {
                    @Branch Block branch() { return null; }
                    @Shortcut Block one() { return null; }
                    @Shortcut Block two() { return null; }
                }
                """,
                Message.SEVERAL_SHORTCUTS,
                "test.Unit",
                "one(), two()");
    }

    @Test
    void staticBranch() {
        assertUnitError(
                "@Residual final class Unit { @Branch static Block branch() { return null; } }\n",
                Message.UNIT_METHOD_STATIC,
                "Branch",
                "test.Unit.branch()");
    }

    @Test
    void privateShortcut() {
        assertUnitError(
                """
                @Residual final class Unit {
                    @Branch Block branch() { return null; }
                    @Shortcut private Block shortcut() { return null; }
                }
                """,
                Message.UNIT_METHOD_INACCESSIBLE,
                "Shortcut",
                "test.Unit.shortcut()",
                "test");
    }

    @Test
    void branchWithParameters() {
        assertUnitError(
                "@Residual final class Unit { @Branch Block branch(int width) { return null; } }\n",
                Message.UNIT_METHOD_PARAMETERS,
                "Branch",
                "test.Unit.branch()");
    }

    @Test
    void branchReturningSomethingElse() {
        assertUnitError(
                "@Residual final class Unit { @Branch String branch() { return null; } }\n",
                Message.UNIT_METHOD_RETURN_TYPE,
                "Branch",
                "test.Unit.branch()",
                "java.lang.String");
    }

    @Test
    void invalidPlainResidualIsReportedOnItsLayer() {
        JavaFileObject unit =
                source("Plain", "@Residual final class Plain { @Branch void branch() {} }\n");
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            @Layer(order = 1)
                            static Plain plain() { return null; }
                        }
                        """);

        assertError(
                compiler().compileWithUnits(file, unit),
                file,
                "static Plain plain()",
                Message.UNIT_METHOD_RETURN_TYPE,
                "Branch",
                "test.Plain.branch()",
                "void");
    }

    @Test
    void oneBadDefinitionDoesNotStopTheOthers() {
        JavaFileObject bad =
                source(
                        "Bad",
                        """
                        @StochasticDepth(drop = 2, target = Basic.class)
                        class Bad {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);
        JavaFileObject good =
                source(
                        "Good",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Good {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        // Compiles only if the good network was generated.
        JavaFileObject user = source("User", "class User { Block net = new StochasticGood(); }\n");

        Compilation compilation = compiler().compileWithUnits(bad, good, user);

        assertError(compilation, bad, "drop = 2", Message.DROP_OUT_OF_RANGE, 2.0);
        assertThat(compilation.errors()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "target = Basic.class | drop",
                "drop = 0.1 | target",
                "drop = \"high\", target = Basic.class | to double",
                "drop = 0.1, target = Basic.class, repeat = 2 | repeat",
            })
    void annotationThatDoesNotCompileIsLeftToTheCompiler(String members, String compilerSays) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(%s)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """
                                .formatted(members));

        assertOnlyCompilerErrors(compiler().compileWithUnits(file), compilerSays);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "target = Missing.class",
                "target = {Basic.class, Missing.class}",
                "target = Basic.class, method = Missing.X",
            })
    void missingTypeInTheAnnotationIsLeftToTheCompiler(String members) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, %s)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """
                                .formatted(members));

        assertOnlyCompilerErrors(compiler().compileWithUnits(file), "Missing");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "@Layer(order = 1) static Missing odd() { return null; }",
                "@Layer(order = 1, repeat = 2) static Block odd(Missing i) { return null; }",
                "@Layer(order = 1) static Block odd() throws MissingException { return null; }",
                "@Layer(order = 1) static java.util.List<Missing> odd() { return null; }",
                "@Layer(order = 1) Block odd() { return null; } Net(Missing value) {}",
            })
    void missingTypeInTheDefinitionIsLeftToTheCompiler(String member) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            %s
                        }
                        """
                                .formatted(member));

        assertOnlyCompilerErrors(compiler().compileWithUnits(file), "Missing");
    }

    @Test
    void missingTypeInAUnitIsLeftToTheCompiler() {
        JavaFileObject unit =
                source(
                        "Unit",
                        "@Residual final class Unit { @Branch Missing branch() { return null; }"
                                + " }\n");
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Unit.class)
                        class Net {
                            @Layer(order = 0) static Unit unit() { return null; }
                        }
                        """);

        assertOnlyCompilerErrors(compiler().compileWithUnits(file, unit), "Missing");
    }

    @Test
    void definitionWaitsForATypeThatAnotherProcessorGenerates() {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1, target = Later.class)
                        class Net {
                            @Layer(order = 0) static Later unit() { return new Later(); }
                        }
                        """);

        Compilation compilation =
                compiler()
                        .plain()
                        .withProcessors(new LaterUnitGenerator(), new StochasticDepthProcessor())
                        .compile(file);

        assertThat(compilation).succeeded();
        assertThat(compilation).generatedSourceFile("test.StochasticNet");
    }

    /** SD117's cause when the compiler names the missing type. */
    private static final String NAMED =
            "it references the type Missing, which no processing round produced";

    /** SD117's cause when it does not. */
    private static final String UNNAMED =
            "it references a type that no processing round produced, or holds an annotation value"
                    + " of the wrong type";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "target = Basic.class | @Layer(order = 1) static Missing odd() { return null; }"
                        + " | static Missing odd() | " + NAMED + " | " + NAMED,
                // javac's model gives an unresolved class literal as "<error>", without its name.
                "target = {Basic.class, Missing.class} | | Missing.class | " + UNNAMED + " | "
                        + NAMED,
            })
    void definitionStillDeferredWhenProcessingEndsIsAWarning(
            String members,
            String member,
            String missingLine,
            String javacNames,
            String ecjNames) {
        JavaFileObject file =
                source(
                        "Net",
                        """
                        @StochasticDepth(drop = 0.1,
                                %s)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                            %s
                        }
                        """
                                .formatted(members, member == null ? "" : member));

        Compilation compilation = compiler().compileWithUnits(file);

        assertOnlyCompilerErrors(compilation, "Missing");
        assertThat(compilation)
                .hadErrorContaining(
                        compiler() == TestCompiler.JAVAC
                                ? "cannot find symbol"
                                : "Missing cannot be resolved to a type")
                .inFile(file)
                .onLineContaining(missingLine);
        assertThat(compilation)
                .hadWarningContaining(
                        Message.DEFINITION_DEFERRED.format(
                                "test.StochasticNet",
                                "test.Net",
                                compiler() == TestCompiler.JAVAC ? javacNames : ecjNames))
                .inFile(file)
                .onLineContaining("@StochasticDepth");
        for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
            // No stack trace of the processor's, as a note or in any other diagnostic.
            assertThat(diagnostic.getMessage(null))
                    .doesNotContain(StochasticDepthProcessor.class.getPackageName() + ".");
        }
    }

    /** Generates the residual unit {@code test.Later} in the first round only. */
    private static final class LaterUnitGenerator extends AbstractProcessor {
        private boolean generated;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (generated) {
                return false;
            }
            generated = true;
            try (Writer writer =
                    processingEnv.getFiler().createSourceFile("test.Later").openWriter()) {
                writer.write(
                        HEADER
                                + "@Residual public final class Later {"
                                + " @Branch Block branch() { return Blocks.identityBlock(); } }\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return false;
        }
    }

    private static void assertOnlyCompilerErrors(Compilation compilation, String missing) {
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(missing);
        for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
            assertThat(error.getMessage(null)).doesNotContain("[SD");
        }
    }
}
