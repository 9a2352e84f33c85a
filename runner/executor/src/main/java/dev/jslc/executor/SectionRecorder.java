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

    @Override
    public Object invokeMethod(String name, Object argsObj) {
        Object[] a = InvokerHelper.asArray(argsObj);
        List<Object> args = new ArrayList<>();
        Closure c = null;
        for (int i = 0; i < a.length; i++) {
            if (i == a.length - 1 && a[i] instanceof Closure) c = (Closure) a[i];
            else args.add(a[i]);
        }
        if (name.equals("credentials") && args.size() == 1) return new CredentialsRef(String.valueOf(args.get(0)));
        Directive directive = new Directive(name, args, c);
        directives.add(directive);
        return directive;
    }

    @Override
    public Object getProperty(String name) {
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
        if (assignmentsVisibleIn != null && !(value instanceof CredentialsRef)) {
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
