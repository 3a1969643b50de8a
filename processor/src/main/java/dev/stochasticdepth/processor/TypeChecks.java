package dev.stochasticdepth.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;

/** Questions about elements and types that both parsers ask. */
final class TypeChecks {

    private TypeChecks() {}

    /** Defers the definition if {@code type} is or contains a type that does not exist. */
    static TypeMirror requireResolved(TypeMirror type) throws Deferral {
        switch (type.getKind()) {
            case ERROR:
                throw new Deferral(type);
            case DECLARED:
                for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
                    requireResolved(argument);
                }
                break;
            case ARRAY:
                requireResolved(((ArrayType) type).getComponentType());
                break;
            case WILDCARD:
                WildcardType wildcard = (WildcardType) type;
                if (wildcard.getExtendsBound() != null) {
                    requireResolved(wildcard.getExtendsBound());
                }
                if (wildcard.getSuperBound() != null) {
                    requireResolved(wildcard.getSuperBound());
                }
                break;
            default:
                break;
        }
        return type;
    }

    /** Returns the types a method or constructor declares it throws, checked to exist. */
    static List<TypeName> thrownTypes(ExecutableElement executable) throws Deferral {
        List<TypeName> thrown = new ArrayList<>();
        for (TypeMirror type : executable.getThrownTypes()) {
            thrown.add(TypeName.get(requireResolved(type)));
        }
        return thrown;
    }

    /** Returns the superclasses of {@code type}, the nearest first, without {@code Object}. */
    static List<TypeElement> superclasses(TypeElement type) {
        List<TypeElement> superclasses = new ArrayList<>();
        TypeMirror superclass = type.getSuperclass();
        while (superclass.getKind() == TypeKind.DECLARED) {
            TypeElement element = (TypeElement) ((DeclaredType) superclass).asElement();
            if (element.getQualifiedName().contentEquals("java.lang.Object")) {
                break;
            }
            superclasses.add(element);
            superclass = element.getSuperclass();
        }
        return superclasses;
    }

    /** Whether {@code type} is an inner (non-static member), local or anonymous class. */
    static boolean isInner(TypeElement type) {
        NestingKind nesting = type.getNestingKind();
        return nesting == NestingKind.LOCAL
                || nesting == NestingKind.ANONYMOUS
                || (nesting == NestingKind.MEMBER
                        && !type.getModifiers().contains(Modifier.STATIC)
                        && !type.getEnclosingElement().getKind().isInterface());
    }

    /** Whether code in package {@code from} may name {@code type} and its enclosing classes. */
    static boolean isAccessible(TypeElement type, PackageElement from, Elements elements) {
        for (Element element = type;
                element.getKind() != ElementKind.PACKAGE;
                element = element.getEnclosingElement()) {
            if (!isAccessibleMember(element, from, elements)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether code in package {@code from}, outside any subclass, may use {@code member} given that
     * it may use the member's class.
     */
    static boolean isAccessibleMember(Element member, PackageElement from, Elements elements) {
        var modifiers = member.getModifiers();
        if (modifiers.contains(Modifier.PRIVATE)) {
            return false;
        }
        if (modifiers.contains(Modifier.PUBLIC)) {
            return true;
        }
        return elements.getPackageOf(member).equals(from);
    }

    /**
     * Returns how generated code names {@code type}: its class name, with {@code ?} for each type
     * parameter.
     */
    static TypeName wildcardType(TypeElement type) {
        ClassName raw = ClassName.get(type);
        int parameters = type.getTypeParameters().size();
        if (parameters == 0) {
            return raw;
        }
        TypeName[] wildcards = new TypeName[parameters];
        Collections.nCopies(parameters, WildcardTypeName.subtypeOf(Object.class))
                .toArray(wildcards);
        return ParameterizedTypeName.get(raw, wildcards);
    }

    /** Returns the simple names from the outermost class down to {@code type}, joined by _. */
    static String joinedSimpleNames(TypeElement type) {
        return String.join("_", ClassName.get(type).simpleNames());
    }

    /** Describes a type for a message, for example "an interface". */
    static String describeKind(ElementKind kind) {
        return switch (kind) {
            case INTERFACE -> "an interface";
            case ENUM -> "an enum";
            case RECORD -> "a record";
            case ANNOTATION_TYPE -> "an annotation type";
            default -> "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Whether {@code type} is the kind of class the processor accepts: a class or a record. */
    static boolean isClassOrRecord(TypeElement type) {
        return type.getKind() == ElementKind.CLASS || type.getKind() == ElementKind.RECORD;
    }

    /** Returns the class or interface {@code type} names, if it names one. */
    static Optional<TypeElement> asTypeElement(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED
                ? Optional.of((TypeElement) ((DeclaredType) type).asElement())
                : Optional.empty();
    }
}
