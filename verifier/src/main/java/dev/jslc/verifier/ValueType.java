package dev.jslc.verifier;

import java.lang.reflect.Modifier;

/**
 * What the code says about a value's type, as far as the sandbox check needs it.
 *
 * @param kind what is known
 * @param cls the Java class (CLASS only)
 * @param exact whether the runtime class is {@code cls} itself (a literal, a constructor call, a final class), not
 *     possibly a subtype
 * @param name the class name (CLASS, OPAQUE) or the global variable's name (GLOBAL)
 */
record ValueType(Kind kind, Class<?> cls, boolean exact, String name) {
    enum Kind {
        /** Nothing is known (def, Object, a dynamic property): checked by method name and arity only. */
        UNKNOWN,
        /** The null literal. */
        NULL,
        /** A class the verifier can load. */
        CLASS,
        /** The script itself, a library var or a library class: CpsWhitelist and ClassLoaderWhitelist allow its members. */
        OWN,
        /** A Pipeline global whose members are steps or variables (env, steps, docker). */
        GLOBAL,
        /** A Jenkins or plugin class the verifier only has a stub of: checked against the lists by name. */
        OPAQUE
    }

    static final ValueType UNKNOWN = new ValueType(Kind.UNKNOWN, null, false, null);
    static final ValueType NULL = new ValueType(Kind.NULL, null, false, null);
    static final ValueType OWN = new ValueType(Kind.OWN, null, false, null);

    /** A value whose runtime class is exactly {@code c}. */
    static ValueType exact(Class<?> c) {
        return new ValueType(Kind.CLASS, c, true, c.getName());
    }

    /** A value declared as {@code c}: exact only when no subclass can exist (final, not an interface). */
    static ValueType declared(Class<?> c) {
        if (c == Object.class) return UNKNOWN;
        if (c.isPrimitive()) return exact(MemberCandidates.wrap(c));
        return new ValueType(Kind.CLASS, c, Modifier.isFinal(c.getModifiers()) && !c.isInterface(), c.getName());
    }

    static ValueType opaque(String className) {
        return new ValueType(Kind.OPAQUE, null, false, className);
    }

    static ValueType global(String variable) {
        return new ValueType(Kind.GLOBAL, null, false, variable);
    }

    /** The type as messages show it: the class name, or "?". */
    String describe() {
        return switch (kind) {
            case CLASS -> Whitelist.typeName(cls);
            case OPAQUE -> name;
            default -> "?";
        };
    }
}
