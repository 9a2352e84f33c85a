package dev.jslc.executor.sandbox;

import groovy.lang.GString;
import groovy.lang.GroovyInterceptable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * Which JVM member a Groovy call will reach, decided as script-security's GroovyCallSiteSelector decides it
 * (src/main/java/org/jenkinsci/plugins/scriptsecurity/sandbox/groovy/GroovyCallSiteSelector.java): the receiver's
 * types are searched <b>supertypes first</b> (superclass chain, then interfaces, the class itself last), so the
 * signature checked is the most general declaration ({@code method java.util.Map get java.lang.Object} for a
 * LinkedHashMap); a GString receiver also matches String's methods; a GString argument matches a String parameter;
 * Integer matches a long parameter and a Long in int range an int one; varargs are spread.
 */
public final class CallSiteSelector {
    private CallSiteSelector() {}

    static Class<?> wrap(Class<?> c) {
        if (!c.isPrimitive()) return c;
        if (c == int.class) return Integer.class;
        if (c == long.class) return Long.class;
        if (c == boolean.class) return Boolean.class;
        if (c == double.class) return Double.class;
        if (c == float.class) return Float.class;
        if (c == char.class) return Character.class;
        if (c == byte.class) return Byte.class;
        if (c == short.class) return Short.class;
        return Void.class;
    }

    private static boolean matches(Class<?>[] parameterTypes, Object[] parameters, boolean varargs) {
        if (varargs) parameters = parametersForVarargs(parameterTypes, parameters);
        if (parameters.length != parameterTypes.length) return false;
        for (int i = 0; i < parameterTypes.length; i++) {
            Object p = parameters[i];
            Class<?> t = parameterTypes[i];
            if (p == null) {
                if (t.isPrimitive()) return false;
                continue;
            }
            if (t.isInstance(p)) continue;
            if (t.isPrimitive() && isInstancePrimitive(wrap(t), p)) continue;
            if (t == String.class && p instanceof GString) continue;
            return false;
        }
        return true;
    }

    private static Object[] parametersForVarargs(Class<?>[] parameterTypes, Object[] parameters) {
        int fixedLen = parameterTypes.length - 1;
        Class<?> componentType = wrap(parameterTypes[fixedLen].getComponentType());
        int arrayLength = parameters.length - fixedLen;
        if (arrayLength >= 0) {
            if (arrayLength == 1 && parameterTypes[fixedLen].isInstance(parameters[fixedLen])) return parameters;
            if (arrayLength == 0 || componentType.isInstance(parameters[fixedLen]) || parameters[fixedLen] == null) {
                Object array = DefaultTypeTransformation.castToVargsArray(parameters, fixedLen, parameterTypes[fixedLen]);
                Object[] out = new Object[fixedLen + 1];
                System.arraycopy(parameters, 0, out, 0, fixedLen);
                out[fixedLen] = array;
                return out;
            }
        }
        return parameters;
    }

    private static boolean isInstancePrimitive(Class<?> type, Object instance) {
        if (type.isInstance(instance)) return true;
        if (type == Long.class && instance instanceof Integer) return true; // widening
        if (type == Integer.class && instance instanceof Long) {
            long n = (Long) instance;
            return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE; // safe narrowing
        }
        return false;
    }

    /** The most general declaration of {@code receiver.method(args)}, supertypes first; null when there is none. */
    public static Method method(Object receiver, String method, Object[] args) {
        Set<Class<?>> types = types(receiver);
        if (types.contains(GroovyInterceptable.class) && !"invokeMethod".equals(method)) {
            return method(receiver, "invokeMethod", new Object[] {method, args});
        }
        for (Class<?> c : types) {
            Method m = findMatchingMethod(c, method, args);
            if (m != null) return m;
        }
        if (receiver instanceof GString) return findMatchingMethod(String.class, method, args); // cf. GString.invokeMethod
        return null;
    }

    /** Every method of that name on the receiver's types that passes {@code filter} (for setters). */
    public static List<Method> methods(Object receiver, String method, Predicate<Method> filter) {
        Set<Class<?>> types = types(receiver);
        if (types.contains(GroovyInterceptable.class) && !"invokeMethod".equals(method)) {
            return methods(receiver, "invokeMethod", m -> true);
        }
        List<Method> out = new ArrayList<>();
        for (Class<?> c : types) {
            for (Method m : c.getDeclaredMethods()) if (m.getName().equals(method) && filter.test(m)) out.add(m);
        }
        if (receiver instanceof GString) out.addAll(methods("", method, filter));
        return out;
    }

