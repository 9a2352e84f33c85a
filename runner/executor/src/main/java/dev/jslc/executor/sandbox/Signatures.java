package dev.jslc.executor.sandbox;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The canonical whitelist-line form of a member, as script-security's EnumeratingWhitelist and StaticWhitelist print
 * them (EnumeratingWhitelist.getName, canonicalMethodSig …): {@code method java.lang.String trim},
 * {@code staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods each java.lang.Object groovy.lang.Closure},
 * {@code new java.io.File java.lang.String}, {@code field C f}, {@code staticField C f}; arrays as {@code T[]}.
 */
public final class Signatures {
    private Signatures() {}

    /** A class name as whitelists spell it: {@code java.lang.String}, {@code java.lang.Object[]}, {@code a.Outer$Inner}. */
    public static String name(Class<?> c) {
        Class<?> e = c.getComponentType();
        return e == null ? c.getName() : name(e) + "[]";
    }

    /** The type name of a value, {@code null} for null (EnumeratingWhitelist.getName(Object)). */
    public static String nameOf(Object o) {
        return o == null ? "null" : name(o.getClass());
    }

    static String types(Class<?>[] types) {
        StringBuilder b = new StringBuilder();
        for (Class<?> t : types) b.append(' ').append(name(t));
        return b.toString();
    }

    /** {@code CLASS NAME PARAM…} of a method (without the method/staticMethod keyword). */
    public static String methodDetails(Method m) {
        return name(m.getDeclaringClass()) + " " + m.getName() + types(m.getParameterTypes());
    }

    /** {@code method …} or {@code staticMethod …}. */
    public static String method(Method m) {
        return (java.lang.reflect.Modifier.isStatic(m.getModifiers()) ? "staticMethod " : "method ") + methodDetails(m);
    }

    /** {@code new CLASS PARAM…}. */
    public static String constructor(Constructor<?> c) {
        return "new " + name(c.getDeclaringClass()) + types(c.getParameterTypes());
    }

    /** {@code field CLASS NAME} or {@code staticField CLASS NAME}. */
    public static String field(Field f) {
        return (java.lang.reflect.Modifier.isStatic(f.getModifiers()) ? "staticField " : "field ") + name(f.getDeclaringClass()) + " " + f.getName();
    }
}
