package dev.jslc.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cps check under the compile-time rules of the CPS engine in current Jenkins (jenkinsci/workflow-cps-plugin
 * lib/src/main/java/com/cloudbees/groovy/cps/CpsTransformer.java), where groovy-cps 1.31 alone differs: spread is
 * accepted, break/continue outside a loop is reported, default values are CPS-checked.
 */
class CurrentCpsRulesTest {
    @TempDir
    Path lib;

    private List<String> cpsErrors(String source) throws Exception {
        Path vars = Files.createDirectories(lib.resolve("vars"));
        Path file = vars.resolve("subject.groovy");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (Compiler.Error e : new Compiler(lib).compile(file, true, List.of()).errors()) {
            out.add(e.line() + ":" + e.column() + " " + e.message());
        }
        return out;
    }

    @Test
    void spreadArgumentsListsAndMapsCompile() throws Exception {
        // CpsTransformerTest#spread, #spreadMap: supported since 2022 (groovy-cps 1.31: "spread not yet supported").
        assertEquals(List.of(), cpsErrors(String.join("\n",
                "def call(List l, Map m) {",
                "    echo(*l)",
                "    def all = [*l, 3]",
                "    sh(*:m, script: 'true')",
                "    new ArrayList(*[all])",
                "}")));
    }

    @Test
    void spreadSafeCallsAreStillRejected() throws Exception {
        assertEquals(List.of("2:5 spread not yet supported for CPS transformation"), cpsErrors(String.join("\n",
                "def call(List l) {",
                "    l*.toString()",
                "}")));
    }

    @Test
    void breakAndContinueOutsideALoopAreReported() throws Exception {
        // CpsTransformer2Test#illegalBreakStatement (JENKINS-57253); groovy-cps 1.31 compiled both.
        assertEquals(List.of("3:9 the break statement is only allowed inside loops or switches",
                "6:13 the continue statement is only allowed inside loops"), cpsErrors(String.join("\n",
                "def call() {",
                "    if (true) {",
                "        break",
                "    }",
                "    [1].each {",
                "            continue",
                "    }",
                "    for (x in [1]) { if (x) continue; break }",
                "}")));
    }

    @Test
    void defaultValuesAreCpsChecked() throws Exception {
        // SECURITY-1710: the overloads are CPS-transformed, so a default value is compiled under CPS too.
        assertEquals(List.of("1:22 spread not yet supported for CPS transformation"), cpsErrors(String.join("\n",
                "def call(List l, x = l*.toString()) {",
                "    echo \"$x\"",
                "}")));
        assertEquals(List.of(), cpsErrors("def call(a, b = a + 1, c = { -> b }) { echo \"$a $b ${c()}\" }\n"));
    }
}
