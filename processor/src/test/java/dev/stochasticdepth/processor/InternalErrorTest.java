package dev.stochasticdepth.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;

/** A bug in the processor becomes an error on the definition, never an exception in javac. */
class InternalErrorTest {

    @Test
    void unexpectedExceptionIsAnErrorOnTheDefinition() {
        JavaFileObject file =
                JavaFileObjects.forSourceString(
                        "test.Net",
                        """
                        package test;

                        import dev.stochasticdepth.annotations.*;

                        @StochasticDepth(drop = 0.1, target = Basic.class)
                        class Net {
                            @Layer(order = 0) static Basic unit() { return new Basic(8); }
                        }
                        """);

        List<JavaFileObject> sources = new ArrayList<>(TestCompiler.units());
        sources.add(file);

        Compilation compilation =
                Compiler.javac().withProcessors(new WithBrokenTypes()).compile(sources);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining(
                        Message.INTERNAL_ERROR.format(
                                "test.Net", "java.lang.IllegalStateException: broken on purpose"))
                .inFile(file)
                .onLineContaining("class Net");
    }

    /** Runs the processor with {@link Types} that throw, as a bug in the processor would. */
    private static final class WithBrokenTypes extends ForwardingProcessor {

        @Override
        public void init(ProcessingEnvironment environment) {
            Types broken =
                    (Types)
                            Proxy.newProxyInstance(
                                    Types.class.getClassLoader(),
                                    new Class<?>[] {Types.class},
                                    (proxy, method, args) -> {
                                        throw new IllegalStateException("broken on purpose");
                                    });
            super.init(
                    (ProcessingEnvironment)
                            Proxy.newProxyInstance(
                                    ProcessingEnvironment.class.getClassLoader(),
                                    new Class<?>[] {ProcessingEnvironment.class},
                                    (proxy, method, args) -> {
                                        if (method.getName().equals("getTypeUtils")) {
                                            return broken;
                                        }
                                        try {
                                            return method.invoke(environment, args);
                                        } catch (InvocationTargetException e) {
                                            throw e.getCause();
                                        }
                                    }));
        }
    }
}
