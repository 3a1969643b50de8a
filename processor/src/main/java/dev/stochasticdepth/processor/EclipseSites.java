package dev.stochasticdepth.processor;

import dev.stochasticdepth.processor.ValidationReport.Site;

import java.util.List;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * Where Eclipse's compiler (ecj, in the Eclipse IDE and in its batch compiler) cannot show a
 * diagnostic at the site javac shows it, the nearest site that ecj can show; the same idea as
 * AutoValue's {@code EclipseHack}. ecj 3.40 places a diagnostic on a value only where the value is
 * a whole member of the annotation, so an item of a {@code target} array is shown on its member;
 * and it shows a diagnostic on a record in no file at all, so one on a record is shown on the
 * record's first constructor or method (records are not definitions: {@code SD102}).
 */
final class EclipseSites {

    private EclipseSites() {}

    /** Whether {@code messager} is ecj's (its batch compiler's or the IDE's). */
    static boolean isEclipse(Messager messager) {
        return messager.getClass().getName().startsWith("org.eclipse.jdt.");
    }

    /** Returns the site nearest to {@code site} that ecj shows in the file and on a line. */
    static Site showable(Site site) {
        if (site.element().getKind() == ElementKind.RECORD) {
            for (Element member : site.element().getEnclosedElements()) {
                if (member.getKind() == ElementKind.CONSTRUCTOR
                        || member.getKind() == ElementKind.METHOD) {
                    return Site.of(member);
                }
            }
            return site;
        }
        if (site.annotation() == null || site.value() == null) {
            return site;
        }
        // ecj makes new mirrors on every call, so the item is found by its source form.
        String item = site.value().toString();
        for (AnnotationValue member : site.annotation().getElementValues().values()) {
            if (member.getValue() instanceof List<?> items
                    && items.stream().anyMatch(each -> each.toString().equals(item))) {
                return Site.of(site.element(), site.annotation(), member);
            }
        }
        return site;
    }
}
