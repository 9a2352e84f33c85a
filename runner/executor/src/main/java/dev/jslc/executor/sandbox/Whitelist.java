package dev.jslc.executor.sandbox;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;

/**
 * What the sandbox permits, as script-security's {@code Whitelist} asks it (Whitelist.java): one question per kind of
 * member. {@link #anyOf} combines several as its ProxyWhitelist does: permitted when one of them permits.
 */
public interface Whitelist {
    /** An instance method call on {@code receiver}. */
    boolean permitsMethod(Method method, Object receiver, Object[] args);

    /** {@code new C(args)}. */
    boolean permitsConstructor(Constructor<?> constructor, Object[] args);

    /** A static method call (also a GDK extension method, called with the receiver as first argument). */
    boolean permitsStaticMethod(Method method, Object[] args);

    /** Reading an instance field. */
    boolean permitsFieldGet(Field field, Object receiver);

    /** Writing an instance field. */
    default boolean permitsFieldSet(Field field, Object receiver, Object value) {
        return permitsFieldGet(field, receiver);
    }

    /** Reading a static field. */
    boolean permitsStaticFieldGet(Field field);

    /** Writing a static field. */
    default boolean permitsStaticFieldSet(Field field, Object value) {
        return permitsStaticFieldGet(field);
    }

    /** Permitted when any of {@code parts} permits (script-security's ProxyWhitelist). */
    static Whitelist anyOf(Whitelist... parts) {
        List<Whitelist> all = List.of(parts);
        return new Whitelist() {
            @Override public boolean permitsMethod(Method m, Object r, Object[] a) {
                for (Whitelist w : all) if (w.permitsMethod(m, r, a)) return true;
                return false;
            }
            @Override public boolean permitsConstructor(Constructor<?> c, Object[] a) {
                for (Whitelist w : all) if (w.permitsConstructor(c, a)) return true;
                return false;
            }
            @Override public boolean permitsStaticMethod(Method m, Object[] a) {
                for (Whitelist w : all) if (w.permitsStaticMethod(m, a)) return true;
                return false;
            }
            @Override public boolean permitsFieldGet(Field f, Object r) {
                for (Whitelist w : all) if (w.permitsFieldGet(f, r)) return true;
                return false;
            }
            @Override public boolean permitsFieldSet(Field f, Object r, Object v) {
                for (Whitelist w : all) if (w.permitsFieldSet(f, r, v)) return true;
                return false;
            }
            @Override public boolean permitsStaticFieldGet(Field f) {
                for (Whitelist w : all) if (w.permitsStaticFieldGet(f)) return true;
                return false;
            }
            @Override public boolean permitsStaticFieldSet(Field f, Object v) {
                for (Whitelist w : all) if (w.permitsStaticFieldSet(f, v)) return true;
                return false;
            }
        };
    }
}
