package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyObject;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two passes runtime.groovy runs an environment {} block with (plain Groovy here, no CPS): pass 1 only finds the
 * names and credentials, pass 2 evaluates the values in order with reads of later names resolved at the end.
 */
class EnvironmentPassesTest {
    /** The block's closure and the script it was defined in (what pass 2 reads undefined names through). */
    private static Closure<?> block(Binding binding, String source) {
        Script s = new GroovyShell(binding).parse("return " + source);
        return (Closure<?>) s.run();
    }

    private static SectionRecorder run(Closure<?> c, SectionRecorder r) {
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(r);
        c.call();
        return r;
    }

    private static List<String> evaluate(Binding binding, String source) {
        Closure<?> c = block(binding, source);
        SectionRecorder pass1 = new SectionRecorder();
        pass1.dryRun();
        run(c, pass1);
        SectionRecorder pass2 = new SectionRecorder();
        pass2.laterNames(pass1, (GroovyObject) c.getThisObject());
        run(c, pass2);
        return pass2.resolvedEntries();
    }

    @Test
    void passOneFindsNamesAndCredentialsWithoutRunningCalls() {
        Closure<?> c = block(new Binding(), "{ -> A = boom('x').trim(); B = credentials('id'); C = \"${A}${undefinedName}\" }");
        SectionRecorder r = new SectionRecorder();
        r.dryRun();
        run(c, r);
        assertEquals(List.of("A", "B", "C"), List.copyOf(r.assignments.keySet()));
        assertTrue(r.assignments.get("B") instanceof SectionRecorder.CredentialsRef);
        assertEquals("id", ((SectionRecorder.CredentialsRef) r.assignments.get("B")).id);
    }

    @Test
    void laterNamesAreResolvedAtTheEndAsNameOrEnvName() {
        Binding b = new Binding();
        b.setVariable("env", new java.util.HashMap<String, String>());
        assertEquals(List.of("A=b-x", "C=b-y", "B=b"), evaluate(b, "{ -> A = \"${B}-x\"; C = \"${env.B}-y\"; B = 'b' }"));
    }

    @Test
    void aSelfReferenceReadsTheOuterValueAndAnUndefinedNameIsNull() {
        Binding b = new Binding();
        b.setVariable("FOO", "OTHER");
        b.setVariable("env", new java.util.HashMap<String, String>());
        assertEquals(List.of("FOO=OTHER", "BAZ=BAR", "U=VALIDnullORNOT"),
                evaluate(b, "{ -> FOO = \"${FOO ?: 'BAR'}\"; BAZ = \"${BAZ ?: 'BAR'}\"; U = \"VALID${SOMETHING_UNDEFINED}ORNOT\" }"));
    }

    @Test
    void valuesPrintAsGroovyPrintsThem() {
        Binding b = new Binding();
        b.setVariable("env", new java.util.HashMap<String, String>());
        assertEquals(List.of("F=BAR", "M=[a:z, b:BAR]", "R=[0, 1, 2]"), evaluate(b, "{ -> F = 'BAR'; M = [a: 'z', b: F]; R = (0..2) }"));
    }

    @Test
    void aCycleIsAClearError() {
        Binding b = new Binding();
        b.setVariable("env", new java.util.HashMap<String, String>());
        Executor.AbortException e = assertThrows(Executor.AbortException.class, () -> evaluate(b, "{ -> A = \"${B}\"; B = \"${A}\" }"));
        assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
    }
}
