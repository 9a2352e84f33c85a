package dev.jslc.executor;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Java side of runtime.groovy's block steps (retry, timeout, catchError, warnError): what upstream keeps in the
 * step executions and in {@code FlowInterruptedException}.
 */
public final class StepSupport {
    private StepSupport() {}

    /**
     * The interruptions that are not "actual" (FlowInterruptedException.isActualInterruption() false): a timeout's,
     * once it left the timeout block that fired (workflow-basic-steps TimeoutStepExecution.Callback#onFailure). Kept
     * beside the exception (identity) rather than in it, so that Executor.Interrupted stays as it is.
     */
    private static final Set<Throwable> NOT_ACTUAL = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /** The interruptions a timeout caused (their cause is TimeoutStepExecution.ExceededTimeout). */
    private static final Set<Throwable> TIMEOUTS = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /** The interruptions whose cause was printed already (FlowInterruptedException#handle prints a cause once per build). */
    private static final Set<Throwable> HANDLED = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /**
     * FlowInterruptedException#handle: prints the interruption's cause ("Timeout has been exceeded", "Rejected") the
     * first time the interruption is handled, by retry, catchError or the timeout block it leaves.
     */
    public static void handle(Executor build, Throwable t) {
        if (t instanceof Executor.Interrupted && HANDLED.add(t)) build.log(t.getMessage());
    }

    /** The interruption an expired timeout throws into the step that runs (sh, sleep). */
    static Executor.Interrupted timeoutExceeded() {
        Executor.Interrupted e = new Executor.Interrupted("Timeout has been exceeded", BuildResult.ABORTED);
        TIMEOUTS.add(e);
        return e;
    }

    /** Whether {@code t} is an interruption by an expired timeout. */
    public static boolean isTimeout(Throwable t) {
        return TIMEOUTS.contains(t);
    }

    /** The timeout that fired is left: the interruption is no longer "actual" (retry retries it, catchError catches it). */
    public static void markNotActual(Throwable t) {
        NOT_ACTUAL.add(t);
    }

    /** FlowInterruptedException.isActualInterruption(): an interruption not marked by its timeout. */
    public static boolean isActualInterruption(Throwable t) {
        return t instanceof Executor.Interrupted && !NOT_ACTUAL.contains(t);
    }

    /**
     * {@code timeout(activity: true)} (TimeoutStepExecution with activity: the timer is reset by each line of output
     * of the body): the timers by id, each with the branch that started it, its duration and its last activity.
     */
    private static final class ActivityTimer {
        final Branch owner;
        final long durationMs;
        volatile long last = System.currentTimeMillis();

        ActivityTimer(Branch owner, long durationMs) {
            this.owner = owner;
            this.durationMs = durationMs;
        }
    }

    private static final Map<Long, ActivityTimer> ACTIVITY = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicLong ACTIVITY_IDS = new java.util.concurrent.atomic.AtomicLong();

    /** Starts an activity timer for the current branch; its id (a CPS local: serializable). */
    public static long startActivity(Branch b, long durationMs) {
        long id = ACTIVITY_IDS.incrementAndGet();
        ACTIVITY.put(id, new ActivityTimer(b, durationMs));
        return id;
    }

    /** The body of the activity timeout ended. */
    public static void stopActivity(long id) {
        ACTIVITY.remove(id);
    }

    /** Whether the activity timer {@code id} ran out (no output for its duration). */
    public static boolean activityExpired(long id) {
        ActivityTimer t = ACTIVITY.get(id);
        return t != null && System.currentTimeMillis() >= t.last + t.durationMs;
    }

    /** Whether {@code t} is {@code b} or a branch {@code b} runs inside (a parallel's parent, transitively). */
    private static boolean within(Branch b, Branch t) {
        for (Branch x = b; x != null; x = x.memberOf == null ? null : x.memberOf.parent) {
            if (x == t) return true;
        }
        return false;
    }

    /** Output of branch {@code b} (a line of a process, an echo): the activity timers around it start again. */
    static void activity(Branch b) {
        if (b == null || ACTIVITY.isEmpty()) return;
        long now = System.currentTimeMillis();
        for (ActivityTimer t : ACTIVITY.values()) if (within(b, t.owner)) t.last = now;
    }

    /** The earliest end of the timeouts {@code b} is in, activity timers included (Long.MAX_VALUE when none). */
    static long deadline(Branch b) {
        long d = b.deadline();
        for (ActivityTimer t : ACTIVITY.values()) if (within(b, t.owner)) d = Math.min(d, t.last + t.durationMs);
        return d;
    }

    /** The deadline (epoch ms) the innermost timeout of {@code b} added. */
    public static long innermostDeadline(Branch b) {
        return b.deadlines.isEmpty() ? Long.MAX_VALUE : b.deadlines.get(b.deadlines.size() - 1);
    }

