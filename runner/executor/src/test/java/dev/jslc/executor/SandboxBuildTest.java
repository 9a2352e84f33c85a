package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole builds under the runtime sandbox: the Jenkinsfile is always sandboxed (a Pipeline from SCM in Jenkins), a
 * library is trusted (a global library: its code is not checked, also when an untrusted Jenkinsfile calls it) or,
 * with {@code --library-trust untrusted}, untrusted (a folder-level library: checked like the Jenkinsfile). A rejected
 * call fails the build with script-security's message, as the Jenkins log shows it.
 */
class SandboxBuildTest {
    private static final String EXECUTE_SIGNATURE = "staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods execute java.lang.String";

    private static Path library(Path dir) throws Exception {
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib.resolve("vars"));
        LocalBuild.write(lib.resolve("vars"), "listFiles.groovy", "def call() {\n  def p = 'ls'.execute()\n  echo \"ls exited with ${p.waitFor()}\"\n}\n");
        return lib;
    }

    private static final String USES_LIBRARY = "@Library('lib') _\nnode {\n  listFiles()\n}\n";

    @Test
    void anUntrustedLibraryCallingExecuteFailsWithTheUpstreamMessage(@TempDir Path dir) throws Exception {
        Path lib = library(dir);
        LocalBuild.Run r = LocalBuild.run(dir, USES_LIBRARY, "--library", "lib=" + lib, "--library-trust", "untrusted");
        assertEquals(BuildResult.FAILURE.exitCode(), r.exitCode(), r.log());
        // ScriptApprovalNote.print, then the error that ends the build, then the result.
        int note = r.indexOf("Scripts not permitted to use " + EXECUTE_SIGNATURE + ". Administrators can decide whether to approve or reject this signature.");
        int error = r.indexOf("org.jenkinsci.plugins.scriptsecurity.sandbox.RejectedAccessException: Scripts not permitted to use " + EXECUTE_SIGNATURE);
        assertTrue(note < error, r.log());
        assertEquals("Finished: FAILURE", r.lines().get(r.lines().size() - 2));
        assertFalse(r.log().contains("ls exited with"), r.log());
    }

    @Test
    void theSameLibraryTrustedRunsUncheckedFromTheSandboxedJenkinsfile(@TempDir Path dir) throws Exception {
        Path lib = library(dir);
        for (String[] trust : new String[][] {{}, {"--library-trust", "trusted"}}) {
            String[] args = new String[2 + trust.length];
            args[0] = "--library";
            args[1] = "lib=" + lib;
            System.arraycopy(trust, 0, args, 2, trust.length);
            LocalBuild.Run r = LocalBuild.run(dir, USES_LIBRARY, args);
            assertEquals(BuildResult.SUCCESS.exitCode(), r.exitCode(), r.log());
            r.indexOf("ls exited with 0");
            assertFalse(r.log().contains("Scripts not permitted"), r.log());
        }
    }

    @Test
    void theJenkinsfileIsSandboxed(@TempDir Path dir) throws Exception {
        LocalBuild.Run r = LocalBuild.run(dir, "node {\n  echo 'before'\n  'ls'.execute()\n  echo 'after'\n}\n");
        assertEquals(BuildResult.FAILURE.exitCode(), r.exitCode(), r.log());
        r.indexOf("before");
        r.indexOf("org.jenkinsci.plugins.scriptsecurity.sandbox.RejectedAccessException: Scripts not permitted to use " + EXECUTE_SIGNATURE);
        assertFalse(r.lines().contains("after"), r.log());
    }

    @Test
    void stepsGlobalsGStringsClosuresAndOwnMethodsAreAllowed(@TempDir Path dir) throws Exception {
        String jf = String.join("\n",
                "def twice(String s) { return s + s }",
                "node {",
                "  env.GREETING = 'hi'",
                "  def names = ['a', 'b'].collect { it.toUpperCase() }",
                "  echo \"${env.GREETING} ${params.WHO} ${names.join(',')} ${twice('x')} ${(1..3).sum()} ${currentBuild.number}\"",
                "  withEnv(['X=1']) { echo \"X=${env.X}\" }",
                "  def m = [k: 'v']",
                "  m.k2 = 'w'",
                "  echo \"${m.k}${m.k2} ${'42'.toInteger() + 1} ${currentBuild.currentResult}\"",
                "  sleep 0",
                "  stage('S') { echo \"in ${STAGE_NAME}\" }",
                "}",
                "");
        LocalBuild.Run r = LocalBuild.run(dir, jf, "--param", "WHO=you");
        assertEquals(BuildResult.SUCCESS.exitCode(), r.exitCode(), r.log());
        r.indexOf("hi you A,B xx 6 1");
        r.indexOf("X=1");
        r.indexOf("vw 43 SUCCESS");
        r.indexOf("in S");
    }

    @Test
    void newAndCastsThatCallAConstructorAreChecked(@TempDir Path dir) throws Exception {
        String[][] cases = {
            {"new File('/etc/passwd')", "new java.io.File java.lang.String"},
            {"def f = '/etc/passwd' as File", "new java.io.File java.lang.String"},
            {"File f = '/etc/passwd'", "new java.io.File java.lang.String"}, // an implicit cast to a declared type
            {"System.getenv()", "staticMethod java.lang.System getenv"},
            {"Thread.currentThread()", "staticMethod java.lang.Thread currentThread"},
        };
        for (String[] c : cases) {
            LocalBuild.Run r = LocalBuild.run(dir, "node {\n  " + c[0] + "\n}\n");
            assertEquals(BuildResult.FAILURE.exitCode(), r.exitCode(), c[0] + ":\n" + r.log());
            r.indexOf("org.jenkinsci.plugins.scriptsecurity.sandbox.RejectedAccessException: Scripts not permitted to use " + c[1]);
        }
    }

    @Test
    void theScriptsOwnClassesAreAllowedAndNonCpsCodeIsCheckedToo(@TempDir Path dir) throws Exception {
        String jf = String.join("\n",
                "class Box {",
                "  String v",
                "  Box(String v) { this.v = v }",
                "  String shout() { v.toUpperCase() }",
                "}",
                "@NonCPS",
                "def nonCps() { return 'ls'.execute() }",
                "node {",
                "  echo new Box('hi').shout()",
                "  nonCps()",
                "  echo 'after'",
                "}",
                "");
        LocalBuild.Run r = LocalBuild.run(dir, jf);
        assertEquals(BuildResult.FAILURE.exitCode(), r.exitCode(), r.log());
        r.indexOf("HI");
        r.indexOf("org.jenkinsci.plugins.scriptsecurity.sandbox.RejectedAccessException: Scripts not permitted to use " + EXECUTE_SIGNATURE);
        assertFalse(r.lines().contains("after"), r.log());
    }

    @Test
    void aCaughtRejectionIsStillReported(@TempDir Path dir) throws Exception {
        LocalBuild.Run r = LocalBuild.run(dir, "try { 'ls'.execute() } catch (e) { echo \"caught ${e.getMessage()}\" }\n");
        assertEquals(BuildResult.SUCCESS.exitCode(), r.exitCode(), r.log());
        r.indexOf("Scripts not permitted to use " + EXECUTE_SIGNATURE + ". Administrators can decide whether to approve or reject this signature.");
        r.indexOf("caught Scripts not permitted to use " + EXECUTE_SIGNATURE);
    }

    @Test
    void theJenkinsfilesFieldInitializersAreSandboxed(@TempDir Path dir) throws Exception {
        LocalBuild.Run r = LocalBuild.run(dir, "import groovy.transform.Field\n@Field def f = new File('/etc/passwd')\necho 'x'\n");
        assertEquals(BuildResult.FAILURE.exitCode(), r.exitCode(), r.log());
        assertTrue(r.log().contains("RejectedAccessException: Scripts not permitted to use new java.io.File java.lang.String"), r.log());
    }

    @Test
    void aFinalizerDoesNotCompile(@TempDir Path dir) throws Exception {
        LocalBuild.Run r = LocalBuild.run(dir, "class T { public void finalize() { } }\necho 'x'\n");
        assertEquals(BuildResult.FAILURE.exitCode(), r.exitCode(), r.log());
        assertTrue(r.log().contains("Sandboxed code may not override Object.finalize()"), r.log());
    }

    @Test
    void libraryTrustMustBeTrustedOrUntrusted(@TempDir Path dir) throws Exception {
        assertEquals(255, LocalBuild.run(dir, "echo 'x'\n", "--library-trust", "sandboxed").exitCode());
    }
}
