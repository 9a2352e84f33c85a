package dev.jslc.executor;

/** The loop safepoint the CPS transformer inserts (Jenkins checks for interrupts there). */
public final class Safepoint {
    private Safepoint() {}

    public static void safepoint() {
        Executor x = Executor.get();
        if (x != null) {
            Executor.Branch b = x.current();
            if (b != null && b.cancelled != null && !b.interruptDelivered) {
                b.interruptDelivered = true;
                throw b.cancelled;
            }
        }
    }
}
