package dev.jslc.executor;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages of the build as they start and end, each on the stack of the branch that runs it (a parallel branch starts
 * with its parent's stack). When the environment variable {@code JSLC_STAGES_FILE} names a file, each stage that ends
 * appends one JSON line to it: {@code {"name", "parents", "status", "startMs", "durationMs"}}, parents outermost first.
 *
 * <p>The statuses follow pipeline-model-definition's stage tags (src/main/java/org/jenkinsci/plugins/pipeline/StageStatus.java:
 * FAILED_AND_CONTINUED, SKIPPED_FOR_FAILURE, SKIPPED_FOR_UNSTABLE, SKIPPED_FOR_CONDITIONAL) and the
 * {@code WarningAction}s of workflow-api that {@code unstable}, {@code warnError}, {@code catchError(stageResult:)} and
 * {@code junit} leave inside a stage (pipeline-graph-analysis' StatusAndTiming reads them the same way):
 * success, failed, unstable, aborted, skipped-by-when, skipped-after-failure, skipped-after-unstable.
 */
public final class Stages {
    /** One running stage. Serializable: runtime.groovy holds it in a CPS local across suspensions. */
    public static final class Record implements Serializable {
        private static final long serialVersionUID = 1L;
        public final String name;
        public final List<String> parents;
        final long startMs;
        /** The worst result a warning inside this stage gave it (SUCCESS when none). */
        volatile BuildResult warning = BuildResult.SUCCESS;
        /** Set by Declarative when it skips the stage (the status then, whatever the stage's body threw). */
        volatile String skipped;

        Record(String name, List<String> parents, long startMs) {
            this.name = name;
            this.parents = parents;
            this.startMs = startMs;
        }

        /** Declarative skipped this stage: "skipped-by-when", "skipped-after-failure" or "skipped-after-unstable". */
        public void markSkipped(String status) {
            skipped = status;
        }
    }

    private final Executor build;
    private final Path file;

    Stages(Executor build, String fileName) {
        this.build = build;
        this.file = fileName == null || fileName.isEmpty() ? null : Paths.get(fileName);
    }

    /** A stage starts in the current branch: it becomes the innermost stage of that branch. */
    public Record begin(String name) {
        Branch b = build.currentBranch();
        List<String> parents = new ArrayList<>();
        for (Record r : b.stages) parents.add(r.name);
        Record r = new Record(name, parents, System.currentTimeMillis());
        List<Record> next = new ArrayList<>(b.stages);
        next.add(r);
        b.stages = next;
        return r;
    }

    /** A warning result (UNSTABLE, FAILURE, …) for every stage the current branch is in, as a WarningAction would. */
    public void warn(BuildResult result) {
        Branch b = build.currentBranch();
        if (b == null) return;
        for (Record r : b.stages) r.warning = r.warning.worse(result);
    }

    /** The innermost stage of the current branch (null outside stages). */
    public Record innermost() {
        Branch b = build.currentBranch();
        return b == null || b.stages.isEmpty() ? null : b.stages.get(b.stages.size() - 1);
    }

    /** The warning of the innermost stage of the current branch (SUCCESS outside stages). */
    public BuildResult innermostWarning() {
        Branch b = build.currentBranch();
        if (b == null || b.stages.isEmpty()) return BuildResult.SUCCESS;
        return b.stages.get(b.stages.size() - 1).warning;
    }

    /** The stage ends, with the error its body threw (or null): its status line is written. */
    public void end(Record r, Throwable error) {
        Branch b = build.currentBranch();
        List<Record> next = new ArrayList<>(b.stages);
        next.remove(r);
        b.stages = next;
        if (file == null) return;
        StringBuilder sb = new StringBuilder("{\"name\":").append(Json.str(r.name)).append(",\"parents\":[");
        for (int i = 0; i < r.parents.size(); i++) sb.append(i == 0 ? "" : ",").append(Json.str(r.parents.get(i)));
        sb.append("],\"status\":").append(Json.str(status(r, error)));
        sb.append(",\"startMs\":").append(r.startMs).append(",\"durationMs\":").append(System.currentTimeMillis() - r.startMs).append("}\n");
        String text = sb.toString();
        synchronized (this) {
            try {
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new Executor.AbortException("Cannot write the stage status file " + file + " (JSLC_STAGES_FILE): " + e.getMessage());
            }
        }
    }

    static String status(Record r, Throwable error) {
        if (r.skipped != null) return r.skipped;
        if (error instanceof Executor.Interrupted) {
            Executor.Interrupted i = (Executor.Interrupted) error;
            return i.failFast || i.result == BuildResult.ABORTED ? "aborted" : "failed";
        }
        if (error != null) return "failed";
        switch (r.warning) {
            case SUCCESS: return "success";
            case UNSTABLE: return "unstable";
            case ABORTED: return "aborted";
            default: return "failed";
        }
    }
}
