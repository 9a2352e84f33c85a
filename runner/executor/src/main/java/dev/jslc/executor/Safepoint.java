package dev.jslc.executor;

/** The loop safepoint the CPS transformer inserts (Jenkins checks for interrupts there). */
public final class Safepoint {
    private Safepoint() {}

    public static void safepoint() {
        Executor build = Executor.running();
        if (build != null) {
            Branch b = build.currentBranch();
            // A failFast stop waits for the branch's next step (as Jenkins' parallel stops a branch's running step): a
            // branch stopped before it got to run still enters its stage, and its post runs (ParallelTest#parallelStagesFailFast).
            if (b == null || b.interruption == null || b.interruption.failFast) return;
            Executor.Interrupted why = b.takeInterruption();
            if (why != null) throw why;
        }
    }
}
