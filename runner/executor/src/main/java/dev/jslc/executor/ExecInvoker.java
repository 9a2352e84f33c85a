package dev.jslc.executor;

import com.cloudbees.groovy.cps.sandbox.DefaultInvoker;
import groovy.lang.Closure;

/**
 * The invoker CPS code makes its calls through. Inside a closure, {@code sleep 5} would otherwise resolve to the GDK's
 * Object.sleep(ms) on the closure itself; as in Jenkins, it is the sleep step.
 */
final class ExecInvoker extends DefaultInvoker implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object methodCall(Object receiver, String method, Object[] args) throws Throwable {
        if (receiver instanceof Closure && method.equals("sleep") && args.length == 1 && !(args[0] instanceof Closure)) {
            return Executor.running().steps.invoke("sleep", args);
        }
        return super.methodCall(receiver, method, args);
    }
}
