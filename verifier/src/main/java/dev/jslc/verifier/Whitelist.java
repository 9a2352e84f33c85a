package dev.jslc.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Script Security's static lists (generic-whitelist, jenkins-whitelist, blacklist), with the canonical signature
 * strings of EnumeratingWhitelist ("method C name P…", "staticMethod …", "new C P…", "field C f", "staticField C f").
 */
final class Whitelist {
    /** One parsed entry. */
    record Entry(String kind, String type, String name, List<String> params) {
        String signature() {
            StringBuilder b = new StringBuilder(kind).append(' ').append(type);
            if (!kind.equals("new")) b.append(' ').append(name);
            for (String p : params) b.append(' ').append(p);
            return b.toString();
        }
    }

    private final Set<String> allowed = new HashSet<>();
    private final Set<String> blacklisted = new HashSet<>();
    private final List<Entry> allowedEntries = new ArrayList<>();
    private final List<Entry> blacklistedEntries = new ArrayList<>();
    /** Instance-style method names (methods, and DGM-like static methods by their first parameter) and arities. */
    private final Map<String, List<int[]>> instanceArities = new HashMap<>();

    static Whitelist load() {
        Whitelist w = new Whitelist();
        w.read("generic-whitelist", false);
        w.read("jenkins-whitelist", false);
        w.read("blacklist", true);
        return w;
    }

