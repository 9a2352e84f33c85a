package dev.jslc.executor;

import com.cloudbees.groovy.cps.Continuable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * lockable-resources' {@code lock} step within one build (LockStep, LockStepResource, LockStepExecution,
 * LockableResourcesManager: src/main/java/org/jenkins/plugins/lockableresources/): resources are created on first use
 * by name ("Resource [x] did not exist. Created."), or configured with their labels ({@code --lockable-resource
 * NAME=LABEL[ LABEL…]}, as Jenkins' global configuration would); a branch that wants a resource another branch holds
 * waits (its branch suspended) until it is released, first come first served, or newest first for
 * {@code inversePrecedence}. Real mutual exclusion between the parallel branches of the build.
 */
public final class Locks {
    /** resource name → its labels. */
    private static final Map<String, Set<String>> RESOURCES = new LinkedHashMap<>();
    /** The resources locked now. */
    private static final Set<String> LOCKED = new LinkedHashSet<>();
    /** When each locked resource was locked. */
    private static final Map<String, java.util.Date> SINCE = new LinkedHashMap<>();
    /** Waiting requests, in arrival order. */
    private static final List<Request> QUEUE = new ArrayList<>();
    private static long sequence;

    private Locks() {}

    /** One lock step's request. */
    private static final class Request {
        final String resource;
        final String label;
        final int quantity;
        final boolean inversePrecedence;
        final long seq;
        List<String> granted;

        Request(String resource, String label, int quantity, boolean inversePrecedence, long seq) {
            this.resource = resource;
            this.label = label;
            this.quantity = quantity;
            this.inversePrecedence = inversePrecedence;
            this.seq = seq;
        }
    }

    /** --lockable-resource NAME=LABEL[ LABEL…] (or NAME alone): a configured resource. */
    static synchronized void configure(String spec) {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        Set<String> labels = new LinkedHashSet<>();
        if (eq >= 0) for (String l : spec.substring(eq + 1).split("[\\s,]+")) if (!l.isEmpty()) labels.add(l);
        RESOURCES.put(name, labels);
    }

    /**
     * LockStepResource.toString: "Resource: x" or "Label: l, Quantity: n"; after LockStepResource.validate's checks
     * (a resource or a label, not both; the label must exist).
     */
    public static String describe(String resource, String label, int quantity) {
        if (resource == null && label == null) throw new IllegalArgumentException("Either resource label or resource name must be specified.");
        if (resource != null && label != null) throw new IllegalArgumentException("Resource label and resource name cannot be specified simultaneously.");
        if (label != null) {
            synchronized (Locks.class) {
                boolean exists = false;
                for (Set<String> ls : RESOURCES.values()) if (ls.contains(label)) exists = true;
                if (!exists) {
                    throw new IllegalArgumentException("The resource label does not exist: " + label + "."
                            + " (a local run has the resources given with --lockable-resource NAME=LABEL)");
                }
            }
            return "Label: " + label + (quantity > 0 ? ", Quantity: " + quantity : "");
        }
        return "Resource: " + resource;
    }

    /** The resource is created when it does not exist (LockStepExecution#start: lrm.createResource); true if it was. */
    public static synchronized boolean create(String resource) {
        if (resource == null || RESOURCES.containsKey(resource)) return false;
        RESOURCES.put(resource, new LinkedHashSet<>());
        return true;
    }

    /** The resources the request would lock now, or null when they are not free. */
    private static List<String> available(Request r) {
        if (r.resource != null) return LOCKED.contains(r.resource) ? null : List.of(r.resource);
        List<String> free = new ArrayList<>();
        int matching = 0;
        for (Map.Entry<String, Set<String>> e : RESOURCES.entrySet()) {
            if (!e.getValue().contains(r.label)) continue;
            matching++;
            if (!LOCKED.contains(e.getKey())) free.add(e.getKey());
        }
        int want = r.quantity > 0 ? r.quantity : matching;
        if (free.size() < want) return null;
        return new ArrayList<>(free.subList(0, want));
    }

    /** Grants what can be granted, in queue order (inversePrecedence requests newest first, before the others). */
    private static void grant() {
        List<Request> order = new ArrayList<>();
        for (int i = QUEUE.size() - 1; i >= 0; i--) if (QUEUE.get(i).inversePrecedence) order.add(QUEUE.get(i));
        for (Request r : QUEUE) if (!r.inversePrecedence) order.add(r);
        for (Request r : order) {
            List<String> a = available(r);
            if (a != null) {
                LOCKED.addAll(a);
                for (String n : a) SINCE.put(n, new java.util.Date());
                r.granted = a;
                QUEUE.remove(r);
            }
        }
        Locks.class.notifyAll();
    }

    /** Whether the resources are free now (skipIfLocked). */
    public static synchronized boolean isFree(String resource, String label, int quantity) {
        return available(new Request(resource, label, quantity, false, 0)) != null;
    }

    /**
     * Waits (the branch suspended, a pool thread blocked) until the resources are locked for this branch; the names
     * locked. Logs "… is not free, waiting for execution ..." when it has to wait. An interruption of the branch
     * (failFast) or its timeout stops the wait.
     */
    public static Object acquire(String resource, String label, int quantity, boolean inversePrecedence, String description) {
        Executor build = Executor.running();
        Branch b = build.currentBranch();
        String prefix = b.logPrefix;
        Request r;
        synchronized (Locks.class) {
            r = new Request(resource, label, quantity, inversePrecedence, ++sequence);
            QUEUE.add(r);
            grant();
            if (r.granted != null) return new ArrayList<>(r.granted);
        }
        // LockStepExecution#printBlockCause: LockableResource#getLockCauseDetail for a named resource.
        if (resource != null) {
            synchronized (Locks.class) {
                java.util.Date since = SINCE.get(resource);
                String ts = since == null ? "<unknown>" : java.text.DateFormat.getDateTimeInstance(java.text.DateFormat.MEDIUM, java.text.DateFormat.SHORT).format(since);
                build.log("The resource [" + resource + "] is locked by build jslc-local #1 since " + ts + ".");
            }
        }
        build.log("[" + description + "] is not free, waiting for execution ...");
        return Continuable.suspend((Scheduler.BlockingWork) br -> {
            synchronized (Locks.class) {
                while (r.granted == null) {
                    if (br.interruption != null && !br.interruptDelivered) {
                        QUEUE.remove(r);
                        throw br.interruption;
                    }
                    if (System.currentTimeMillis() >= StepSupport.deadline(br)) {
                        QUEUE.remove(r);
                        build.logWithPrefix(prefix, "Cancelling nested steps due to timeout");
                        throw StepSupport.timeoutExceeded();
                    }
                    Locks.class.wait(100);
                }
                return new ArrayList<>(r.granted);
            }
        });
    }

    /** Releases the names a lock step locked, and grants the next waiting requests. */
    public static synchronized void release(List<String> names) {
        LOCKED.removeAll(names);
        for (String n : names) SINCE.remove(n);
        grant();
    }
}
