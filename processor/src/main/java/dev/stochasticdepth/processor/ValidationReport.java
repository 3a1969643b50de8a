package dev.stochasticdepth.processor;

import java.util.ArrayList;
import java.util.List;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The errors found in one definition, held back until its parse completes: a definition that turns
 * out to reference a missing type is deferred and must not have printed anything.
 */
final class ValidationReport {

    /**
     * Where an error is shown: an element, or one of its annotations, or one value (or array item)
     * of that annotation.
     */
    record Site(Element element, AnnotationMirror annotation, AnnotationValue value) {

        static Site of(Element element) {
            return new Site(element, null, null);
        }

        static Site of(Element element, AnnotationMirror annotation) {
            return new Site(element, annotation, null);
        }

        static Site of(Element element, AnnotationMirror annotation, AnnotationValue value) {
            return new Site(element, annotation, value);
        }
    }

    private record Entry(Site site, String text) {}

    private final List<Entry> entries = new ArrayList<>();

    void error(Site site, Message message, Object... args) {
        entries.add(new Entry(site, message.format(args)));
    }

    boolean isClean() {
        return entries.isEmpty();
    }

    void printTo(Messager messager) {
        boolean eclipse = EclipseSites.isEclipse(messager);
        for (Entry entry : entries) {
            Site site = eclipse ? EclipseSites.showable(entry.site()) : entry.site();
            messager.printMessage(
                    Diagnostic.Kind.ERROR,
                    entry.text(),
                    site.element(),
                    site.annotation(),
                    site.value());
        }
    }
}