    /**
     * hudson.Util.getTimeSpanString (jenkins core, core/src/main/java/hudson/Util.java, with Messages.properties'
     * Util.* units): the two largest units, the smaller one only when the larger is below 10; seconds with a tenth
     * below 10 seconds.
     */
    public static String timeSpan(long duration) {
        long years = duration / (365L * 86_400_000L);
        duration %= 365L * 86_400_000L;
        long months = duration / (30L * 86_400_000L);
        duration %= 30L * 86_400_000L;
        long days = duration / 86_400_000L;
        duration %= 86_400_000L;
        long hours = duration / 3_600_000L;
        duration %= 3_600_000L;
        long minutes = duration / 60_000L;
        duration %= 60_000L;
        long seconds = duration / 1000L;
        long millis = duration % 1000L;
        if (years > 0) return two(years + " yr", years, months + " mo");
        if (months > 0) return two(months + " mo", months, days + (days == 1 ? " day" : " days"));
        if (days > 0) return two(days + (days == 1 ? " day" : " days"), days, hours + " hr");
        if (hours > 0) return two(hours + " hr", hours, minutes + " min");
        if (minutes > 0) return two(minutes + " min", minutes, seconds + " sec");
        if (seconds >= 10) return seconds + " sec";
        if (seconds >= 1) return decimal(seconds + (float) (millis / 100) / 10) + " sec";
        if (millis >= 100) return decimal((float) (millis / 10) / 100) + " sec";
        return millis + " ms";
    }

    private static String two(String big, long bigUnit, String small) {
        return bigUnit < 10 ? big + " " + small : big;
    }

    /** MessageFormat's number form: no trailing ".0". */
    private static String decimal(float f) {
        return java.text.NumberFormat.getInstance(Locale.ROOT).format(f);
    }

    /**
     * hudson.model.Result.fromString plus CatchErrorStep#setBuildResult's check (workflow-basic-steps,
     * src/main/java/org/jenkinsci/plugins/workflow/steps/CatchErrorStep.java): a result name, case-insensitive.
     */
    public static BuildResult resultOption(String option, Object value) {
        if (value == null) return null;
        String s = String.valueOf(value);
        for (BuildResult r : BuildResult.values()) {
            if (r.name().equalsIgnoreCase(s)) return r;
        }
        throw new IllegalArgumentException(option + " is invalid: " + s + ". Valid options are SUCCESS, UNSTABLE, FAILURE, NOT_BUILT and ABORTED.");
    }

    /**
     * CatchErrorStep.Execution.Callback#onFailure (workflow-basic-steps CatchErrorStep.java), shared by catchError and
     * warnError: false when the error must be rethrown (an actual interruption with catchInterruptions false);
     * otherwise logs as upstream ({@code ERROR: message}, the AbortException's message or the interruption's cause,
     * {@code Setting overall build result to X}), sets the build result and the stage's warning, and returns true.
     */
    public static boolean caught(Executor build, Throwable t, String message, BuildResult buildResult, BuildResult stageResult,
                                 boolean catchInterruptions) {
        if (!catchInterruptions && isActualInterruption(t)) return false;
        if (message != null) build.log("ERROR: " + message);
        if (t instanceof Executor.AbortException) {
            build.log("ERROR: " + t.getMessage());
        } else if (t instanceof Executor.Interrupted) {
            // FlowInterruptedException.handle prints each cause's short description; the result is the interruption's.
            handle(build, t);
            buildResult = ((Executor.Interrupted) t).result;
            stageResult = buildResult;
        } else {
            build.log(t.toString());
        }
        if (buildResult.severity() > BuildResult.SUCCESS.severity()) {
            String current = build.results.resultOrNull();
            if (current == null || buildResult.severity() > BuildResult.valueOf(current).severity()) {
                build.log("Setting overall build result to " + buildResult.name());
            }
            build.results.worsen(buildResult);
        }
        if (stageResult.severity() > BuildResult.SUCCESS.severity()) build.stages.warn(stageResult);
        return true;
    }

    /**
     * RetryStepExecution.Callback#matchesConditions (workflow-basic-steps RetryStepExecution.java): without conditions
     * every error but an actual interruption is retried; with conditions, only an error one of them matches. The
     * conditions upstream offers, {@code agent()} (workflow-durable-task-step's AgentErrorCondition: the agent went
     * away) and {@code nonresumable()} (SynchronousResumeNotSupportedErrorCondition: a step could not resume after a
     * restart), describe errors a local run never has, so with conditions nothing is retried here.
     */
    public static boolean retries(Throwable t, List<?> conditions) {
        if (conditions == null || conditions.isEmpty()) return !isActualInterruption(t);
        for (Object c : conditions) {
            // In Declarative's options { retry(count:, conditions: [agent()]) } the condition was recorded as a directive.
            if (c instanceof SectionRecorder.Directive && List.of("agent", "nonresumable").contains(((SectionRecorder.Directive) c).name)) continue;
            if (!(c instanceof Map) || !"errorCondition".equals(((Map<?, ?>) c).get("$kind"))) {
                throw new IllegalArgumentException("retry: conditions must be error conditions (agent(), nonresumable()), got " + c);
            }
        }
        return false;
    }

    /** RetryStepExecution.Callback#onFailure's log of an error it retries: the message, the cause, or the error. */
    public static void logRetried(Executor build, Throwable t) {
        if (t instanceof Executor.AbortException) build.log("ERROR: " + t.getMessage());
        else if (t instanceof Executor.Interrupted) handle(build, t);
        else {
            build.log("ERROR: Execution failed");
            build.log(t.toString());
        }
        build.log("Retrying");
    }
}
