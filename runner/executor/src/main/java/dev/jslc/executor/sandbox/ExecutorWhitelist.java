package dev.jslc.executor.sandbox;

import dev.jslc.executor.CurrentBuildGlobal;
import dev.jslc.executor.EnvGlobal;
import dev.jslc.executor.ExecScript;
import dev.jslc.executor.SectionRecorder;
import groovy.lang.GroovyClassLoader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Predicate;
import org.codehaus.groovy.runtime.GStringImpl;
import org.codehaus.groovy.runtime.ScriptBytecodeAdapter;
import org.kohsuke.groovy.sandbox.impl.Checker;

/**
 * What the sandbox permits beyond the stock whitelists because Jenkins permits it too, for the executor's stand-ins
 * of Jenkins' own objects:
 *
 * <ul>
 * <li>workflow-cps' CpsWhitelist (plugin/src/main/java/org/jenkinsci/plugins/workflow/cps/CpsWhitelist.java): on a
 *     script, {@code invokeMethod} (steps and global vars: "CpsScript dispatches to the DSL class"), {@code println},
 *     {@code print}, {@code printf}, and {@code getProperty(name)} when {@code name} is a global variable or an
 *     environment variable; {@code getProperty}/{@code setProperty} of {@code env} (EnvActionImpl); {@code new
 *     GStringImpl(…)} (how CPS builds a GString); {@code ScriptBytecodeAdapter.asType} after checking the cast the way
 *     a sandboxed cast is checked; the CPS safepoint. Also groovy-cps 1.31's {@code Checker.checkedCast}, the call
 *     {@code Builder.sandboxCastOrCoerce} emits for a cast (the check happens inside it).</li>
 * <li>workflow-cps' GroovyClassLoaderWhitelist / script-security's ClassLoaderWhitelist: members of classes the
 *     build's own script class loaders defined (the Jenkinsfile's and libraries' methods and classes).</li>
 * <li>{@code currentBuild}: workflow-support's RunWrapper, whose members are all {@code @Whitelisted} (except
 *     {@code getRawBuild}, which the executor does not have).</li>
 * <li>The executor's sleep step alias on scripts ({@code sleep 5} is the step, as CpsScript makes it), and its
 *     Declarative section recorder (SectionRecorder and its nested classes): in Jenkins, Declarative's directives
 *     are parsed into a model, not called on a sandboxed object.</li>
 * </ul>
 */
public final class ExecutorWhitelist implements Whitelist {
    private final List<ClassLoader> scriptLoaders;
    private final Predicate<String> isGlobalOrEnv;

    /**
     * @param scriptLoaders the GroovyClassLoaders that compile the build's scripts (their InnerLoaders count too)
     * @param isGlobalOrEnv whether a script's {@code getProperty(name)} names a global variable or an environment variable
     */
    public ExecutorWhitelist(List<ClassLoader> scriptLoaders, Predicate<String> isGlobalOrEnv) {
        this.scriptLoaders = List.copyOf(scriptLoaders);
        this.isGlobalOrEnv = isGlobalOrEnv;
    }

    /** Whether the class was compiled from one of the build's scripts. */
    boolean isScriptClass(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        while (l != null) {
            if (scriptLoaders.contains(l)) return true;
            if (!(l instanceof GroovyClassLoader.InnerLoader)) return false;
            l = l.getParent();
        }
        return false;
    }

    private static boolean isRecorder(Class<?> c) {
        return c == SectionRecorder.class || c.getEnclosingClass() == SectionRecorder.class;
    }

    @Override
    public boolean permitsMethod(Method method, Object receiver, Object[] args) {
        if (isScriptClass(method.getDeclaringClass())) return true;
        String name = method.getName();
        if (receiver instanceof ExecScript) {
            switch (name) {
                case "invokeMethod":
                case "println":
                case "print":
                case "printf":
                    return true;
                case "sleep":
                    return method.getDeclaringClass() == ExecScript.class;
                case "getProperty":
                    return args.length == 1 && args[0] instanceof String && isGlobalOrEnv.test((String) args[0]);
                default:
                    return false;
            }
        }
        if (receiver instanceof EnvGlobal) return name.equals("getProperty") || name.equals("setProperty");
        if (receiver instanceof CurrentBuildGlobal) return true;
        return receiver != null && isRecorder(receiver.getClass());
    }

    @Override
    public boolean permitsConstructor(Constructor<?> constructor, Object[] args) {
        Class<?> c = constructor.getDeclaringClass();
        // ExecScript is the executor's CpsScript: groovy-sandbox does not check a script's super() call to
        // Script, SerializableScript or CpsScript (SandboxTransformer.TRIVIAL_CONSTRUCTORS); ExecScript stands for the last.
        if (c == ExecScript.class && constructor.getParameterCount() == 0) return true;
        return c == GStringImpl.class || isScriptClass(c);
    }

    @Override
    public boolean permitsStaticMethod(Method method, Object[] args) {
        Class<?> c = method.getDeclaringClass();
        String n = method.getName();
        if (isScriptClass(c)) return true;
        if (c == dev.jslc.executor.Safepoint.class && n.equals("safepoint")) return true;
        if (c == Checker.class && n.equals("checkedCast")) return true;
        if (c == Ranges.class && n.equals("checkedCreateRange")) return true; // the range check of SandboxTransformer
        if (c == ScriptBytecodeAdapter.class && n.equals("asType") && args.length == 2 && args[1] instanceof Class) {
            try {
                // CpsWhitelist: a coercive cast, as Builder.gstring and `as` build it, checked as a sandboxed cast.
                Checker.checkedCast((Class<?>) args[1], args[0], true, true, false);
            } catch (RuntimeException | Error x) {
                throw x;
            } catch (Throwable x) {
                throw new RuntimeException(x);
            }
            return true;
        }
        return false;
    }

    @Override
    public boolean permitsFieldGet(Field field, Object receiver) {
        return isScriptClass(field.getDeclaringClass());
    }

    @Override
    public boolean permitsStaticFieldGet(Field field) {
        return isScriptClass(field.getDeclaringClass());
    }
}
