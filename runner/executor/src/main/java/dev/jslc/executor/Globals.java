package dev.jslc.executor;

import groovy.lang.Binding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * What a script names without declaring it, resolved as workflow-cps' CpsScript resolves it: a property is a global
 * variable (env, params, currentBuild, scm, or a library var's instance); a function is a library var's call, a block
 * step of the CPS runtime (runtime.groovy), or a Java step.
 */
final class Globals {
    private final Map<String, String> params;
    private final String scmUrl;
    private final EnvGlobal env;
    private final CurrentBuildGlobal currentBuild;
    private final Steps steps;
    /** vars/NAME.groovy of the loaded libraries: NAME → its compiled class, and the one instance of each per build. */
    final Map<String, Class<?>> libraryVarClasses = new LinkedHashMap<>();
    private final Map<String, Object> libraryVarInstances = new LinkedHashMap<>();
    /** runtime.groovy: the block steps and the Declarative interpreter. */
    ExecScript cpsRuntime;
    /** The binding every script of the build shares. */
    final Binding binding = new Binding();

    Globals(Map<String, String> params, String scmUrl, EnvGlobal env, CurrentBuildGlobal currentBuild, Steps steps) {
        this.params = params;
        this.scmUrl = scmUrl;
        this.env = env;
        this.currentBuild = currentBuild;
        this.steps = steps;
    }

    /** The global variable {@code name}, or null when there is none. */
    Object variable(String name) {
        switch (name) {
            case "env": return env;
            case "params": return Collections.unmodifiableMap(typedParams());
            case "currentBuild": return currentBuild;
            case "scm": {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("$class", "GitSCM");
                m.put("url", scmUrl);
                return m;
            }
            default:
                return libraryVar(name);
        }
    }

    /** params: "true" and "false" become booleans. */
    Map<String, Object> typedParams() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            out.put(e.getKey(), v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : v);
        }
        return out;
    }

    /** The library var's instance (created on first use, with the shared binding), or null when there is no such var. */
    synchronized Object libraryVar(String name) {
        Object o = libraryVarInstances.get(name);
        if (o != null) return o;
        Class<?> c = libraryVarClasses.get(name);
        if (c == null) return null;
        try {
            ExecScript s = (ExecScript) c.getDeclaredConstructor().newInstance();
            s.setBinding(binding);
            libraryVarInstances.put(name, s);
            return s;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate library var " + name, e);
        }
    }

    /** The global variables' names, sorted (for the "No such DSL method" message). */
    List<String> names() {
        List<String> out = new ArrayList<>(List.of("currentBuild", "env", "params", "scm"));
        out.addAll(libraryVarClasses.keySet());
        Collections.sort(out);
        return out;
    }

    /** A function call that the calling script does not define: library var, runtime block step, or Java step. */
    Object call(String name, Object[] args) {
        Object var = libraryVar(name);
        if (var != null) {
            return InvokerHelper.invokeMethod(var, "call", args);
        }
        if (cpsRuntime != null && ExecScript.definesMethod(cpsRuntime, name)) {
            return InvokerHelper.invokeMethod(cpsRuntime, name, args);
        }
        return steps.invoke(name, args);
    }
}
