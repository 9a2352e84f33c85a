package dev.jslc.executor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One build of a Jenkinsfile: its configuration (workspace, parameters, build environment, libraries, log, audit)
 * and its parts: the result ({@link ResultTracker}), the CPS scheduler ({@link Scheduler}), the global variables and
 * call dispatch ({@link Globals}), the Java steps ({@link Steps}), container agents ({@link Agents}), credentials and
 * the Declarative helpers ({@link DeclarativeSupport}). There is one build per JVM: code that is handed no reference
 * (the scripts' base class, the CPS safepoint, runtime.groovy) reaches it through {@link #running()}.
 */
public final class Executor {
    private static Executor running;

    /** The build this JVM runs (the one constructed last). */
    public static Executor running() {
        return running;
    }

    // The two exceptions stay nested here: the log shows their class names (catchError and post log e.toString()).

    /** Like hudson.AbortException: a step failure reported by its message only. */
    public static final class AbortException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AbortException(String message) {
            super(message);
        }
    }

    /** Like FlowInterruptedException: the build (or branch) was interrupted with a result. */
    public static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final BuildResult result;
        /**
         * Interrupted because another branch of a failFast parallel failed (Jenkins' FailFastCause). Such an
         * interruption does not make the build ABORTED: the failing branch's error decides (JENKINS-55459).
         */
        public final boolean failFast;

        public Interrupted(String message, BuildResult result) {
            this(message, result, false);
        }

        public Interrupted(String message, BuildResult result, boolean failFast) {
            super(message);
            this.result = result;
            this.failFast = failFast;
        }
    }

    // ---------- configuration ----------
    final Path workspace;
    final Path artifactsDir;
    /** --param values, then parameters {} defaults for the ones not given. */
    final Map<String, String> params;
    /** The build's own environment variables (BUILD_NUMBER, params, --env, env.X = …); synchronized. */
    final Map<String, String> buildEnv = Collections.synchronizedMap(new LinkedHashMap<>());
    final String scmUrl;
    /** The loaded libraries' directories, in @Library order (libraryResource looks in each). */
    final List<Path> libraryDirs = new ArrayList<>();
    /** With --trace-exec: where each sh step's strace of execve calls goes (WORKSPACE@tmp/exec-trace). */
    Path traceDir;
    final Log logger;
    final Audit audit;

    // ---------- parts ----------
    final ResultTracker results;
    final Scheduler scheduler;
    final Credentials credentials;
    final Steps steps;
    final Globals globals;
    final Agents agents = new Agents(this);
    final DeclarativeSupport declarative = new DeclarativeSupport(this);
    /** The stages as they start and end; with JSLC_STAGES_FILE set, one status line per stage. */
    final Stages stages = new Stages(this, System.getenv("JSLC_STAGES_FILE"));

    Executor(Path workspace, Path artifactsDir, Map<String, String> params, Map<String, String> extraEnv, Credentials credentials,
             Log logger, Audit audit, BuildResult previousResult, String scmUrl) {
        this.workspace = workspace;
        this.artifactsDir = artifactsDir;
        this.params = params;
        this.credentials = credentials;
        this.logger = logger;
        this.audit = audit;
        this.scmUrl = scmUrl;
        this.results = new ResultTracker(previousResult);
        buildEnv.put("WORKSPACE", workspace.toString());
        buildEnv.put("BUILD_NUMBER", "1");
        buildEnv.put("BUILD_ID", "1");
        buildEnv.put("JOB_NAME", "jslc-local");
        buildEnv.put("BUILD_TAG", "jenkins-jslc-local-1");
        buildEnv.put("NODE_NAME", "built-in");
        // Set by Jenkins on a node (hudson.model.Executor#getNumber); one executor here.
        buildEnv.put("EXECUTOR_NUMBER", "0");
        buildEnv.put("JENKINS_URL", "http://localhost/");
        buildEnv.putAll(params);
        buildEnv.putAll(extraEnv);
        this.scheduler = new Scheduler(logger, workspace, buildEnv);
        this.steps = new Steps(this);
        this.globals = new Globals(params, scmUrl, new EnvGlobal(scheduler, buildEnv), new CurrentBuildGlobal(results), steps);
        running = this;
    }

    // ---------- what runtime.groovy uses ----------

    /** The branch whose code runs now. */
    public Branch currentBranch() {
        return scheduler.current();
    }

    public ResultTracker getResults() {
        return results;
    }

    public Credentials getCredentials() {
        return credentials;
    }

    public Stages getStages() {
        return stages;
    }

    public DeclarativeSupport getDeclarative() {
        return declarative;
    }

    /** A log line of the current branch (with its "[branch] " prefix). */
    public void log(String line) {
        Branch b = scheduler.current();
        logger.line((b == null ? "" : b.logPrefix) + line);
    }

    /** A log line with a given branch prefix (from pool threads, where no branch is current). */
    public void logWithPrefix(String prefix, String line) {
        logger.line(prefix + line);
    }
}
