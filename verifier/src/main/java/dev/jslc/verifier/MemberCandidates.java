package dev.jslc.verifier;

import groovy.lang.GString;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which members a call could reach, by reflection, in the order the sandbox tries them (after script-security's
 * GroovyCallSiteSelector, jenkinsci/script-security-plugin,
 * src/main/java/org/jenkinsci/plugins/scriptsecurity/sandbox/groovy/GroovyCallSiteSelector.java): argument
 * compatibility as far as the static types tell, supertypes first, more specific overloads first, and the GDK
 * methods (DefaultGroovyMethods and its siblings) of a receiver.
 */
final class MemberCandidates {
    private MemberCandidates() {}

    private static final Map<Class<?>, Method[]> DECLARED_METHODS = new HashMap<>();

    /** The GDK classes whose static methods Groovy adds to their first parameter's type. */
    static final Class<?>[] GDK_CLASSES = loadAll(
            "org.codehaus.groovy.runtime.DefaultGroovyMethods",
            "org.codehaus.groovy.runtime.StringGroovyMethods",
            "org.codehaus.groovy.runtime.SwingGroovyMethods",
            "org.codehaus.groovy.runtime.SqlGroovyMethods",
            "org.codehaus.groovy.runtime.XmlGroovyMethods",
            "org.codehaus.groovy.runtime.EncodingGroovyMethods",
            "org.codehaus.groovy.runtime.DateGroovyMethods",
            "org.codehaus.groovy.runtime.ProcessGroovyMethods");

