package dev.jslc.executor;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * The delegate a Declarative section's closure runs with: it records the section's directives (method calls, in order)
 * and assignments (environment), without running nested blocks.
 */
public final class SectionRecorder extends GroovyObjectSupport implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** One recorded directive: name, arguments, and the trailing closure if any. */
    public static final class Directive implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public final String name;
        public final List<Object> args;
        public final Closure closure;

        Directive(String name, List<Object> args, Closure closure) {
            this.name = name;
            this.args = args;
            this.closure = closure;
        }

        public Object arg(int i) {
            return i < args.size() ? args.get(i) : null;
        }

        /** Named argument {@code key}: its value in the first map argument that has it, or null. */
        public Object named(String key) {
            for (Object a : args) {
                if (a instanceof Map && ((Map<?, ?>) a).containsKey(key)) return ((Map<?, ?>) a).get(key);
            }
            return null;
        }

        @Override
        public String toString() {
            return name + args;
        }
    }

    /** A credentials('id') reference in an environment block. */
    public static final class CredentialsRef implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public final String id;

        CredentialsRef(String id) {
            this.id = id;
        }
    }

    public final List<Directive> directives = new ArrayList<>();
    public final Map<String, Object> assignments = new LinkedHashMap<>();

    /**
     * Pass 1 of an environment block (see runtime.groovy withEnvironmentSection): nothing runs; every call and read
     * gives a placeholder, so the block only tells which names it assigns and which are credentials('id').
     */
    private boolean dryRun;
    /** Pass 2 of an environment block: the names it assigns (a read of one not assigned yet is resolved at the end). */
    private java.util.Set<String> laterNames;

    /** Makes this recorder pass 1 of an environment block. */
    public void dryRun() {
        dryRun = true;
    }

    /**
     * Makes this recorder pass 2 of an environment block whose pass 1 was {@code pass1}: steps run, values are real,
     * names the block does not assign are read from {@code script}.
     */
    public void laterNames(SectionRecorder pass1, groovy.lang.GroovyObject script) {
        order = new ArrayList<>(pass1.assignments.keySet());
        laterNames = new java.util.LinkedHashSet<>();
        // credentials('id') names are bound before the block runs: a read of one is the bound value.
        for (Map.Entry<String, Object> e : pass1.assignments.entrySet()) if (!(e.getValue() instanceof CredentialsRef)) laterNames.add(e.getKey());
        readsThrough = script;
    }

    /** Pass 2: the names in the order pass 1 saw them (the next one assigned is order[assignments.size()]). */
    private List<String> order;
    /** Pass 2: the script, for names the block does not assign (null when it has no such property, as in Jenkins). */
    private groovy.lang.GroovyObject readsThrough;

    /** What pass 1 gives for any call or read: itself for any further call or read, "" as text. */
    public static final class Placeholder extends GroovyObjectSupport implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object invokeMethod(String name, Object args) {
            return this;
        }

        @Override
        public Object getProperty(String name) {
            return this;
        }

        @Override
        public void setProperty(String name, Object value) {}

        @Override
        public String toString() {
            return "";
        }
    }

    /**
     * A read, in pass 2, of a name the block assigns later: its text is that name's final value (so {@code A =
     * "${B}-x"} before {@code B = 'y'} gives {@code y-x}, as Jenkins' lazily evaluated environment does).
     */
    public static final class Deferred implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final SectionRecorder in;
        private final String name;

        Deferred(SectionRecorder in, String name) {
            this.in = in;
            this.name = name;
        }

        @Override
        public String toString() {
            return in.resolve(name, 0);
        }
    }

    private String resolve(String name, int depth) {
        if (depth > 50) throw new Executor.AbortException("environment: " + name + " refers to itself (through other variables)");
        Object v = assignments.get(name);
        if (v == null) return "null";
        if (v instanceof groovy.lang.GString) {
            groovy.lang.GString g = (groovy.lang.GString) v;
            StringBuilder sb = new StringBuilder();
            String[] strings = g.getStrings();
            Object[] values = g.getValues();
            for (int i = 0; i < strings.length; i++) {
                sb.append(strings[i]);
                if (i < values.length) {
                    Object x = values[i];
                    sb.append(x instanceof Deferred ? resolve(((Deferred) x).name, depth + 1) : InvokerHelper.toString(x));
                }
            }
            return sb.toString();
        }
        if (v instanceof Deferred) return resolve(((Deferred) v).name, depth + 1);
        // As Groovy prints a value in "${k}=${v}" (ModelInterpreter.withEnvBlock): [a:z], [0, 1, 2].
        return InvokerHelper.toString(v);
    }

    /** Pass 2: a read of NAME, as {@code NAME} or {@code env.NAME}: the block's value, later or now, else null. */
    Object readInBlock(String name) {
        Object v = assignments.get(name);
        if (v != null && !(v instanceof CredentialsRef)) return hasDeferred(v) ? new Deferred(this, name) : v;
        String assigningNow = assignments.size() < order.size() ? order.get(assignments.size()) : null;
        if (v == null && laterNames.contains(name) && !assignments.containsKey(name) && !name.equals(assigningNow)) {
            return new Deferred(this, name);
        }
        return NOT_IN_BLOCK;
    }

    static final Object NOT_IN_BLOCK = new Object();

    /** {@code env} inside pass 2: the block's own names first (env.LATER is resolved at the end), then the real env. */
    public static final class EnvView extends GroovyObjectSupport implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final SectionRecorder in;
        private final Object env;

        EnvView(SectionRecorder in, Object env) {
            this.in = in;
            this.env = env;
        }

        @Override
        public Object getProperty(String name) {
            Object v = in.readInBlock(name);
            return v != NOT_IN_BLOCK ? v : InvokerHelper.getProperty(env, name);
        }

        @Override
        public void setProperty(String name, Object value) {
            InvokerHelper.setProperty(env, name, value);
        }

        @Override
        public Object invokeMethod(String name, Object args) {
            return InvokerHelper.invokeMethod(env, name, args);
        }

        @Override
        public String toString() {
            return String.valueOf(env);
        }
    }

    private static boolean hasDeferred(Object v) {
        if (v instanceof Deferred) return true;
        if (v instanceof groovy.lang.GString) {
            for (Object x : ((groovy.lang.GString) v).getValues()) if (x instanceof Deferred) return true;
        }
        return false;
    }

    /** Pass 2's result: NAME=value for every plain assignment, in order, with later references resolved. */
    public List<String> resolvedEntries() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : assignments.entrySet()) {
            if (e.getValue() instanceof CredentialsRef) continue;
            out.add(e.getKey() + "=" + resolve(e.getKey(), 0));
        }
        return out;
    }

    @Override
    public Object invokeMethod(String name, Object argsObj) {
        if (name.equals("exposeAssignmentsTo") || name.equals("resolvedEntries") || name.equals("laterNames") || name.equals("dryRun")) {
            return getMetaClass().invokeMethod(this, name, argsObj);
        }
        Object[] a = InvokerHelper.asArray(argsObj);
        if ((dryRun || laterNames != null) && !(name.equals("credentials") && a.length == 1)) {
            if (dryRun) return new Placeholder();
            // Pass 2: a step (sh, readFile, …) or a method of the script runs for real.
            throw new groovy.lang.MissingMethodException(name, SectionRecorder.class, a);
        }
        List<Object> args = new ArrayList<>();
        Closure c = null;
        for (int i = 0; i < a.length; i++) {
            if (i == a.length - 1 && a[i] instanceof Closure) c = (Closure) a[i];
            else args.add(a[i]);
        }
        if (name.equals("credentials") && args.size() == 1) return new CredentialsRef(String.valueOf(args.get(0)));
        // equals(expected:, actual:) as the compiler renamed it (see WhenEquals).
        Directive directive = new Directive(name.equals("jslcWhenEquals") ? "equals" : name, args, c);
        directives.add(directive);
        return directive;
    }

    @Override
    public Object getProperty(String name) {
        if (name.equals("directives") && !assignments.containsKey(name)) return directives;
        if (name.equals("assignments") && !assignments.containsKey(name)) return assignments;
        if (laterNames != null) {
            if (name.equals("env")) return new EnvView(this, readsThrough.getProperty("env"));
            Object v = readInBlock(name);
            if (v != NOT_IN_BLOCK) return v;
            // Credentials (bound before) and everything else: the script's own (env, params, steps' globals); an
            // undefined name is null, as in Jenkins' environment values ("VALID${UNDEFINED}" gives "VALIDnull").
            try {
                return readsThrough.getProperty(name);
            } catch (MissingPropertyException e) {
                return null;
            }
        }
        if (dryRun) return assignments.containsKey(name) ? assignments.get(name) : new Placeholder();
        if (assignments.containsKey(name)) return assignments.get(name);
        if (name.equals("directives")) return directives;
        if (name.equals("assignments")) return assignments;
        if (name.equals("any") || name.equals("none")) return name;
        throw new MissingPropertyException(name, SectionRecorder.class);
    }

    /** For environment {}: each plain assignment is visible (as env.NAME) to the ones after it, as in Jenkins. */
    private Branch assignmentsVisibleIn;

    /**
     * Makes each plain assignment from now on a withEnv entry of {@code b} (null: stop). A method, not a property:
     * property writes on a recorder are recorded as assignments.
     */
    public void exposeAssignmentsTo(Branch b) {
        assignmentsVisibleIn = b;
    }

    @Override
    public void setProperty(String name, Object value) {
        assignments.put(name, value);
        if (assignmentsVisibleIn != null && !(value instanceof CredentialsRef) && !hasDeferred(value)) {
            assignmentsVisibleIn.pushEnv(java.util.List.of(name + "=" + value));
        }
    }

    /** The first directive called {@code name}, or null. */
    public Directive first(String name) {
        for (Directive c : directives) if (c.name.equals(name)) return c;
        return null;
    }

    /** Every directive called {@code name}, in order. */
    public List<Directive> all(String name) {
        List<Directive> out = new ArrayList<>();
        for (Directive c : directives) if (c.name.equals(name)) out.add(c);
        return out;
    }
}
