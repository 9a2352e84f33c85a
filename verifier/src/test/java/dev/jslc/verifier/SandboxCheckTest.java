package dev.jslc.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox check over real library sources: which expressions are checked, with what types, reported where. */
class SandboxCheckTest {
    private static Whitelist whitelist;

    @TempDir
    Path lib;

    @BeforeAll
    static void loadLists() {
        whitelist = Whitelist.load();
    }

    /** Compiles vars/NAME.groovy of a library holding it (and the other vars given) and returns the rejections. */
    private List<String> check(String source, String... otherVars) throws Exception {
        Path vars = Files.createDirectories(lib.resolve("vars"));
        Path file = vars.resolve("subject.groovy");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        for (String v : otherVars) Files.writeString(vars.resolve(v + ".groovy"), "def call() { 'x' }\n", StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        Set<String> libraryVars = new java.util.HashSet<>(List.of(otherVars));
        libraryVars.add("subject");
        SandboxCheck check = new SandboxCheck(whitelist, file.toFile().getPath(), libraryVars,
                r -> out.add(r.line() + ":" + r.column() + " " + r.message()));
        Compiler.Result result = new Compiler(lib).compile(file, false, List.of(check), Phases.CANONICALIZATION);
        assertTrue(result.errors().isEmpty(), "compiles: " + result.errors());
        return out;
    }

    @Test
    void typedCallsAreResolvedAndReportedAtTheMethodName() throws Exception {
        List<String> found = check(String.join("\n",
                "def call() {",
                "    String s = 'x'",
                "    echo s.toUpperCase()",
                "    s.execute()",
                "    new File('/tmp/x').text",
                "}"));
        assertEquals(List.of(
                "4:7 staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods execute java.lang.String: blacklisted (dangerous)",
                "5:5 new java.io.File java.lang.String: blacklisted (dangerous)",
                "5:24 staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods getText java.io.File: not whitelisted"), found);
    }

    @Test
    void defVariablesAreTypedByTheirInitializerUntilAssignedSomethingElse() throws Exception {
        List<String> found = check(String.join("\n",
                "def call() {",
                "    def t = 'x'.trim()",
                "    t.execute()",
                "    def p = new Date()",
                "    p = 'now a string'",
                "    p.execute()",
                "}"));
        // t is a String (trim's return type); p is untyped after the second assignment, so execute() is checked by name.
        assertEquals(2, found.size(), found.toString());
        assertEquals("3:7 staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods execute java.lang.String: blacklisted (dangerous)", found.get(0));
        assertTrue(found.get(1).startsWith("6:7 staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods execute java.lang.String: blacklisted (dangerous)"
                + " (the receiver's type is not declared"), found.get(1));
    }

    @Test
    void staticCallsStaticImportsAndStaticFields() throws Exception {
        List<String> found = check(String.join("\n",
                "import static java.lang.System.getenv",
                "def call() {",
                "    System.getenv('HOME')",
                "    getenv('X')",
                "    Math.max(1, 2)",
                "    Integer.MAX_VALUE",
                "    System.out",
                "}"));
        assertEquals(List.of(
                "3:5 staticMethod java.lang.System getenv java.lang.String: blacklisted (dangerous)",
                "4:5 staticMethod java.lang.System getenv java.lang.String: blacklisted (dangerous)",
                "7:12 staticField java.lang.System out: not whitelisted"), found);
    }

    @Test
    void stepsGlobalsLibraryVarsAndWhitelistedCallsPass() throws Exception {
        List<String> found = check(String.join("\n",
                "def call(Map args = [:]) {",
                "    sh 'make'",
                "    other()",
                "    env.FOO = 'x'",
                "    echo env.PATH.toLowerCase()",
                "    steps.echo 'via steps'",
                "    List<String> l = ['a']",
                "    l.add('b')",
                "    l.each { echo it }",
                "    int[] a = [1, 2]",
                "    echo \"${a[0]} ${a.length} ${l[0]}\"",
                "    currentBuild.result = 'UNSTABLE'",
                "}"), "other");
        assertEquals(List.of(), found);
    }

    @Test
    void jenkinsInternalsAreBlacklistedByName() throws Exception {
        List<String> found = check(String.join("\n",
                "def call() {",
                "    Jenkins.instance",
                "    currentBuild.rawBuild",
                "}"));
        assertEquals(List.of(
                "2:13 staticMethod jenkins.model.Jenkins getInstance: blacklisted (dangerous)",
                "3:18 method org.jenkinsci.plugins.workflow.support.steps.build.RunWrapper getRawBuild: blacklisted (dangerous)"), found);
    }

    @Test
    void operatorsAndSubscriptsAreTheMethodsTheSandboxChecks() throws Exception {
        List<String> found = check(String.join("\n",
                "def call() {",
                "    List l = []",
                "    l << 'x'",
                "    File f = null",
                "    f << 'text'",
                "    Map m = [:]",
                "    m['k'] = 'v'",
                "}"));
        assertEquals(List.of("5:5 staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods leftShift java.io.File java.lang.Object: not whitelisted"), found);
    }
}
