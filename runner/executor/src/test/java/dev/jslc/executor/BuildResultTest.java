package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build result: Jenkins' order, worse-wins, what errors make it, post conditions, and the exit status. */
class BuildResultTest {
    @TempDir
    Path tmp;

    @Test
    void resultsAreOrderedFromSuccessToAbortedAndTheExitStatusIsThePosition() {
        assertEquals(List.of(BuildResult.SUCCESS, BuildResult.UNSTABLE, BuildResult.FAILURE, BuildResult.NOT_BUILT, BuildResult.ABORTED),
                List.of(BuildResult.values()));
        for (BuildResult r : BuildResult.values()) assertEquals(r.ordinal(), r.exitCode());
        for (BuildResult r : BuildResult.values()) assertEquals(r.ordinal(), r.severity());
    }

    @Test
    void theWorseResultWins() {
        assertEquals(BuildResult.UNSTABLE, BuildResult.SUCCESS.worse(BuildResult.UNSTABLE));
        assertEquals(BuildResult.UNSTABLE, BuildResult.UNSTABLE.worse(BuildResult.SUCCESS));
        assertEquals(BuildResult.FAILURE, BuildResult.UNSTABLE.worse(BuildResult.FAILURE));
        assertEquals(BuildResult.FAILURE, BuildResult.FAILURE.worse(BuildResult.UNSTABLE));
        assertEquals(BuildResult.NOT_BUILT, BuildResult.FAILURE.worse(BuildResult.NOT_BUILT));
        assertEquals(BuildResult.ABORTED, BuildResult.FAILURE.worse(BuildResult.ABORTED));
        assertEquals(BuildResult.ABORTED, BuildResult.ABORTED.worse(BuildResult.FAILURE));
        for (BuildResult r : BuildResult.values()) assertEquals(r, r.worse(r));
    }

    @Test
    void anInterruptionGivesItsOwnResultAnyOtherErrorFailure() {
        assertEquals(BuildResult.ABORTED, BuildResult.of(new Executor.Interrupted("Timeout has been exceeded", BuildResult.ABORTED)));
        assertEquals(BuildResult.NOT_BUILT, BuildResult.of(new Executor.Interrupted("x", BuildResult.NOT_BUILT)));
        assertEquals(BuildResult.FAILURE, BuildResult.of(new Executor.AbortException("script returned exit code 1")));
        assertEquals(BuildResult.FAILURE, BuildResult.of(new IllegalStateException("bug")));
    }

    @Test
    void theTrackedResultGoesSuccessUnstableFailureAbortedAndNeverBack() {
        ResultTracker r = new ResultTracker(null);
        assertEquals(BuildResult.SUCCESS, r.current());
        assertFalse(r.failureOrWorse());
        r.worsen(BuildResult.UNSTABLE);
        assertEquals(BuildResult.UNSTABLE, r.current());
        r.worsen("SUCCESS");
        assertEquals(BuildResult.UNSTABLE, r.current());
        assertFalse(r.failureOrWorse());
        r.worsen("FAILURE");
        assertEquals(BuildResult.FAILURE, r.current());
        assertTrue(r.failureOrWorse());
        r.worsen(BuildResult.UNSTABLE);
        assertEquals(BuildResult.FAILURE, r.current());
        r.worsen(BuildResult.ABORTED);
        assertEquals(BuildResult.ABORTED, r.current());
        r.worsen(BuildResult.FAILURE);
        assertEquals(BuildResult.ABORTED, r.current());
        assertThrows(IllegalArgumentException.class, () -> r.worsen("BROKEN"));
    }

    @Test
    void postConditionsSeeTheResultCombinedWithTheStageError() {
        ResultTracker r = new ResultTracker(null);
        assertTrue(r.postConditionMatches("success", null));
        assertTrue(r.postConditionMatches("always", null));
        assertFalse(r.postConditionMatches("unsuccessful", null));
        Throwable failed = new Executor.AbortException("boom");
        assertTrue(r.postConditionMatches("failure", failed));
        assertTrue(r.postConditionMatches("unsuccessful", failed));
        assertFalse(r.postConditionMatches("success", failed));
        Throwable timedOut = new Executor.Interrupted("Timeout has been exceeded", BuildResult.ABORTED);
        assertTrue(r.postConditionMatches("aborted", timedOut));
        assertFalse(r.postConditionMatches("failure", timedOut));
        // The error does not change the tracked result itself.
        assertEquals(BuildResult.SUCCESS, r.current());
        r.worsen(BuildResult.UNSTABLE);
        assertTrue(r.postConditionMatches("unstable", null));
        assertTrue(r.postConditionMatches("failure", failed));
        assertTrue(r.postConditionMatches("cleanup", failed));
        // Without a previous build, changed always matches (Changed.groovy: "inherently changed"); fixed and regression never.
        assertTrue(r.postConditionMatches("changed", failed));
        assertFalse(r.postConditionMatches("fixed", null));
        assertFalse(r.postConditionMatches("regression", failed));
        assertThrows(Executor.AbortException.class, () -> r.postConditionMatches("sometimes", null));
    }

