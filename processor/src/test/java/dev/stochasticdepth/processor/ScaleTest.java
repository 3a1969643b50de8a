package dev.stochasticdepth.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;

import dev.stochasticdepth.annotations.Distribution;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * Deep definitions stay within the JVM's limits on method size and on constants per class: the
 * paper's CIFAR ResNet-1202 and networks of 10,000 and 70,000 blocks compile, load and report their
 * rates. The processor's own time is printed for the record, never asserted.
 */
class ScaleTest {

    @Test
    void resNet1202Compiles() throws ReflectiveOperationException {
        JavaFileObject definition =
                JavaFileObjects.forSourceString(
                        "test.ResNet1202",
"""
package test;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import dev.stochasticdepth.annotations.*;

@StochasticDepth(drop = 0.5, target = Bottleneck.class)
final class ResNet1202 {
    @Layer(order = 0) static Block stem() { return Blocks.identityBlock(); }
    @Layer(order = 1, repeat = 200)
    static Bottleneck stage1(int i) { return new Bottleneck(16, 1, false); }
    @Layer(order = 2, repeat = 200)
    static Bottleneck stage2(int i) { return new Bottleneck(32, i == 0 ? 2 : 1, i == 0); }
    @Layer(order = 3, repeat = 200)
    static Bottleneck stage3(int i) { return new Bottleneck(64, i == 0 ? 2 : 1, i == 0); }
    @Layer(order = 4) static Block head() { return Blocks.batchFlattenBlock(); }
}
""");

        Compilation compilation = TestCompiler.JAVAC.compileWithUnits(definition);

        assertThat(compilation).succeededWithoutWarnings();
        assertRates(
                new CompiledClassLoader(compilation).loadClass("test.StochasticResNet1202"), 600);
    }

    @Test
    void tenThousandBlocksCompile() throws ReflectiveOperationException {
        JavaFileObject definition =
                JavaFileObjects.forSourceString(
                        "test.Deep10k",
                        """
                        package test;

                        import dev.stochasticdepth.annotations.*;

                        @StochasticDepth(drop = 0.5, target = Basic.class)
                        final class Deep10k {
                            @Layer(order = 0, repeat = 10000)
                            static Basic unit(int i) { return new Basic(8); }
                        }
                        """);
        List<JavaFileObject> sources = new ArrayList<>(TestCompiler.units());
        sources.add(definition);

        // The first compilation loads and warms up the processor; the second shows its steady cost.
        for (String run : List.of("first", "second")) {
            TimedProcessor processor = new TimedProcessor();
            Compilation compilation =
                    Compiler.javac()
                            .withProcessors(processor)
                            .withOptions("-Xlint:all,-processing")
                            .compile(sources);

            assertThat(compilation).succeededWithoutWarnings();
            Class<?> network =
                    new CompiledClassLoader(compilation).loadClass("test.StochasticDeep10k");
            assertRates(network, 10_000);
            assertThat(((Block) network.getConstructor().newInstance()).getChildren().size())
                    .isEqualTo(10_000);
            System.out.printf(
                    Locale.ROOT,
                    "10,000-block definition, %s compilation in this JVM: %.1f ms in"
                            + " StochasticDepthProcessor.process() over %d rounds%n",
                    run,
                    processor.nanos / 1e6,
                    processor.rounds);
        }
    }

    @Test
    void moreRatesThanOneClassHasConstantsFor() throws ReflectiveOperationException {
        JavaFileObject definition =
                JavaFileObjects.forSourceString(
                        "test.Deep70k",
                        """
                        package test;

                        import dev.stochasticdepth.annotations.*;

                        @StochasticDepth(drop = 0.5, target = Basic.class)
                        final class Deep70k {
                            @Layer(order = 0, repeat = 70000)
                            static Basic unit(int i) { return new Basic(8); }
                        }
                        """);

        Compilation compilation = TestCompiler.JAVAC.compileWithUnits(definition);

        assertThat(compilation).succeededWithoutWarnings();
        assertRates(
                new CompiledClassLoader(compilation).loadClass("test.StochasticDeep70k"), 70_000);
    }

    private static void assertRates(Class<?> network, int depth)
            throws ReflectiveOperationException {
        assertThat(network.getField("DEPTH").getInt(null)).isEqualTo(depth);
        @SuppressWarnings("unchecked")
        List<Float> rates = (List<Float>) network.getMethod("dropRates").invoke(null);
        List<Float> expected = new ArrayList<>();
        for (int block = 1; block <= depth; block++) {
            expected.add((float) Distribution.LINEAR.rate(block, depth, 0.5));
        }
        assertThat(rates).containsExactlyElementsOf(expected);
    }

    /** The processor, timing the calls to its {@code process} method. */
    private static final class TimedProcessor extends ForwardingProcessor {
        private long nanos;
        private int rounds;

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            long start = System.nanoTime();
            try {
                return super.process(annotations, round);
            } finally {
                nanos += System.nanoTime() - start;
                rounds++;
            }
        }
    }
}
