package dev.jslc.verifier;

import groovy.lang.GString;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For one call site (a method call, property read or write, constructor call, static call or operator) whose receiver
 * and argument types the code states: the member the sandbox resolves it to at run time (Script Security's
 * SandboxInterceptor, jenkinsci/script-security-plugin,
 * src/main/java/org/jenkinsci/plugins/scriptsecurity/sandbox/groovy/SandboxInterceptor.java), whether the whitelists
 * permit it or the blacklist forbids it, and the type of the value it gives. The AST side (which expressions are call
 * sites, what their types are, where to report) is {@link SandboxCheck}'s.
 */
final class CallSiteSelector {
    /**
     * What a call site resolves to.
     *
     * @param type the type of the value the call gives (UNKNOWN when nothing is known)
     * @param member the signature of the member the sandbox checks ("method java.lang.String trim", …), or null when
     *     the call is not resolved to one member (untyped receiver, the script's own methods, …)
     * @param rejection the finding when the sandbox would reject the call, or null when it passes
     */
    record Selection(ValueType type, String member, String rejection) {
        static Selection of(ValueType type) {
            return new Selection(type, null, null);
        }

        static Selection allowed(ValueType type, String member) {
            return new Selection(type, member, null);
        }

        static Selection rejected(ValueType type, String member, String rejection) {
            return new Selection(type, member, rejection);
        }

        boolean isRejected() {
            return rejection != null;
        }
    }

    private static final Set<String> NUMBER_MATH_NAMES = Set.of("plus", "minus", "multiply", "div", "compareTo", "or", "and",
            "xor", "intdiv", "mod", "leftShift", "rightShift", "rightShiftUnsigned");

    private final Whitelist whitelist;

    CallSiteSelector(Whitelist whitelist) {
        this.whitelist = whitelist;
    }

    /** The first of {@code candidates} the lists permit; else the first one, rejected with its verdict. */
    private Selection firstPermitted(List<Method> candidates) {
        for (Method m : candidates) {
            String sig = Whitelist.signature(m);
            if (whitelist.verdict(sig) == null) return Selection.allowed(returnType(m), sig);
        }
        String sig = Whitelist.signature(candidates.get(0));
        return Selection.rejected(returnType(candidates.get(0)), sig, sig + ": " + whitelist.verdict(sig));
    }

    /** {@code receiver.name(args)}; {@code args} null when a spread argument hides their number. */
    Selection method(ValueType receiver, String name, ValueType[] args) {
        switch (receiver.kind()) {
            case OWN, NULL:
                return Selection.of(ValueType.UNKNOWN);
            case GLOBAL:
                return Selection.of(receiver.name().equals("env") ? ValueType.UNKNOWN : receiver);
            case OPAQUE: {
                int n = args == null ? -1 : args.length;
                for (Whitelist.Entry e : whitelist.entries(true, "method", receiver.name(), name)) {
                    if (n < 0 || e.params().size() == n) {
                        return Selection.rejected(ValueType.UNKNOWN, e.signature(), e.signature() + ": blacklisted (dangerous)");
                    }
                }
                return Selection.of(ValueType.UNKNOWN);
            }
            case UNKNOWN:
                return untypedMethod(name, args);
            default:
                break;
        }
        if (args == null) return Selection.of(ValueType.UNKNOWN);
        Class<?> c = receiver.cls();
        List<Method> cands = new ArrayList<>();
        for (Class<?> type : MemberCandidates.typesToSearch(c, receiver.exact())) cands.addAll(MemberCandidates.methods(type, name, args, false));
        if (GString.class.isAssignableFrom(c)) cands.addAll(MemberCandidates.methods(String.class, name, args, false));
        if (!cands.isEmpty()) return firstPermitted(cands);
        if (Number.class.isAssignableFrom(c) && NUMBER_MATH_NAMES.contains(name)) return Selection.of(ValueType.UNKNOWN);
        List<Method> gdk = new ArrayList<>();
        for (Class<?> d : MemberCandidates.GDK_CLASSES) gdk.addAll(MemberCandidates.gdkMethods(d, name, receiver, args));
        if (!gdk.isEmpty()) return firstPermitted(gdk);
        if (Map.class.isAssignableFrom(c)) return Selection.of(ValueType.UNKNOWN); // a closure stored in the map, called as a method
        if (!receiver.exact()) {
            // The value may be of a subtype that declares the method: allowed if such a method is whitelisted.
            if (whitelist.instanceNameAllowedOn(c, name, args.length)) return Selection.of(ValueType.UNKNOWN);
            return Selection.rejected(ValueType.UNKNOWN, null, "method ? " + name + argList(args) + ": not whitelisted (" + Whitelist.typeName(c)
                    + " has no such method, and no whitelisted method of a type that could be its value is named " + name
                    + " with " + plural(args.length, "argument") + ")");
        }
        return Selection.rejected(ValueType.UNKNOWN, null, "method " + Whitelist.typeName(c) + " " + name + argList(args)
                + ": no such method (the call fails at run time with MissingMethodException)");
    }

