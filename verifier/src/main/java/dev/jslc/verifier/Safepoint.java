package dev.jslc.verifier;

/**
 * Stands in for Jenkins' {@code org.jenkinsci.plugins.workflow.cps.Safepoint}: the CPS transformer inserts a call
 * to a static no-argument method into every loop, and that call counts towards the method's bytecode size.
 */
public final class Safepoint {
    private Safepoint() {}

    public static void safepoint() {}
}