    /** The constructor {@code new receiver(args)} selects, or the no-argument one for Groovy's map constructor. */
    public static Constructor<?> constructor(Class<?> receiver, Object[] args) {
        Constructor<?>[] all = receiver.getDeclaredConstructors();
        Constructor<?> candidate = null;
        for (Constructor<?> c : all) {
            if (matches(c.getParameterTypes(), args, c.isVarArgs())
                    && (candidate == null || isMoreSpecific(c, c.getParameterTypes(), c.isVarArgs(), candidate, candidate.getParameterTypes(), candidate.isVarArgs()))) {
                candidate = c;
            }
        }
        if (candidate != null) return candidate;
        if (args.length == 1 && args[0] instanceof Map) {
            for (Constructor<?> c : all) if (c.getParameterTypes().length == 0 && !c.isVarArgs()) return c;
        }
        return null;
    }

    /** The static (or extension) method {@code receiver.method(args)} declared by that class itself. */
    public static Method staticMethod(Class<?> receiver, String method, Object[] args) {
        return findMatchingMethod(receiver, method, args);
    }

    private static Method findMatchingMethod(Class<?> receiver, String method, Object[] args) {
        Method candidate = null;
        for (Method m : receiver.getDeclaredMethods()) {
            boolean varArgs = isVarArgsMethod(m, args);
            if (m.getName().equals(method) && matches(m.getParameterTypes(), args, varArgs)
                    && (candidate == null || isMoreSpecific(m, m.getParameterTypes(), varArgs, candidate, candidate.getParameterTypes(), isVarArgsMethod(candidate, args)))) {
                candidate = m;
            }
        }
        return candidate;
    }

    private static boolean isVarArgsMethod(Method m, Object[] args) {
        if (m.isVarArgs()) return true;
        Class<?>[] p = m.getParameterTypes();
        if (p.length < 2) return false;
        int last = p.length - 1;
        if (p[last].isArray() && args.length > p.length) {
            Class<?> component = p[last].getComponentType();
            for (int i = last; i < args.length; i++) {
                if (args[i] != null && !component.isAssignableFrom(args[i].getClass())) return false;
            }
            return true;
        }
        return false;
    }

    /** The first field of that name on the receiver's types, supertypes first. */
    public static Field field(Object receiver, String name) {
        for (Class<?> c : types(receiver)) {
            for (Field f : c.getDeclaredFields()) if (f.getName().equals(name)) return f;
        }
        return null;
    }

    /** A field the class itself declares. */
    public static Field staticField(Class<?> receiver, String name) {
        for (Field f : receiver.getDeclaredFields()) if (f.getName().equals(name)) return f;
        return null;
    }

    static Set<Class<?>> types(Object o) {
        Set<Class<?>> types = new LinkedHashSet<>();
        visitTypes(types, o.getClass());
        return types;
    }

    private static void visitTypes(Set<Class<?>> types, Class<?> c) {
        Class<?> s = c.getSuperclass();
        if (s != null) visitTypes(types, s);
        for (Class<?> i : c.getInterfaces()) visitTypes(types, i);
        types.add(c); // supertypes first
    }

    private static boolean isMoreSpecific(Object more, Class<?>[] moreParams, boolean moreVarArgs, Object less, Class<?>[] lessParams, boolean lessVarArgs) {
        if (lessVarArgs && !moreVarArgs) return true;
        if (!lessVarArgs && moreVarArgs) return false;
        if (moreParams.length != lessParams.length) return more.toString().compareTo(less.toString()) > 0;
        for (int i = 0; i < moreParams.length; i++) {
            Class<?> m = wrap(moreParams[i]);
            Class<?> l = wrap(lessParams[i]);
            if (m.isAssignableFrom(l)) return false;
            if (l.isAssignableFrom(m)) return true;
            if (m == Long.class && l == Integer.class) return false;
            if (m == Integer.class && l == Long.class) return true;
        }
        return more.toString().compareTo(less.toString()) > 0; // incomparable: an arbitrary but stable pick
    }
}
