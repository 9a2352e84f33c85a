package dev.jslc.executor;

import com.cloudbees.groovy.cps.Continuable;
import com.cloudbees.groovy.cps.Envs;
import com.cloudbees.groovy.cps.Outcome;
import com.cloudbees.groovy.cps.impl.CpsCallableInvocation;
import groovy.lang.Closure;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs the build's CPS program: every {@link Branch} (the main program and the branches of parallel steps) on the one
 * thread that calls {@link #run}. A step suspends its branch with a {@link Request}: blocking work runs on a pool thread
 * and hands its outcome back as a {@link Completion}; a parallel step starts one branch per closure and resumes its
 * parent when all are done. A runnable branch always goes before waiting for a completion.
 */
final class Scheduler {
    /** What a step hands to the scheduler by suspending its branch ({@code Continuable.suspend(request)}). */
    interface Request {}

    /** Work that blocks (a process, a sleep): run off the CPS thread, then resume the branch with its value or error. */
    interface BlockingWork extends Request {
        Object run(Branch b) throws Exception;
    }

    /** The parallel step: branch name → closure, and whether the first failure stops the other branches. */
    static final class Parallel implements Request {
        final Map<String, Closure> branches;
        final boolean failFast;

        Parallel(Map<String, Closure> branches, boolean failFast) {
            this.branches = branches;
            this.failFast = failFast;
        }
    }

    /** Blocking work that ended, with the branch it was for. */
    private record Completion(Branch branch, Outcome outcome) {}

    private final Log log;
    private final Path workspace;
    private final Map<String, String> buildEnv;
    /** Serialize the program at each suspension, as Jenkins saves it (off with --no-serialization-check). */
    boolean checkSerializable = true;

    /** The branch whose code runs now (null between branches). */
    private volatile Branch current;
    private final ArrayDeque<Branch> runnable = new ArrayDeque<>();
    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    /** Blocking work submitted whose completion has not been taken yet. */
    private int blockingInFlight;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jslc-step");
        t.setDaemon(true);
        return t;
    });

    Scheduler(Log log, Path workspace, Map<String, String> buildEnv) {
        this.log = log;
        this.workspace = workspace;
        this.buildEnv = buildEnv;
    }

    Branch current() {
        return current;
    }

    /** Runs the main program to its end, with every branch it starts; returns the main program's outcome. */
    Outcome run(Continuable program) throws InterruptedException {
        Branch main = new Branch("main", workspace, buildEnv);
        main.continuable = program;
        main.resumeWith = new Outcome(null, null);
        runnable.add(main);
        while (!main.done) {
            Branch b = runnable.poll();
            if (b == null) {
                if (blockingInFlight == 0 && completions.isEmpty()) {
                    throw new IllegalStateException("executor deadlock: no runnable branch and no step in progress");
                }
                Completion done = completions.take();
                blockingInFlight--;
                b = done.branch;
                b.process = null;
                b.resumeWith = done.outcome;
                if (b.interruption != null && done.outcome.getAbnormal() == b.interruption) b.interruptDelivered = true;
            }
            Outcome in = b.resumeWith;
            b.resumeWith = null;
            // A branch stopped before it ran at all still starts (as Jenkins' parallel starts every branch body): the
            // interruption reaches it at its first blocking step (see suspended), so its stage and post run.
            if (b.interruption != null && !b.interruptDelivered && in.isSuccess() && b.started) {
                in = new Outcome(null, b.interruption);
                b.interruptDelivered = true;
            }
            current = b;
            b.started = true;
            Outcome out;
            try {
                out = b.continuable.run0(in);
            } finally {
                current = null;
            }
            if (b.continuable.isResumable()) {
                java.io.NotSerializableException nse = checkSerializable ? Pickles.check(b.continuable) : null;
                if (nse != null) {
                    log.line(b.logPrefix + "ERROR: the program state cannot be saved (Jenkins would fail here too): " + nse);
                    b.resumeWith = new Outcome(null, nse);
                    runnable.add(b);
                    continue;
                }
                suspended(b, out.getNormal());
            } else {
                ended(b, out);
            }
        }
        pool.shutdownNow();
        return main.outcome;
    }

    /** A branch suspended with {@code request}. */
    private void suspended(Branch b, Object request) {
        if (b.interruption != null && !b.interruptDelivered) {
            // Stopped already (failFast before this branch got to run): the step is not started.
            b.interruptDelivered = true;
            b.resumeWith = new Outcome(null, b.interruption);
            runnable.add(b);
            return;
        }
        if (request instanceof BlockingWork) {
            BlockingWork work = (BlockingWork) request;
            blockingInFlight++;
            pool.submit(() -> {
                Outcome o;
                try {
                    o = new Outcome(work.run(b), null);
                } catch (Throwable t) {
                    o = new Outcome(null, t);
                }
                completions.add(new Completion(b, o));
            });
        } else if (request instanceof Parallel) {
            startParallel(b, (Parallel) request);
        } else {
            ended(b, new Outcome(null, new IllegalStateException("unexpected suspension value " + request)));
        }
    }

    /** Starts one branch per closure; {@code parent} waits until they are all done. */
    private void startParallel(Branch parent, Parallel p) {
        ParallelJoin j = new ParallelJoin(parent, p.failFast);
        parent.waitingFor = j;
        for (Map.Entry<String, Closure> e : p.branches.entrySet()) {
            Branch c = new Branch(e.getKey(), parent);
            c.memberOf = j;
            j.branches.add(c);
            j.results.put(e.getKey(), null);
        }
        if (j.branches.isEmpty()) {
            parent.waitingFor = null;
            parent.resumeWith = new Outcome(j.results, null);
            runnable.add(parent);
            return;
        }
        int i = 0;
        for (Map.Entry<String, Closure> e : p.branches.entrySet()) {
            Branch c = j.branches.get(i++);
            Closure body = e.getValue();
            log.line(parent.logPrefix + "[Pipeline] { (Branch: " + c.name + ")");
            try {
                current = c;
                Object r = body.call();
                // A non-CPS closure finished at once.
                c.continuable = null;
                ended(c, new Outcome(r, null));
                continue;
            } catch (CpsCallableInvocation inv) {
                c.continuable = new Continuable(inv.asBlock(), Envs.empty(new ExecInvoker()));
            } catch (Throwable t) {
                ended(c, new Outcome(null, t));
                continue;
            } finally {
                current = null;
            }
            c.resumeWith = new Outcome(null, null);
            runnable.add(c);
        }
    }

    /** A branch's program ended with {@code out}; the last branch of a parallel step resumes its parent. */
    private void ended(Branch b, Outcome out) {
        if (b.done) return;
        b.done = true;
        b.outcome = out;
        ParallelJoin j = b.memberOf;
        if (j == null) return;
        log.line(j.parent.logPrefix + "[Pipeline] } (Branch: " + b.name + ")");
        if (out.isFailure()) {
            Throwable t = out.getAbnormal();
            if (j.firstError == null) j.firstError = t;
            if (j.failFast) {
                Executor.Interrupted why = new Executor.Interrupted("Failed in branch " + b.name, BuildResult.ABORTED, true);
                for (Branch s : j.branches) if (s != b) s.cancel(why);
            }
        } else {
            j.results.put(b.name, out.getNormal());
        }
        for (Branch c : j.branches) if (!c.done) return;
        Branch p = j.parent;
        p.waitingFor = null;
        p.resumeWith = j.firstError != null ? new Outcome(null, j.firstError) : new Outcome(j.results, null);
        runnable.add(p);
    }
}
