package dev.jslc.executor;

import com.cloudbees.groovy.cps.Continuable;
import com.cloudbees.groovy.cps.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A thread of CPS execution: the main program or one parallel branch, with what its block steps scope to it (withEnv
 * overrides, dir, timeouts, the container agent). Only the {@link Scheduler} runs it, on its one thread; the process a
 * blocking step runs for it, and its cancellation, are seen from pool threads too.
 */
public final class Branch {
    final String name;
    /** The branch's lines are logged with this before them: "" for the main program, "[name] " for a branch. */
    final String logPrefix;
    /** The workspace of the node this branch runs on (the job's, {@code @2} for a second node, a pod's). */
    Path workspace;
    /** The build's own environment variables (shared by every branch; synchronize on it to read). */
    private final Map<String, String> buildEnv;

    /** The branch's program, and the outcome it resumes with next (null while it runs or waits). */
    Continuable continuable;
    Outcome resumeWith;
    /** withEnv (and environment {}) variables of this branch, innermost last; replaced, never changed in place. */
    Map<String, String> envOverrides;
    Path cwd;
    /** The end times (epoch ms) of the timeout blocks this branch is in. */
    List<Long> deadlines;
    /** The container agent this branch's processes run in (docker exec), or null for the host. */
    String container;
    /** The agent handle of the pod this branch runs in (for container('name')), or null. */
    String pod;
    /** The branch runs inside a node block (a pipeline or stage agent other than none). */
    boolean onNode;
    /** The stages this branch is in, outermost first (a parallel branch starts with its parent's); replaced, never changed in place. */
    List<Stages.Record> stages = new ArrayList<>();

    /** The parallel step this branch is a branch of (null for the main program). */
    ParallelJoin memberOf;
    /** The parallel step this branch waits for, while its branches run. */
    ParallelJoin waitingFor;

    /** The process a blocking step runs for this branch, while it runs. */
    volatile Process process;
    /** Why this branch is being stopped (failFast), or null; thrown into its code once. */
    volatile Executor.Interrupted interruption;
    /** The interruption was thrown into this branch's code once (later steps, e.g. in finally, run normally). */
    volatile boolean interruptDelivered;
    /** The process killed by the interruption (its exit is not the step's failure). */
    volatile Process killedProcess;

    boolean done;
    /** The branch's program ran at least once. */
    boolean started;
    Outcome outcome;

    /** The main program. */
    Branch(String name, Path workspace, Map<String, String> buildEnv) {
        this.name = name;
        this.workspace = workspace;
        this.buildEnv = buildEnv;
        this.logPrefix = "";
        this.envOverrides = new LinkedHashMap<>();
        this.cwd = workspace;
        this.deadlines = new ArrayList<>();
    }

    /** A branch of a parallel step that {@code parent} runs: it starts with the parent's scope. */
    Branch(String name, Branch parent) {
        this.name = name;
        this.workspace = parent.workspace;
        this.buildEnv = parent.buildEnv;
        this.logPrefix = "[" + name + "] ";
        this.envOverrides = new LinkedHashMap<>(parent.envOverrides);
        this.cwd = parent.cwd;
        this.container = parent.container;
        this.pod = parent.pod;
        this.onNode = parent.onNode;
        this.deadlines = new ArrayList<>(parent.deadlines);
        this.stages = parent.stages;
    }

    /** withEnv: adds VAR=value entries (PATH+X=dir prepends to PATH); returns the overrides to restore after. */
    public Map<String, String> pushEnv(List<?> entries) {
        Map<String, String> saved = envOverrides;
        Map<String, String> next = new LinkedHashMap<>(envOverrides);
        for (Object o : entries) {
            String s = String.valueOf(o);
            int eq = s.indexOf('=');
            if (eq < 0) throw new Executor.AbortException("withEnv: expected VAR=value, got " + s);
            String k = s.substring(0, eq);
            String v = s.substring(eq + 1);
            int plus = k.indexOf('+');
            if (plus > 0) {
                String base = k.substring(0, plus);
                String old = effectiveEnv().get(base);
                next.put(base, old == null || old.isEmpty() ? v : v + java.io.File.pathSeparator + old);
            } else {
                next.put(k, v);
            }
        }
        envOverrides = next;
        return saved;
    }

    public void restoreEnv(Map<String, String> saved) {
        envOverrides = saved;
    }

    /** dir: changes (and creates) the directory; returns the previous one as a String (a CPS local must serialize). */
    public String pushDir(String path) {
        String saved = cwd.toString();
        cwd = cwd.resolve(path).normalize();
        try {
            Files.createDirectories(cwd);
        } catch (IOException e) {
            throw new Executor.AbortException("dir: cannot create " + cwd + ": " + e.getMessage());
        }
        return saved;
    }

    public void restoreDir(String saved) {
        cwd = java.nio.file.Paths.get(saved);
    }

    public String getCwd() {
        return cwd.toString();
    }

    /** timeout(time:, unit:): adds a deadline; returns the deadlines to restore after. */
    public Object pushTimeout(Map<?, ?> args) {
        Object t = args.get("time");
        long time = t instanceof Number ? ((Number) t).longValue() : Long.parseLong(String.valueOf(t));
        Object u = args.get("unit");
        TimeUnit unit = u == null ? TimeUnit.MINUTES : TimeUnit.valueOf(String.valueOf(u));
        List<Long> saved = deadlines;
        deadlines = new ArrayList<>(deadlines);
        deadlines.add(System.currentTimeMillis() + unit.toMillis(time));
        return saved;
    }

    @SuppressWarnings("unchecked")
    public void popTimeout(Object saved) {
        deadlines = (List<Long>) saved;
    }

    /** The earliest deadline of the timeouts this branch is in, Long.MAX_VALUE when none. */
    long deadline() {
        long d = Long.MAX_VALUE;
        for (long x : deadlines) d = Math.min(d, x);
        return d;
    }

    public String getContainer() {
        return container;
    }

    public void setContainer(String id) {
        container = id;
    }

    /** The build's own variables (not the executor's inherited environment): what a container agent gets. */
    public Map<String, String> jenkinsEnv() {
        Map<String, String> e;
        synchronized (buildEnv) {
            e = new LinkedHashMap<>(buildEnv);
        }
        e.putAll(envOverrides);
        e.put("WORKSPACE", workspace.toString());
        return e;
    }

    /** The environment a process started now in this branch gets. */
    public Map<String, String> effectiveEnv() {
        Map<String, String> e = new LinkedHashMap<>(System.getenv());
        synchronized (buildEnv) {
            e.putAll(buildEnv);
        }
        e.putAll(envOverrides);
        e.put("WORKSPACE", workspace.toString());
        return e;
    }

    /** Stops this branch (and the branches it waits for): kills its process; the scheduler throws {@code why} into it. */
    void cancel(Executor.Interrupted why) {
        if (done || interruption != null) return;
        interruption = why;
        Process p = process;
        if (p != null) {
            killedProcess = p;
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (waitingFor != null) for (Branch c : waitingFor.branches) c.cancel(why);
    }

    /** The interruption to throw into this branch's code now (once), or null. */
    Executor.Interrupted takeInterruption() {
        if (interruption == null || interruptDelivered) return null;
        interruptDelivered = true;
        return interruption;
    }
}
