package dev.stochasticdepth.processor;

import java.util.ArrayList;
import java.util.List;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The diagnostics found in one definition (or one check outside any definition), held back until
 * its stages complete: a definition that turns out to reference a missing type is deferred and
 * must not have printed anything. Every diagnostic the processor prints goes through a report.
 */
final class ValidationReport {

    /**
     * Where a diagnostic is shown: an element, or one of its annotations, or one value (or array
     * item) of that annotation.
     *
     * @param element the element
     * @param annotation one of its annotations, or {@code null}
     * @param value one value of that annotation, or {@code null}
     */
    record Site(Element element, AnnotationMirror annotation, AnnotationValue value) {

        /**
         * Returns the site of an element.
         *
         * @param element the element
         * @return the site
         */
        static Site of(Element element) {
            return new Site(element, null, null);
        }

        /**
         * Returns the site of an annotation of an element.
         *
         * @param element the element
         * @param annotation the annotation
         * @return the site
         */
        static Site of(Element element, AnnotationMirror annotation) {
            return new Site(element, annotation, null);
        }

        /**
         * Returns the site of one value of an annotation of an element.
         *
         * @param element the element
         * @param annotation the annotation
         * @param value the value or array item
         * @return the site
         */
        static Site of(Element element, AnnotationMirror annotation, AnnotationValue value) {
            return new Site(element, annotation, value);
        }
    }

    /** One diagnostic: its kind, where it is shown, and its full text. */
    private record Entry(Diagnostic.Kind kind, Site site, String text) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Creates an empty report. */
    ValidationReport() {}

    /**
     * Records an error, which stops the definition from being generated.
     *
     * @param site where it is shown
     * @param message the diagnostic
     * @param args the values its text names
     */
    void error(Site site, Message message, Object... args) {
        entries.add(new Entry(Diagnostic.Kind.ERROR, site, message.format(args)));
    }

    /**
     * Records a warning, which leaves the report clean.
     *
     * @param site where it is shown
     * @param message the diagnostic
     * @param args the values its text names
     */
    void warning(Site site, Message message, Object... args) {
        entries.add(new Entry(Diagnostic.Kind.WARNING, site, message.format(args)));
    }

    /**
     * Records a note of free text, such as the stack trace behind {@link Message#INTERNAL_ERROR},
     * which leaves the report clean.
     *
     * @param site where it is shown
     * @param text the note
     */
    void note(Site site, String text) {
        entries.add(new Entry(Diagnostic.Kind.NOTE, site, text));
    }

    /**
     * Returns whether the report holds no error, so that the definition may be generated.
     *
     * @return {@code true} if every entry is a warning or a note
     */
    boolean isClean() {
        return entries.stream().noneMatch(entry -> entry.kind() == Diagnostic.Kind.ERROR);
    }

    /**
     * Prints every entry in the order it was recorded, at a site the compiler behind {@code
     * messager} can show.
     *
     * @param messager the compiler's messager
     */
    void printTo(Messager messager) {
        boolean eclipse = EclipseSites.isEclipse(messager);
        for (Entry entry : entries) {
            Site site = eclipse ? EclipseSites.showable(entry.site()) : entry.site();
            messager.printMessage(
                    entry.kind(), entry.text(), site.element(), site.annotation(), site.value());
        }
    }
}
