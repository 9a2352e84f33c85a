package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPS scheduler, through real builds: parallel branches overlap (a branch blocked in a step lets the others run),
 * each branch has its own scope, the parent resumes with the branches' values or the first error, and failFast stops
 * the other branches.
 */
class SchedulerTest {
    @TempDir
    Path tmp;

    @Test
    void aBranchBlockedInAStepLetsTheOtherBranchesRun() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "def values = parallel(",
                "    a: { echo 'a1'; sleep 1; echo 'a2'; return 'A' },",
                "    b: { echo 'b1'; echo 'b2'; return 'B' })",
                "echo \"values: ${values}\""));
        assertEquals(0, r.exitCode(), r.log());
        // a suspends in sleep; b runs to its end before a resumes.
        assertTrue(r.indexOf("[Pipeline] { (Branch: a)") < r.indexOf("[Pipeline] { (Branch: b)"), r.log());
        assertTrue(r.indexOf("[a] a1") < r.indexOf("[b] b1"), r.log());
        assertTrue(r.indexOf("[b] b2") < r.indexOf("[Pipeline] } (Branch: b)"), r.log());
        assertTrue(r.indexOf("[Pipeline] } (Branch: b)") < r.indexOf("[a] a2"), r.log());
        assertTrue(r.indexOf("[a] a2") < r.indexOf("[Pipeline] } (Branch: a)"), r.log());
        assertTrue(r.indexOf("[Pipeline] } (Branch: a)") < r.indexOf("values: [a:A, b:B]"), r.log());
        assertTrue(r.log().endsWith("Finished: SUCCESS\n"), r.log());
    }

    @Test
    void branchesStartWithTheParentsScopeAndKeepTheirOwn() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "withEnv(['SHARED=parent']) {",
                "    parallel(",
                "        one: { withEnv(['ONLY_ONE=1']) { sleep 1; echo \"one sees ${env.SHARED} ${env.ONLY_ONE}\" } },",
                "        two: { dir('sub') { echo \"two sees ${env.SHARED} ${env.ONLY_ONE} in ${pwd().endsWith('/sub')}\" } })",
                "}",
                "echo \"after: ${env.SHARED}\""));
        assertEquals(0, r.exitCode(), r.log());
        assertTrue(r.lines().contains("[one] one sees parent 1"), r.log());
        assertTrue(r.lines().contains("[two] two sees parent null in true"), r.log());
        assertTrue(r.lines().contains("after: null"), r.log());
    }

    @Test
    void withoutFailFastTheOtherBranchesFinishAndTheParentGetsTheFirstError() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "parallel(",
                "    slow: { sleep 1; echo 'slow done' },",
                "    quick: { error 'boom' })",
                "echo 'not reached'"));
        assertEquals(2, r.exitCode(), r.log());
        assertTrue(r.lines().contains("[slow] slow done"), r.log());
        assertTrue(r.indexOf("[slow] slow done") < r.indexOf("ERROR: boom"), r.log());
        assertFalse(r.lines().contains("not reached"), r.log());
        assertTrue(r.log().endsWith("Finished: FAILURE\n"), r.log());
    }

    @Test
    void failFastInterruptsTheOtherBranchesAndKillsTheirProcesses() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "try {",
                "    parallel(failFast: true,",
                "        slow: {",
                "            try { sh 'sleep 60' } catch (e) { echo \"slow caught: ${e.message}\"; throw e }",
                "            echo 'slow not reached'",
                "        },",
                "        quick: { error 'boom' })",
                "} catch (e) {",
                "    echo \"parent caught: ${e.message}\"",
                "}"));
        assertEquals(0, r.exitCode(), r.log());
        assertTrue(r.lines().contains("[slow] slow caught: Failed in branch quick"), r.log());
        assertFalse(r.lines().contains("[slow] slow not reached"), r.log());
        // The parent resumes with the failing branch's error, not with the interruption it caused.
        assertTrue(r.lines().contains("parent caught: boom"), r.log());
        assertTrue(r.millis() < 30_000, "sleep 60 was killed: " + r.millis() + " ms");
        assertTrue(r.log().endsWith("Finished: SUCCESS\n"), r.log());
    }

    @Test
    void declarativeFailFastLeavesTheResultToTheFailingBranch() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "pipeline {",
                "    agent any",
                "    stages {",
                "        stage('Both') {",
                "            failFast true",
                "            parallel {",
                "                stage('Fails') { steps { sleep 1; error 'fails here' } }",
                "                stage('Slow') { steps { sh 'sleep 60' } }",
                "            }",
                "        }",
                "    }",
                "}"));
        // FAILURE (the failing branch), not ABORTED (the interrupted one), as in Jenkins (JENKINS-55459).
        assertEquals(2, r.exitCode(), r.log());
        assertTrue(r.lines().contains("[Fails] ERROR: fails here"), r.log());
        // Slow was in its sh step when Fails failed: the process is killed and the stage ends with the interruption.
        assertTrue(r.lines().contains("[Slow] ERROR: Failed in branch Fails"), r.log());
        assertTrue(r.millis() < 30_000, "sleep 60 was killed: " + r.millis() + " ms");
        assertTrue(r.log().endsWith("Finished: FAILURE\n"), r.log());
    }

    @Test
    void anEmptyParallelResumesAtOnceAndNonCpsBranchesFinishAtOnce() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "@NonCPS",
                "def plain() { return { -> 'plain value' } }",
                "def none = parallel([:])",
                "echo \"empty: ${none}\"",
                "def values = parallel(p: plain())",
                "echo \"values: ${values}\""));
        assertEquals(0, r.exitCode(), r.log());
        assertTrue(r.lines().contains("empty: [:]"), r.log());
        assertTrue(r.lines().contains("values: [p:plain value]"), r.log());
    }

    @Test
    void aStepOutsideAnyBranchIsOnTheMainProgramWithoutPrefix() throws Exception {
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "sh 'echo from-main'",
                "parallel(x: { sh 'echo from-x' })"));
        assertEquals(0, r.exitCode(), r.log());
        assertTrue(r.lines().contains("from-main"), r.log());
        assertTrue(r.lines().contains("[x] from-x"), r.log());
    }
}
