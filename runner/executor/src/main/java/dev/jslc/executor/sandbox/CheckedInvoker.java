package dev.jslc.executor.sandbox;

import com.cloudbees.groovy.cps.impl.CallSiteBlock;
import com.cloudbees.groovy.cps.sandbox.Invoker;
import com.cloudbees.groovy.cps.sandbox.Trusted;
import com.cloudbees.groovy.cps.sandbox.Untrusted;
import groovy.lang.Closure;
import org.codehaus.groovy.syntax.Types;
import org.kohsuke.groovy.sandbox.impl.Checker;
import org.kohsuke.groovy.sandbox.impl.SandboxedMethodClosure;

/**
 * The CPS invoker of a build with untrusted code (the idea of groovy-cps 1.31's SandboxInvoker): a call site tagged
 * {@link Untrusted} (compiled by {@link SandboxTransformer}) goes through groovy-sandbox's {@link Checker}, which
 * hands it to the registered {@link SandboxInterceptor}; a call site tagged {@link Trusted} (the executor's runtime,
 * trusted libraries) goes to the trusted invoker unchecked. As in workflow-cps, a trusted library's code called from
 * an untrusted Jenkinsfile is not checked, and untrusted code called from trusted code is.
 */
public final class CheckedInvoker implements Invoker {
    private static final long serialVersionUID = 1L;
    private final Invoker trusted;

    /** @param trusted the invoker of trusted call sites (the executor's own) */
    public CheckedInvoker(Invoker trusted) {
        this.trusted = trusted;
    }

    @Override
    public Object methodCall(Object receiver, String method, Object[] args) throws Throwable {
        // As the trusted invoker: `sleep 5` inside a closure is the sleep step, not the GDK's Object.sleep(ms) on the
        // closure (a step call, which the sandbox allows as CpsScript's invokeMethod).
        if (receiver instanceof Closure && method.equals("sleep") && args.length == 1 && !(args[0] instanceof Closure)) {
            return trusted.methodCall(receiver, method, args);
        }
        return Checker.checkedCall(receiver, false, false, method, args);
    }

    @Override
    public Object constructorCall(Class lhs, Object[] args) throws Throwable {
        return Checker.checkedConstructor(lhs, args);
    }

    @Override
    public Object superCall(Class senderType, Object receiver, String method, Object[] args) throws Throwable {
        return Checker.checkedSuperCall(senderType, receiver, method, args);
    }

    @Override
    public Object getProperty(Object lhs, String name) throws Throwable {
        return Checker.checkedGetProperty(lhs, false, false, name);
    }

    @Override
    public void setProperty(Object lhs, String name, Object value) throws Throwable {
        Checker.checkedSetProperty(lhs, name, false, false, Types.ASSIGN, value);
    }

    @Override
    public Object getAttribute(Object lhs, String name) throws Throwable {
        return Checker.checkedGetAttribute(lhs, false, false, name);
    }

    @Override
    public void setAttribute(Object lhs, String name, Object value) throws Throwable {
        Checker.checkedSetAttribute(lhs, name, false, false, Types.ASSIGN, value);
    }

    @Override
    public Object getArray(Object lhs, Object index) throws Throwable {
        return Checker.checkedGetArray(lhs, index);
    }

    @Override
    public void setArray(Object lhs, Object index, Object value) throws Throwable {
        Checker.checkedSetArray(lhs, index, Types.ASSIGN, value);
    }

    @Override
    public Object methodPointer(Object lhs, String name) {
        return new SandboxedMethodClosure(lhs, name);
    }

    @Override
    public Invoker contextualize(CallSiteBlock tags) {
        if (tags.getTags().contains(Trusted.INSTANCE)) return trusted.contextualize(tags);
        // Untrusted, or no tag (groovy-cps' SandboxInvoker: "if the call site doesn't have any tag, we'll assume it's untrusted").
        return this;
    }
}