    @Test
    void changedFixedAndRegressionCompareWithThePreviousBuild() {
        ResultTracker afterFailure = new ResultTracker(BuildResult.FAILURE);
        assertTrue(afterFailure.postConditionMatches("fixed", null));
        assertTrue(afterFailure.postConditionMatches("changed", null));
        assertFalse(afterFailure.postConditionMatches("regression", null));
        assertFalse(afterFailure.postConditionMatches("changed", new Executor.AbortException("again")));

        ResultTracker afterSuccess = new ResultTracker(BuildResult.SUCCESS);
        assertFalse(afterSuccess.postConditionMatches("changed", null));
        assertFalse(afterSuccess.postConditionMatches("fixed", null));
        assertTrue(afterSuccess.postConditionMatches("regression", new Executor.AbortException("x")));
        afterSuccess.worsen(BuildResult.UNSTABLE);
        assertTrue(afterSuccess.postConditionMatches("regression", null));
        assertTrue(afterSuccess.postConditionMatches("changed", null));
        // An aborted build is not a regression.
        assertFalse(afterSuccess.postConditionMatches("regression", new Executor.Interrupted("stop", BuildResult.ABORTED)));

        ResultTracker afterAborted = new ResultTracker(BuildResult.ABORTED);
        assertFalse(afterAborted.postConditionMatches("fixed", null));
        assertFalse(afterAborted.postConditionMatches("regression", new Executor.AbortException("x")));
    }

    @Test
    void aBuildCannotBeMadeBetterThanUnstableAndExitsOne() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "unstable 'flaky'",
                "currentBuild.result = 'SUCCESS'",
                "echo \"now ${currentBuild.result} / ${currentBuild.currentResult}\"",
                "echo \"worse or equal UNSTABLE: ${currentBuild.resultIsWorseOrEqualTo('UNSTABLE')}\"",
                "echo \"better or equal SUCCESS: ${currentBuild.resultIsBetterOrEqualTo('SUCCESS')}\""));
        assertEquals(1, r.exitCode(), r.log());
        assertTrue(r.lines().contains("WARNING: flaky"), r.log());
        assertTrue(r.lines().contains("now UNSTABLE / UNSTABLE"), r.log());
        assertTrue(r.lines().contains("worse or equal UNSTABLE: true"), r.log());
        assertTrue(r.lines().contains("better or equal SUCCESS: false"), r.log());
        assertTrue(r.log().endsWith("Finished: UNSTABLE\n"), r.log());
    }

    @Test
    void aFailedStepAfterUnstableMakesTheBuildFailAndExitTwo() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "    catchError(buildResult: 'UNSTABLE') { error 'tolerated' }",
                "    echo \"after catchError: ${currentBuild.currentResult}\"",
                "    sh 'exit 3'",
                "}"));
        assertEquals(2, r.exitCode(), r.log());
        assertTrue(r.lines().contains("ERROR: tolerated"), r.log());
        assertTrue(r.lines().contains("after catchError: UNSTABLE"), r.log());
        assertTrue(r.lines().contains("ERROR: script returned exit code 3"), r.log());
        assertTrue(r.log().endsWith("Finished: FAILURE\n"), r.log());
    }

    @Test
    void aTimeoutAbortsTheBuildAndExitsFour() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "    timeout(time: 1, unit: 'SECONDS') {",
                "        sleep 30",
                "    }",
                "}"));
        assertEquals(4, r.exitCode(), r.log());
        assertTrue(r.lines().contains("Timeout has been exceeded"), r.log());
        assertTrue(r.lines().contains("ERROR: Timeout has been exceeded"), r.log());
        assertTrue(r.log().endsWith("Finished: ABORTED\n"), r.log());
        assertTrue(r.millis() < 20_000, "the timeout stopped the sleep: " + r.millis() + " ms");
    }

    @Test
    void declarativePostRunsTheConditionsOfTheFinalResult() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "pipeline {",
                "    agent any",
                "    stages {",
                "        stage('Test') {",
                "            steps { unstable 'one test failed' }",
                "        }",
                "        stage('Later') {",
                "            steps { echo 'later ran' }",
                "        }",
                "    }",
                "    post {",
                "        failure { echo 'POST failure' }",
                "        unstable { echo 'POST unstable' }",
                "        regression { echo 'POST regression' }",
                "        always { echo 'POST always' }",
                "    }",
                "}"), "--previous-result", "SUCCESS");
        assertEquals(1, r.exitCode(), r.log());
        // UNSTABLE does not skip the later stages; post conditions run in Jenkins' fixed order.
        assertTrue(r.lines().contains("later ran"), r.log());
        assertTrue(r.indexOf("POST always") < r.indexOf("POST regression"), r.log());
        assertTrue(r.indexOf("POST regression") < r.indexOf("POST unstable"), r.log());
        assertFalse(r.lines().contains("POST failure"), r.log());
    }
}
