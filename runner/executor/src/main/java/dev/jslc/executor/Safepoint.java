package dev.jslc.executor;

/** The loop safepoint the CPS transformer inserts (Jenkins checks for interrupts there). */
public final class Safepoint {
    private Safepoint() {}

    public static void safepoint() {
        Executor build = Executor.running();
        if (build != null) {
            Branch b = build.currentBranch();
            Executor.Interrupted why = b == null ? null : b.takeInterruption();
            if (why != null) throw why;
        }
    }
}
