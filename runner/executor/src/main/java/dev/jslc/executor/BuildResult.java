package dev.jslc.executor;

/**
 * A build's result, ordered from best to worst as Jenkins orders them (jenkinsci/jenkins,
 * core/src/main/java/hudson/model/Result.java): SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED. The executor's exit
 * status is the position in that order, as Jenkinsfile Runner reports it (SUCCESS 0 … ABORTED 4).
 */
public enum BuildResult {
    SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED;

    /** 0 for SUCCESS up to 4 for ABORTED: the larger, the worse. */
    int severity() {
        switch (this) {
            case SUCCESS: return 0;
            case UNSTABLE: return 1;
            case FAILURE: return 2;
            case NOT_BUILT: return 3;
            default: return 4;
        }
    }

    int exitCode() {
        return ordinal();
    }

    /** The worse of this result and {@code other}; this one when they are equally bad. */
    BuildResult worse(BuildResult other) {
        return other.severity() > severity() ? other : this;
    }

    /** The result an error gives the build: an interruption's own result (e.g. ABORTED), anything else FAILURE. */
    public static BuildResult of(Throwable error) {
        if (error instanceof Executor.Interrupted) return ((Executor.Interrupted) error).result;
        return FAILURE;
    }
}
