package dev.jslc.executor.sandbox;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The runtime sandbox of one build: the whitelist (script-security's stock whitelists plus {@link ExecutorWhitelist})
 * and the {@link SandboxInterceptor}, registered on the thread that runs the CPS program while it runs (as
 * workflow-cps' SandboxContinuable enters a GroovySandbox around each run of the program).
 */
public final class Sandbox implements AutoCloseable {
    /** script-security's ScriptApprovalNote text (scripts/Messages.properties, ScriptApprovalNote.message). */
    public static final String APPROVAL_NOTE = "Administrators can decide whether to approve or reject this signature.";

    private final SandboxInterceptor interceptor;

    /**
     * @param scriptLoaders the class loaders of the build's scripts (their classes are permitted)
     * @param isGlobalOrEnv whether a name is a global variable or an environment variable (a script's getProperty)
     * @param log where a rejection is reported as the Jenkins log shows it: {@code MESSAGE. Administrators can decide …}
     */
    public Sandbox(List<ClassLoader> scriptLoaders, Predicate<String> isGlobalOrEnv, Consumer<String> log) {
        Whitelist whitelist = Whitelist.anyOf(new ExecutorWhitelist(scriptLoaders, isGlobalOrEnv), StaticWhitelist.stock());
        // ScriptApprovalNote.print: the message, ". ", the note (GroovySandbox.enter's registration callback).
        this.interceptor = new SandboxInterceptor(whitelist, x -> log.accept(x.getMessage() + ". " + APPROVAL_NOTE));
    }

    /** Starts checking on the current thread. */
    public Sandbox enter() {
        interceptor.register();
        return this;
    }

    /** Stops checking on the current thread. */
    @Override
    public void close() {
        interceptor.unregister();
    }
}