    /** A method call on a receiver of unknown type: passes when some whitelisted method has that name and arity. */
    private Selection untypedMethod(String name, ValueType[] args) {
        if (args == null) return Selection.of(ValueType.UNKNOWN);
        int n = args.length;
        if (whitelist.instanceNameAllowed(name, n)) return Selection.of(ValueType.UNKNOWN);
        List<String> black = whitelist.blacklistedInstance(name, n);
        String why = "the receiver's type is not declared, and no whitelisted method of any class is named " + name + " with " + plural(n, "argument");
        if (!black.isEmpty()) {
            return Selection.rejected(ValueType.UNKNOWN, black.get(0), black.get(0) + ": blacklisted (dangerous) (" + why + ")");
        }
        return Selection.rejected(ValueType.UNKNOWN, null, "method ? " + name + argList(args) + ": not whitelisted (" + why + ")");
    }

    /** {@code Owner.name(args)}, or a statically imported method of Owner. */
    Selection staticMethod(ValueType owner, String name, ValueType[] args) {
        if (owner.kind() == ValueType.Kind.OWN) return Selection.of(ValueType.UNKNOWN);
        if (owner.kind() == ValueType.Kind.OPAQUE) {
            int n = args == null ? -1 : args.length;
            for (Whitelist.Entry e : whitelist.entries(true, "staticMethod", owner.name(), name)) {
                if (n < 0 || e.params().size() == n) {
                    return Selection.rejected(ValueType.UNKNOWN, e.signature(), e.signature() + ": blacklisted (dangerous)");
                }
            }
            for (Whitelist.Entry e : whitelist.entries(false, "staticMethod", owner.name(), name)) {
                if (n < 0 || e.params().size() == n) return Selection.allowed(ValueType.UNKNOWN, e.signature());
            }
            if (n >= 0 && MemberCandidates.classMethodExists(name, n)) return Selection.of(ValueType.UNKNOWN);
            return Selection.rejected(ValueType.UNKNOWN, null,
                    "staticMethod " + owner.name() + " " + name + " (" + plural(n, "argument") + "): not whitelisted");
        }
        if (owner.kind() != ValueType.Kind.CLASS || args == null) return Selection.of(ValueType.UNKNOWN);
        List<Method> cands = MemberCandidates.methods(owner.cls(), name, args, false);
        if (!cands.isEmpty()) {
            for (Method m : cands) {
                String sig = staticSignature(m);
                if (whitelist.verdict(sig) == null) return Selection.allowed(returnType(m), sig);
            }
            String sig = staticSignature(cands.get(0));
            return Selection.rejected(returnType(cands.get(0)), sig, sig + ": " + whitelist.verdict(sig));
        }
        // not a static method: a method of the Class object itself (String.getName())
        return method(ValueType.exact(Class.class), name, args);
    }

