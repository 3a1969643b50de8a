package dev.stochasticdepth.processor;

/**
 * Thrown while parsing a definition that javac itself will report on: a type that does not exist
 * (yet: a later round may generate it) or an annotation value that does not compile. The processor
 * then defers the definition to the next round and prints nothing about it.
 */
final class Deferral extends Exception {
    private static final long serialVersionUID = 1L;

    Deferral() {
        super(null, null, false, false);
    }
}
