package dev.jslc.executor;

/**
 * The build's result so far, which only gets worse (as Run.setResult in jenkinsci/jenkins,
 * core/src/main/java/hudson/model/Run.java), and the previous build's result; they decide Declarative's post
 * conditions.
 */
public final class ResultTracker {
    private volatile BuildResult current = BuildResult.SUCCESS;
    /** The previous build's result (--previous-result), or null (a first build: changed matches, fixed and regression never do). */
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
        explicit = true;
    }

    /**
     * Whether a result was set (Run.getResult() is not null): currentBuild.result is null until then, and SUCCESS
     * once set, e.g. while a Declarative post condition runs (BuildConditionResponderTest#resultIsSuccessInPost).
     */
    private volatile boolean explicit;

    /** currentBuild.result: null while no result was set, else the result's name. */
    public String resultOrNull() {
        return explicit ? current.name() : null;
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
        return postConditionMatches(condition, err, BuildResult.SUCCESS);
    }

    /**
     * The result Declarative's post conditions see: the build's result, the worst warning inside the stage whose post
     * runs, and the stage's (or pipeline's) error (as BuildCondition.getCombinedResult in pipeline-model-definition,
     * pipeline-model-extensions/src/main/java/org/jenkinsci/plugins/pipeline/modeldefinition/model/BuildCondition.java).
     */
    public BuildResult combined(Throwable err, BuildResult stageWarning) {
        BuildResult c = current.worse(stageWarning == null ? BuildResult.SUCCESS : stageWarning);
        if (err != null) c = c.worse(BuildResult.of(err));
        return c;
    }

    /**
     * Sets the result even to a better one: ModelInterpreter.runPostConditions sets the combined result while a post
     * condition runs and puts the original one back after, unless the condition changed it.
     */
    public synchronized void force(BuildResult r) {
        current = r;
        explicit = true;
    }

    /** {@link #force(BuildResult)} by name (from runtime.groovy); null puts back "no result set yet". */
    public synchronized void force(String r) {
        if (r == null) {
            current = BuildResult.SUCCESS;
            explicit = false;
        } else {
            force(BuildResult.valueOf(r));
        }
    }

    /** {@link #postConditionMatches(String, Throwable)} with the warning of the stage whose post block runs. */
    public boolean postConditionMatches(String condition, Throwable err, BuildResult stageWarning) {
        BuildResult combined = combined(err, stageWarning);
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
            // Changed.groovy (pipeline-model-definition, model/conditions): no previous build is inherently changed.
            case "changed": return prev == null || prev != combined;
            case "fixed": return prev != null && combined == BuildResult.SUCCESS && (prev == BuildResult.FAILURE || prev == BuildResult.UNSTABLE);
            case "regression": return prev != null && combined.severity() > prev.severity() && prev.severity() <= 1 && combined != BuildResult.ABORTED;
            default: throw new Executor.AbortException("unknown post condition " + condition);
        }
    }
}