    /** {@code new Type(args)}. */
    Selection constructor(ValueType type, ValueType[] args) {
        if (type.kind() == ValueType.Kind.OPAQUE) {
            String name = type.name();
            int n = args == null ? -1 : args.length;
            for (Whitelist.Entry e : whitelist.entries(true, "new", name, null)) {
                if (n < 0 || e.params().size() == n) {
                    return Selection.rejected(ValueType.UNKNOWN, e.signature(), e.signature() + ": blacklisted (dangerous)");
                }
            }
            for (Whitelist.Entry e : whitelist.entries(false, "new", name, null)) {
                if (n < 0 || e.params().size() == n) return Selection.allowed(ValueType.UNKNOWN, e.signature());
            }
            return Selection.rejected(ValueType.UNKNOWN, null, "new " + name + " (" + plural(n, "argument") + "): not whitelisted");
        }
        if (type.kind() != ValueType.Kind.CLASS || args == null) return Selection.of(ValueType.UNKNOWN);
        Class<?> c = type.cls();
        List<Constructor<?>> cands = new ArrayList<>();
        Constructor<?>[] all;
        try {
            all = c.getDeclaredConstructors();
        } catch (Throwable x) {
            return Selection.of(ValueType.UNKNOWN);
        }
        for (Constructor<?> k : all) if (MemberCandidates.compatible(k.getParameterTypes(), k.isVarArgs(), args)) cands.add(k);
        if (cands.isEmpty() && args.length == 1 && args[0].kind() == ValueType.Kind.CLASS && Map.class.isAssignableFrom(args[0].cls())) {
            // new T(a: 1): the default constructor, then the properties
            for (Constructor<?> k : all) if (k.getParameterCount() == 0) cands.add(k);
        }
        if (cands.isEmpty()) return Selection.of(ValueType.UNKNOWN);
        for (Constructor<?> k : cands) {
            String sig = Whitelist.signature(k);
            if (whitelist.verdict(sig) == null) return Selection.allowed(ValueType.UNKNOWN, sig);
        }
        String sig = Whitelist.signature(cands.get(0));
        return Selection.rejected(ValueType.UNKNOWN, sig, sig + ": " + whitelist.verdict(sig));
    }

    /** {@code receiver.prop}: a getter (getX, isX), a GDK getter, or a field. */
    Selection property(ValueType receiver, String prop) {
        switch (receiver.kind()) {
            case GLOBAL:
                return Selection.of(receiver.name().equals("env") ? ValueType.UNKNOWN : receiver);
            case OPAQUE: {
                String cap = capitalize(prop);
                for (String sig : List.of("method " + receiver.name() + " get" + cap, "method " + receiver.name() + " is" + cap, "field " + receiver.name() + " " + prop)) {
                    if (whitelist.isBlacklisted(sig)) return Selection.rejected(ValueType.UNKNOWN, sig, sig + ": blacklisted (dangerous)");
                }
                return Selection.of(ValueType.UNKNOWN);
            }
            case CLASS:
                break;
            default:
                return Selection.of(ValueType.UNKNOWN);
        }
        Class<?> c = receiver.cls();
        if (Map.class.isAssignableFrom(c)) return Selection.of(ValueType.UNKNOWN); // the sandbox turns it into Map.get(Object)
        if (c.isArray() && prop.equals("length")) return Selection.of(ValueType.exact(Integer.class));
        String cap = capitalize(prop);
        String firstRejected = null;
        ValueType firstType = ValueType.UNKNOWN;
        for (String getter : new String[] {"get" + cap, "is" + cap}) {
            List<Method> cands = new ArrayList<>();
            for (Class<?> type : MemberCandidates.typesToSearch(c, receiver.exact())) cands.addAll(MemberCandidates.methods(type, getter, new ValueType[0], false));
            if (getter.startsWith("is")) cands.removeIf(m -> m.getReturnType() != boolean.class);
            for (Method m : cands) if (whitelist.verdict(Whitelist.signature(m)) == null) return Selection.allowed(returnType(m), Whitelist.signature(m));
            if (!cands.isEmpty() && firstRejected == null) {
                firstRejected = Whitelist.signature(cands.get(0));
                firstType = returnType(cands.get(0));
            }
        }
        for (Class<?> d : MemberCandidates.GDK_CLASSES) {
            for (String getter : new String[] {"get" + cap, "is" + cap}) {
                List<Method> cands = MemberCandidates.gdkMethods(d, getter, receiver, new ValueType[0]);
                if (getter.startsWith("is")) cands.removeIf(m -> m.getReturnType() != boolean.class);
                for (Method m : cands) if (whitelist.verdict(Whitelist.signature(m)) == null) return Selection.allowed(returnType(m), Whitelist.signature(m));
                if (!cands.isEmpty() && firstRejected == null) firstRejected = Whitelist.signature(cands.get(0));
            }
        }
        for (Class<?> type : MemberCandidates.typesToSearch(c, receiver.exact())) {
            for (Field f : type.getDeclaredFields()) {
                if (!f.getName().equals(prop)) continue;
                String sig = Whitelist.signature(f);
                if (whitelist.verdict(sig) == null) return Selection.allowed(ValueType.declared(f.getType()), sig);
                if (firstRejected == null) firstRejected = sig;
            }
        }
        if (firstRejected != null) return Selection.rejected(firstType, firstRejected, firstRejected + ": " + whitelist.verdict(firstRejected));
        return Selection.of(ValueType.UNKNOWN);
    }

