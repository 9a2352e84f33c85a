package dev.jslc.executor;

import com.cloudbees.groovy.cps.SerializableScript;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * Base class of every script the executor runs (Jenkinsfile, library vars, the CPS runtime), like workflow-cps'
 * CpsScript: a method the script does not define is a global var (library var) or a step; a property it does not
 * have is a global variable (env, params, currentBuild, scm, library vars).
 */
public abstract class ExecScript extends SerializableScript {
    private static final long serialVersionUID = 1L;

    @Override
    public Object invokeMethod(String name, Object args) {
        if (definesMethod(this, name)) {
            return super.invokeMethod(name, args);
        }
        return Executor.running().globals.call(name, InvokerHelper.asArray(args));
    }

    /**
     * Whether a script class itself (or Script) declares the method; Object's GDK methods such as
     * {@code sleep(long)} do not count, so {@code sleep 5} is the step, as in Jenkins.
     */
    static boolean definesMethod(groovy.lang.GroovyObject script, String name) {
        for (groovy.lang.MetaMethod m : script.getMetaClass().respondsTo(script, name)) {
            if (groovy.lang.Script.class.isAssignableFrom(m.getDeclaringClass().getTheClass())) return true;
        }
        return false;
    }

    @Override
    public Object getProperty(String property) {
        try {
            return super.getProperty(property);
        } catch (MissingPropertyException e) {
            Object g = Executor.running().globals.variable(property);
            if (g != null) return g;
            // As workflow-cps' CpsScript.getProperty: an environment variable of the current context (STAGE_NAME, …).
            Branch b = Executor.running().currentBranch();
            if (b != null) {
                java.util.Map<String, String> env = b.effectiveEnv();
                if (env.containsKey(property)) return env.get(property);
            }
            throw e;
        }
    }

    /** As workflow-cps' CpsScript: {@code sleep 5} is the sleep step (seconds), not the GDK's Object.sleep(ms). */
    public Object sleep(long seconds) {
        return Executor.running().steps.invoke("sleep", new Object[] {seconds});
    }

    /** sleep(time: 5, unit: 'SECONDS'). */
    public Object sleep(java.util.Map<?, ?> args) {
        return Executor.running().steps.invoke("sleep", new Object[] {args});
    }

    @Override
    public void println(Object value) {
        Executor.running().log(String.valueOf(value));
    }

    @Override
    public void println() {
        Executor.running().log("");
    }

    @Override
    public void print(Object value) {
        Executor.running().log(String.valueOf(value));
    }
}