    private void read(String resource, boolean black) {
        try (InputStream in = Whitelist.class.getResourceAsStream("/whitelists/" + resource)) {
            if (in == null) throw new IllegalStateException("missing resource /whitelists/" + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                line = line.trim();
                if (line.isEmpty()) continue;
                String[] t = line.split("\\s+");
                Entry e = switch (t[0]) {
                    case "method", "staticMethod" -> t.length < 3 ? null : new Entry(t[0], t[1], t[2], List.of(t).subList(3, t.length));
                    case "new" -> t.length < 2 ? null : new Entry(t[0], t[1], "<init>", List.of(t).subList(2, t.length));
                    case "field", "staticField" -> t.length < 3 ? null : new Entry(t[0], t[1], t[2], List.of());
                    default -> null;
                };
                if (e == null) continue;
                if (black) {
                    blacklisted.add(e.signature());
                    blacklistedEntries.add(e);
                } else {
                    allowed.add(e.signature());
                    allowedEntries.add(e);
                    indexInstance(e);
                }
            }
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
    }

    private void indexInstance(Entry e) {
        int arity;
        if (e.kind().equals("method")) {
            arity = e.params().size();
        } else if (e.kind().equals("staticMethod") && dgmLike(e.type()) && !e.params().isEmpty()) {
            arity = e.params().size() - 1;
        } else {
            return;
        }
        boolean varargs = !e.params().isEmpty() && e.params().get(e.params().size() - 1).endsWith("[]");
        instanceArities.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(new int[] {arity, varargs ? 1 : 0});
    }

    static boolean dgmLike(String type) {
        return (type.startsWith("org.codehaus.groovy.runtime.") && type.endsWith("GroovyMethods"))
                || type.equals("com.cloudbees.groovy.cps.CpsDefaultGroovyMethods");
    }

    boolean isAllowed(String signature) {
        return allowed.contains(signature);
    }

    boolean isBlacklisted(String signature) {
        return blacklisted.contains(signature);
    }

    /** The sandbox's verdict on a signature: null when permitted. */
    String verdict(String signature) {
        if (blacklisted.contains(signature)) return "blacklisted (dangerous)";
        if (allowed.contains(signature)) return null;
        return "not whitelisted";
    }

    /** Is some method of that name callable on some receiver with {@code arity} arguments? */
    boolean instanceNameAllowed(String name, int arity) {
        List<int[]> l = instanceArities.get(name);
        if (l == null) return false;
        for (int[] a : l) {
            if (a[0] == arity || (a[1] == 1 && arity >= a[0] - 1)) return true;
        }
        return false;
    }

    /**
     * Is some whitelisted method of that name and arity callable on a value whose class is {@code declared} or one
     * of its subtypes? (Entries on types that cannot be such a value do not count.)
     */
    boolean instanceNameAllowedOn(Class<?> declared, String name, int arity) {
        for (Entry e : allowedEntries) {
            if (!e.name().equals(name)) continue;
            String receiver;
            int a;
            if (e.kind().equals("method")) {
                receiver = e.type();
                a = e.params().size();
            } else if (e.kind().equals("staticMethod") && dgmLike(e.type()) && !e.params().isEmpty()) {
                receiver = e.params().get(0);
                a = e.params().size() - 1;
            } else {
                continue;
            }
            boolean varargs = !e.params().isEmpty() && e.params().get(e.params().size() - 1).endsWith("[]");
            if (a != arity && !(varargs && arity >= a - 1)) continue;
            Class<?> c = load(receiver);
            if (c != null && (c.isAssignableFrom(declared) || declared.isAssignableFrom(c))) return true;
        }
        return false;
    }

    private final Map<String, Class<?>> loaded = new HashMap<>();

    private Class<?> load(String name) {
        if (loaded.containsKey(name)) return loaded.get(name);
        Class<?> c;
        try {
            if (name.endsWith("[]")) {
                Class<?> comp = load(name.substring(0, name.length() - 2));
                c = comp == null ? null : java.lang.reflect.Array.newInstance(comp, 0).getClass();
            } else {
                c = switch (name) {
                    case "boolean" -> boolean.class;
                    case "char" -> char.class;
                    case "byte" -> byte.class;
                    case "short" -> short.class;
                    case "int" -> int.class;
                    case "long" -> long.class;
                    case "float" -> float.class;
                    case "double" -> double.class;
                    default -> Class.forName(name, false, Whitelist.class.getClassLoader());
                };
            }
        } catch (Throwable t) {
            c = null;
        }
        loaded.put(name, c);
        return c;
    }

    /** Blacklisted instance-style signatures (methods, DGM-like statics) with that name and arity. */
    List<String> blacklistedInstance(String name, int arity) {
        List<String> out = new ArrayList<>();
        for (Entry e : blacklistedEntries) {
            if (!e.name().equals(name)) continue;
            int a;
            if (e.kind().equals("method")) a = e.params().size();
            else if (e.kind().equals("staticMethod") && dgmLike(e.type()) && !e.params().isEmpty()) a = e.params().size() - 1;
            else continue;
            if (a == arity) out.add(e.signature());
        }
        return out;
    }

    /** Entries of a given kind for a class name (for classes the verifier cannot load) and member name. */
    List<Entry> entries(boolean black, String kind, String type, String name) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : black ? blacklistedEntries : allowedEntries) {
            if (e.kind().equals(kind) && e.type().equals(type) && (name == null || e.name().equals(name))) out.add(e);
        }
        return out;
    }

    // --- canonical signature strings, as EnumeratingWhitelist builds them ---

    static String typeName(Class<?> c) {
        Class<?> e = c.getComponentType();
        return e == null ? c.getName() : typeName(e) + "[]";
    }

    static String signature(Method m) {
        StringBuilder b = new StringBuilder(Modifier.isStatic(m.getModifiers()) ? "staticMethod " : "method ");
        b.append(typeName(m.getDeclaringClass())).append(' ').append(m.getName());
        for (Class<?> p : m.getParameterTypes()) b.append(' ').append(typeName(p));
        return b.toString();
    }

    static String signature(Constructor<?> c) {
        StringBuilder b = new StringBuilder("new ").append(typeName(c.getDeclaringClass()));
        for (Class<?> p : c.getParameterTypes()) b.append(' ').append(typeName(p));
        return b.toString();
    }

    static String signature(Field f) {
        return (Modifier.isStatic(f.getModifiers()) ? "staticField " : "field ") + typeName(f.getDeclaringClass()) + ' ' + f.getName();
    }
}
