package dev.jslc.executor;

/**
 * The build's result so far, which only gets worse (as Run.setResult in jenkinsci/jenkins,
 * core/src/main/java/hudson/model/Run.java), and the previous build's result; they decide Declarative's post
 * conditions.
 */
public final class ResultTracker {
    private volatile BuildResult current = BuildResult.SUCCESS;
    /** The previous build's result (--previous-result), or null: then changed, fixed and regression never match. */
    private final BuildResult previous;

    ResultTracker(BuildResult previous) {
        this.previous = previous;
    }

    public BuildResult current() {
        return current;
    }

    /** Makes the result {@code r} if that is worse than the current one; a better result changes nothing. */
    public synchronized void worsen(BuildResult r) {
        current = current.worse(r);
    }

    public void worsen(String r) {
        worsen(BuildResult.valueOf(r));
    }

    /** Whether the build has failed (FAILURE or worse): Declarative then skips the remaining stages. */
    public boolean failureOrWorse() {
        return current.severity() >= BuildResult.FAILURE.severity();
    }

    /**
     * Declarative's post condition test, with the build's result combined with the error of the stage (or of the
     * pipeline) whose post block runs.
     */
    public boolean postConditionMatches(String condition, Throwable err) {
        BuildResult combined = current;
        if (err != null) combined = combined.worse(BuildResult.of(err));
        BuildResult prev = previous;
        switch (condition) {
            case "always":
            case "cleanup":
                return true;
            case "success": return combined == BuildResult.SUCCESS;
            case "failure": return combined == BuildResult.FAILURE;
            case "unstable": return combined == BuildResult.UNSTABLE;
            case "aborted": return combined == BuildResult.ABORTED;
            case "notBuilt": return combined == BuildResult.NOT_BUILT;
            case "unsuccessful": return combined != BuildResult.SUCCESS;
            case "changed": return prev != null && prev != combined;
            case "fixed": return prev != null && combined == BuildResult.SUCCESS && (prev == BuildResult.FAILURE || prev == BuildResult.UNSTABLE);
            case "regression": return prev != null && combined.severity() > prev.severity() && prev.severity() <= 1 && combined != BuildResult.ABORTED;
            default: throw new Executor.AbortException("unknown post condition " + condition);
        }
    }
}