    private static Class<?>[] loadAll(String... names) {
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            try {
                Class<?> c = Class.forName(n, false, MemberCandidates.class.getClassLoader());
                declaredMethods(c);
                out.add(c);
            } catch (Throwable ignored) {
                // a GDK class whose dependencies are missing (e.g. Swing on a stripped JRE) has nothing to offer
            }
        }
        return out.toArray(new Class<?>[0]);
    }

    /** {@code c.getDeclaredMethods()}, cached; none when the class cannot be linked. */
    static Method[] declaredMethods(Class<?> c) {
        synchronized (DECLARED_METHODS) {
            Method[] m = DECLARED_METHODS.get(c);
            if (m == null) {
                try {
                    m = c.getDeclaredMethods();
                } catch (Throwable t) {
                    m = new Method[0];
                }
                DECLARED_METHODS.put(c, m);
            }
            return m;
        }
    }

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

    /** Can a value the code describes as {@code a} be passed where {@code p} is declared, as the sandbox tests it? */
    static boolean compatible(Class<?> p, ValueType a) {
        switch (a.kind()) {
            case UNKNOWN, OWN, GLOBAL, OPAQUE:
                return true;
            case NULL:
                return !p.isPrimitive();
            default:
                break;
        }
        Class<?> s = a.cls();
        if (p.isPrimitive()) {
            Class<?> w = wrap(p);
            if (w.isAssignableFrom(s)) return true;
            if ((w == Long.class && s == Integer.class) || (w == Integer.class && s == Long.class)) return true;
            return !a.exact() && s.isAssignableFrom(w);
        }
        if (p.isAssignableFrom(s)) return true;
        if (p == String.class && GString.class.isAssignableFrom(s)) return true;
        if (a.exact()) return false;
        if (s.isAssignableFrom(p)) return true;
        if (s.isInterface() && p.isInterface()) return false;
        if (s.isInterface() && !Modifier.isFinal(p.getModifiers())) return true;
        return p.isInterface() && !Modifier.isFinal(s.getModifiers());
    }

    /** Do the arguments fit the parameters (the last one a varargs array when {@code varargs})? */
    static boolean compatible(Class<?>[] params, boolean varargs, ValueType[] args) {
        if (!varargs) {
            if (params.length != args.length) return false;
            for (int i = 0; i < params.length; i++) if (!compatible(params[i], args[i])) return false;
            return true;
        }
        int fixed = params.length - 1;
        if (args.length < fixed) return false;
        for (int i = 0; i < fixed; i++) if (!compatible(params[i], args[i])) return false;
        if (args.length == params.length && compatible(params[fixed], args[fixed])) return true;
        Class<?> component = params[fixed].getComponentType();
        for (int i = fixed; i < args.length; i++) if (!compatible(component, args[i])) return false;
        return true;
    }

    /** As GroovyCallSiteSelector.isMoreSpecific: is the overload with parameters {@code more} to be tried first? */
    static boolean isMoreSpecific(Class<?>[] more, Class<?>[] less) {
        for (int i = 0; i < Math.min(more.length, less.length); i++) {
            Class<?> m = wrap(more[i]);
            Class<?> l = wrap(less[i]);
            if (m.isAssignableFrom(l)) return false;
            if (l.isAssignableFrom(m)) return true;
            if (m == Long.class && l == Integer.class) return false;
            if (m == Integer.class && l == Long.class) return true;
        }
        return false;
    }

    /** The types to look for members in, in GroovyCallSiteSelector's order: supertypes first; Object first when the runtime class is not known. */
    static List<Class<?>> typesToSearch(Class<?> c, boolean exact) {
        LinkedHashSet<Class<?>> out = new LinkedHashSet<>();
        if (!exact) out.add(Object.class);
        supertypesFirst(out, c);
        return new ArrayList<>(out);
    }

    private static void supertypesFirst(Set<Class<?>> out, Class<?> c) {
        Class<?> s = c.getSuperclass();
        if (s != null) supertypesFirst(out, s);
        for (Class<?> i : c.getInterfaces()) supertypesFirst(out, i);
        out.add(c);
    }

    /** The methods {@code c} declares named {@code name} that the arguments fit, more specific first. */
    static List<Method> methods(Class<?> c, String name, ValueType[] args, boolean staticOnly) {
        List<Method> out = new ArrayList<>();
        for (Method m : declaredMethods(c)) {
            if (!m.getName().equals(name)) continue;
            if (staticOnly && !Modifier.isStatic(m.getModifiers())) continue;
            if (compatible(m.getParameterTypes(), m.isVarArgs(), args)) out.add(m);
        }
        sortSpecificFirst(out);
        return out;
    }

    /** The GDK methods of {@code gdk} for a receiver: the self parameter must be a supertype of its type, or a subtype it may have. */
    static List<Method> gdkMethods(Class<?> gdk, String name, ValueType self, ValueType[] args) {
        ValueType[] selfArgs = new ValueType[args.length + 1];
        selfArgs[0] = self;
        System.arraycopy(args, 0, selfArgs, 1, args.length);
        List<Method> out = new ArrayList<>();
        for (Method m : declaredMethods(gdk)) {
            if (!m.getName().equals(name) || !Modifier.isStatic(m.getModifiers()) || m.getParameterCount() == 0) continue;
            Class<?> p = m.getParameterTypes()[0];
            if (self.kind() == ValueType.Kind.CLASS) {
                Class<?> w = wrap(p);
                boolean fits = w.isAssignableFrom(self.cls()) || (!self.exact() && self.cls().isAssignableFrom(w));
                if (!fits) continue;
            }
            if (compatible(m.getParameterTypes(), m.isVarArgs(), selfArgs)) out.add(m);
        }
        sortSpecificFirst(out);
        return out;
    }

    private static void sortSpecificFirst(List<Method> l) {
        // stable insertion sort: a method goes before another it is more specific than
        for (int i = 1; i < l.size(); i++) {
            Method m = l.get(i);
            int j = i;
            while (j > 0 && l.get(j - 1).getParameterCount() == m.getParameterCount()
                    && isMoreSpecific(m.getParameterTypes(), l.get(j - 1).getParameterTypes())) {
                l.set(j, l.get(j - 1));
                j--;
            }
            l.set(j, m);
        }
    }

    /** Does java.lang.Class have a method {@code name} with {@code arity} parameters (String.getName())? */
    static boolean classMethodExists(String name, int arity) {
        for (Method m : declaredMethods(Class.class)) if (m.getName().equals(name) && m.getParameterCount() == arity) return true;
        return false;
    }
}
