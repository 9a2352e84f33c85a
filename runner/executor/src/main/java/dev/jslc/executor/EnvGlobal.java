package dev.jslc.executor;

import groovy.lang.GroovyObjectSupport;
import java.util.LinkedHashMap;
import java.util.Map;

/** env: the build's environment variables, the current branch's withEnv overrides first. */
public final class EnvGlobal extends GroovyObjectSupport implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final Scheduler scheduler;
    private final Map<String, String> buildEnv;

    EnvGlobal(Scheduler scheduler, Map<String, String> buildEnv) {
        this.scheduler = scheduler;
        this.buildEnv = buildEnv;
    }

    @Override
    public Object getProperty(String name) {
        Branch b = scheduler.current();
        if (b != null) return b.effectiveEnv().get(name);
        synchronized (buildEnv) {
            if (buildEnv.containsKey(name)) return buildEnv.get(name);
        }
        return System.getenv(name);
    }

    /** env.X = v: a build variable; it also replaces a withEnv override of X in the current branch. */
    @Override
    public void setProperty(String name, Object value) {
        buildEnv.put(name, value == null ? null : String.valueOf(value));
        Branch b = scheduler.current();
        if (b != null && b.envOverrides.containsKey(name)) {
            Map<String, String> m = new LinkedHashMap<>(b.envOverrides);
            m.put(name, String.valueOf(value));
            b.envOverrides = m;
        }
    }

    public Object getAt(String name) {
        return getProperty(name);
    }

    public void putAt(String name, Object value) {
        setProperty(name, value);
    }

    public Map<String, String> getEnvironment() {
        Branch b = scheduler.current();
        return b != null ? b.effectiveEnv() : new LinkedHashMap<>(buildEnv);
    }

    @Override
    public String toString() {
        return "env";
    }
}
