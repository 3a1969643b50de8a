package dev.stochasticdepth.samples.data;

import java.io.IOException;

/** Thrown when a file is not a complete, well-formed idx file of the expected kind. */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the file
     */
    public IdxFormatException(String message) {
        super(message);
    }
}
