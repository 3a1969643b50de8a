package dev.stochasticdepth.processor;

import java.util.Optional;

import javax.lang.model.type.TypeMirror;

/**
 * Thrown while parsing a definition that javac itself will report on: a type that does not exist
 * (yet: a later round may generate it) or an annotation value that does not compile. The processor
 * then defers the definition to the next round and prints nothing about it until processing is
 * over.
 */
final class Deferral extends Exception {
    private static final long serialVersionUID = 1L;

    /** The missing type as the source names it, when the deferral came from one. */
    private final String missingType;

    /** Creates a deferral whose cause the compiler's model does not name. */
    Deferral() {
        this((String) null);
    }

    /**
     * Creates a deferral for a type that does not exist.
     *
     * @param missingType the compiler's error type for it
     */
    Deferral(TypeMirror missingType) {
        this(missingType.toString());
    }

    private Deferral(String missingType) {
        // No stack trace: a deferral is an expected outcome, thrown once per deferred definition.
        super(null, null, false, false);
        this.missingType = missingType;
    }

    /**
     * Returns the missing type, if the deferral came from one.
     *
     * @return the type as the source names it, such as {@code Missing}
     */
    Optional<String> missingType() {
        return Optional.ofNullable(missingType);
    }
}
