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
public final class Rec extends GroovyObjectSupport implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** One recorded directive: name, arguments, and the trailing closure if any. */
    public static final class Call implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public final String name;
        public final List<Object> args;
        public final Closure closure;

        Call(String name, List<Object> args, Closure closure) {
            this.name = name;
            this.args = args;
            this.closure = closure;
        }

        public Object arg(int i) {
            return i < args.size() ? args.get(i) : null;
        }

        /** Named argument {@code key} of a map argument, or the first positional argument. */
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
    public static final class CredRef implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public final String id;

        CredRef(String id) {
            this.id = id;
        }
    }

    public final List<Call> calls = new ArrayList<>();
    public final Map<String, Object> assignments = new LinkedHashMap<>();

    @Override
    public Object invokeMethod(String name, Object argsObj) {
        Object[] a = InvokerHelper.asArray(argsObj);
        List<Object> args = new ArrayList<>();
        Closure c = null;
        for (int i = 0; i < a.length; i++) {
            if (i == a.length - 1 && a[i] instanceof Closure) c = (Closure) a[i];
            else args.add(a[i]);
        }
        if (name.equals("credentials") && args.size() == 1) return new CredRef(String.valueOf(args.get(0)));
        Call call = new Call(name, args, c);
        calls.add(call);
        return call;
    }

    @Override
    public Object getProperty(String name) {
        if (assignments.containsKey(name)) return assignments.get(name);
        if (name.equals("calls")) return calls;
        if (name.equals("assignments")) return assignments;
        if (name.equals("any") || name.equals("none")) return name;
        throw new MissingPropertyException(name, Rec.class);
    }

    /** For environment {}: each plain assignment is visible (as env.NAME) to the ones after it, as in Jenkins. */
    private Executor.Branch liveEnv;

    /** A method, not a property: property writes on a Rec are recorded as assignments. */
    public void live(Executor.Branch b) {
        liveEnv = b;
    }

    @Override
    public void setProperty(String name, Object value) {
        assignments.put(name, value);
        if (liveEnv != null && !(value instanceof CredRef)) {
            liveEnv.pushEnv(java.util.List.of(name + "=" + value));
        }
    }

    public Call first(String name) {
        for (Call c : calls) if (c.name.equals(name)) return c;
        return null;
    }

    public List<Call> all(String name) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) if (c.name.equals(name)) out.add(c);
        return out;
    }
}
