package dev.stochasticdepth.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Reads annotation values as the processor needs them, keeping the {@link AnnotationValue} so that
 * errors point at it; a value that does not compile raises a {@link Deferral}.
 */
final class AnnotationValues {

    /** What ecj throws when it reads a constant of the wrong type from an annotation. */
    private static final String ECJ_WRONG_CONSTANT =
            "org.eclipse.jdt.internal.compiler.problem.ShouldNotImplement";

    private final Elements elements;
    private final AnnotationMirror annotation;

    AnnotationValues(Elements elements, AnnotationMirror annotation) {
        this.elements = elements;
        this.annotation = annotation;
    }

    /** Returns the mirror of the annotation named {@code type} on {@code element}, if present. */
    static Optional<AnnotationMirror> find(Element element, Class<?> type) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement annotationType = (TypeElement) mirror.getAnnotationType().asElement();
            if (annotationType.getQualifiedName().contentEquals(type.getCanonicalName())) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    AnnotationMirror annotation() {
        return annotation;
    }

    /** Returns the value of member {@code name}, explicit or default. */
    AnnotationValue value(String name) throws Deferral {
        Map<? extends ExecutableElement, ? extends AnnotationValue> values =
                read(() -> elements.getElementValuesWithDefaults(annotation));
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
                values.entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(name)) {
                return entry.getValue();
            }
        }
        // A required member without a value: javac reports "missing element value".
        throw new Deferral();
    }

    double doubleValue(String name) throws Deferral {
        return as(valueOf(name), Double.class);
    }

    int intValue(String name) throws Deferral {
        return as(valueOf(name), Integer.class);
    }

    boolean booleanValue(String name) throws Deferral {
        return as(valueOf(name), Boolean.class);
    }

    String stringValue(String name) throws Deferral {
        return as(valueOf(name), String.class);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) throws Deferral {
        VariableElement constant = as(valueOf(name), VariableElement.class);
        return Enum.valueOf(type, constant.getSimpleName().toString());
    }

    /** Returns the items of a {@code Class<?>[]} member; the one-element form gives one item. */
    List<? extends AnnotationValue> classItems(String name) throws Deferral {
        Object value = valueOf(name);
        if (value instanceof List<?> items) {
            for (Object item : items) {
                as(item, AnnotationValue.class);
            }
            @SuppressWarnings("unchecked") // checked item by item above
            List<? extends AnnotationValue> checked = (List<? extends AnnotationValue>) items;
            return checked;
        }
        throw new Deferral();
    }

    /** Returns the type named by a class-literal item, or defers if it does not exist. */
    static TypeMirror classValue(AnnotationValue item) throws Deferral {
        TypeMirror type = as(read(item::getValue), TypeMirror.class);
        if (type.getKind() == TypeKind.ERROR) {
            throw new Deferral(type);
        }
        return type;
    }

    private Object valueOf(String name) throws Deferral {
        AnnotationValue value = value(name);
        return read(value::getValue);
    }

    /**
     * Returns what {@code reader} reads from the compiler's model. javac gives a value that does not
     * compile as an error marker (see {@link #as}); ecj throws its {@code ShouldNotImplement}
     * instead, for a constant of the wrong type such as {@code drop = "high"}, and reports the value
     * itself, so that is a deferral too. Any other exception is the processor's own failure.
     */
    private static <T> T read(Supplier<T> reader) throws Deferral {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            if (e.getClass().getName().equals(ECJ_WRONG_CONSTANT)) {
                throw new Deferral();
            }
            throw e;
        }
    }

    private static <T> T as(Object value, Class<T> type) throws Deferral {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        // javac represents a value that does not compile as an error marker and reports it.
        throw new Deferral();
    }
}
