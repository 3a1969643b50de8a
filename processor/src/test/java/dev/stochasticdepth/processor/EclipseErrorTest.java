package dev.stochasticdepth.processor;

/**
 * Every case of {@link ErrorTest} compiled by Eclipse's compiler, whose element model is its own:
 * each invalid definition gets the same id and fix on the same line as with javac, and each
 * borderline definition compiles.
 */
class EclipseErrorTest extends ErrorTest {

    @Override
    TestCompiler compiler() {
        return TestCompiler.ECJ;
    }

    @Override
    String shownOn(String javacLine, String ecjLine) {
        return ecjLine;
    }
}
