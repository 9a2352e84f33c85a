package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A stage's status in the JSLC_STAGES_FILE line: skip reason first, then its error, then its warnings. */
class StagesStatusTest {
    private static Stages.Record record() {
        return new Stages.Record("s", List.of(), 0L);
    }

    @Test
    void statusFollowsSkipThenErrorThenWarning() {
        Stages.Record r = record();
        assertEquals("success", Stages.status(r, null));
        r.warning = BuildResult.UNSTABLE;
        assertEquals("unstable", Stages.status(r, null));
        r.warning = BuildResult.FAILURE;
        assertEquals("failed", Stages.status(r, null));
        assertEquals("failed", Stages.status(record(), new Executor.AbortException("x")));
        assertEquals("aborted", Stages.status(record(), new Executor.Interrupted("timeout", BuildResult.ABORTED)));
        assertEquals("aborted", Stages.status(record(), new Executor.Interrupted("Failed in branch b", BuildResult.FAILURE, true)));
        Stages.Record skipped = record();
        skipped.markSkipped("skipped-after-failure");
        // A skipped stage rethrows the earlier error (ModelInterpreter.evaluateStage): the skip decides.
        assertEquals("skipped-after-failure", Stages.status(skipped, new Executor.AbortException("earlier")));
    }
}