    /** {@code Owner.prop}: a static field, a static getter, or a property of the Class object. */
    Selection staticProperty(ValueType owner, String prop) {
        if (owner.kind() == ValueType.Kind.OPAQUE) {
            String cap = capitalize(prop);
            String field = "staticField " + owner.name() + " " + prop;
            String getter = "staticMethod " + owner.name() + " get" + cap;
            for (String sig : List.of(field, getter)) {
                if (whitelist.isBlacklisted(sig)) return Selection.rejected(ValueType.UNKNOWN, sig, sig + ": blacklisted (dangerous)");
            }
            if (whitelist.isAllowed(field) || whitelist.isAllowed(getter) || whitelist.isAllowed("staticMethod " + owner.name() + " is" + cap)) {
                return Selection.of(ValueType.UNKNOWN);
            }
            if (prop.equals("class") || MemberCandidates.classMethodExists("get" + cap, 0)) return Selection.of(ValueType.UNKNOWN);
            return Selection.rejected(ValueType.UNKNOWN, field, field + ": not whitelisted");
        }
        if (owner.kind() != ValueType.Kind.CLASS) return Selection.of(ValueType.UNKNOWN);
        Class<?> c = owner.cls();
        try {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(prop) && Modifier.isStatic(f.getModifiers())) {
                    String sig = Whitelist.signature(f);
                    String v = whitelist.verdict(sig);
                    ValueType t = ValueType.declared(f.getType());
                    return v == null ? Selection.allowed(t, sig) : Selection.rejected(t, sig, sig + ": " + v);
                }
            }
        } catch (Throwable ignored) {
            return Selection.of(ValueType.UNKNOWN);
        }
        String cap = capitalize(prop);
        for (String getter : new String[] {"get" + cap, "is" + cap}) {
            List<Method> cands = MemberCandidates.methods(c, getter, new ValueType[0], true);
            if (cands.isEmpty()) continue;
            for (Method m : cands) if (whitelist.verdict(staticSignature(m)) == null) return Selection.allowed(returnType(m), staticSignature(m));
            String sig = staticSignature(cands.get(0));
            return Selection.rejected(returnType(cands.get(0)), sig, sig + ": " + whitelist.verdict(sig));
        }
        if (prop.equals("class")) return Selection.of(ValueType.exact(Class.class));
        // a property of the Class object (String.name)
        for (String getter : new String[] {"get" + cap, "is" + cap}) {
            List<Method> cands = new ArrayList<>();
            for (Class<?> type : MemberCandidates.typesToSearch(Class.class, true)) cands.addAll(MemberCandidates.methods(type, getter, new ValueType[0], false));
            if (cands.isEmpty()) continue;
            for (Method m : cands) if (whitelist.verdict(Whitelist.signature(m)) == null) return Selection.allowed(returnType(m), Whitelist.signature(m));
            String sig = Whitelist.signature(cands.get(0));
            return Selection.rejected(ValueType.UNKNOWN, sig, sig + ": " + whitelist.verdict(sig));
        }
        return Selection.of(ValueType.UNKNOWN);
    }

    /** {@code receiver.prop = value}: a setter (setX) or a field. The selection's type is not used. */
    Selection propertySet(ValueType receiver, String prop, ValueType value) {
        if (receiver.kind() == ValueType.Kind.OPAQUE) {
            for (Whitelist.Entry e : whitelist.entries(true, "method", receiver.name(), "set" + capitalize(prop))) {
                return Selection.rejected(ValueType.UNKNOWN, e.signature(), e.signature() + ": blacklisted (dangerous)");
            }
            String field = "field " + receiver.name() + " " + prop;
            if (whitelist.isBlacklisted(field)) return Selection.rejected(ValueType.UNKNOWN, field, field + ": blacklisted (dangerous)");
            return Selection.of(ValueType.UNKNOWN);
        }
        if (receiver.kind() != ValueType.Kind.CLASS) return Selection.of(ValueType.UNKNOWN);
        Class<?> c = receiver.cls();
        if (Map.class.isAssignableFrom(c)) return Selection.of(ValueType.UNKNOWN); // Map.put
        List<Method> cands = new ArrayList<>();
        for (Class<?> type : MemberCandidates.typesToSearch(c, receiver.exact())) {
            for (Method m : MemberCandidates.declaredMethods(type)) {
                if (m.getName().equals("set" + capitalize(prop)) && m.getParameterCount() == 1 && MemberCandidates.compatible(m.getParameterTypes()[0], value)) {
                    cands.add(m);
                }
            }
        }
        String first = null;
        for (Method m : cands) {
            if (whitelist.verdict(Whitelist.signature(m)) == null) return Selection.allowed(ValueType.UNKNOWN, Whitelist.signature(m));
            if (first == null) first = Whitelist.signature(m);
        }
        for (Class<?> type : MemberCandidates.typesToSearch(c, receiver.exact())) {
            for (Field f : type.getDeclaredFields()) {
                if (!f.getName().equals(prop)) continue;
                String sig = Whitelist.signature(f);
                if (whitelist.verdict(sig) == null) return Selection.allowed(ValueType.UNKNOWN, sig);
                if (first == null) first = sig;
            }
        }
        if (first != null) return Selection.rejected(ValueType.UNKNOWN, first, first + ": " + whitelist.verdict(first));
        return Selection.of(ValueType.UNKNOWN);
    }

    /** {@code a[i]} (getAt) and {@code a[i] = v} (putAt): arrays indexed by an int need no check. */
    Selection subscript(ValueType receiver, String method, ValueType[] args) {
        if (receiver.kind() == ValueType.Kind.CLASS && receiver.cls().isArray()) {
            ValueType index = args[0];
            if (index.kind() == ValueType.Kind.UNKNOWN || (index.kind() == ValueType.Kind.CLASS && (index.cls() == Integer.class))) {
                return Selection.of(method.equals("getAt") ? ValueType.declared(receiver.cls().getComponentType()) : ValueType.UNKNOWN);
            }
        }
        return method(receiver, method, args);
    }

    private static String staticSignature(Method m) {
        String s = Whitelist.signature(m);
        return s.startsWith("method ") ? "staticMethod " + s.substring("method ".length()) : s;
    }

    private static ValueType returnType(Method m) {
        Class<?> r = m.getReturnType();
        if (r == void.class || r == Object.class) return ValueType.UNKNOWN;
        return ValueType.declared(r);
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String plural(int n, String word) {
        if (n < 0) return "some " + word + "s";
        return n + " " + word + (n == 1 ? "" : "s");
    }

    static String argList(ValueType[] args) {
        StringBuilder b = new StringBuilder();
        if (args == null) return "";
        for (ValueType a : args) b.append(' ').append(a.kind() == ValueType.Kind.NULL ? "null" : a.describe());
        return b.toString();
    }
}
