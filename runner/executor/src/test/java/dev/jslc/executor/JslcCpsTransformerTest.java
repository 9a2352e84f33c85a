package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.groovy.cps.Continuable;
import com.cloudbees.groovy.cps.CpsTransformer;
import com.cloudbees.groovy.cps.NonCPS;
import com.cloudbees.groovy.cps.Outcome;
import com.cloudbees.groovy.cps.SerializableScript;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.junit.jupiter.api.Test;

/**
 * The language differences between groovy-cps 1.31 and the engine in current Jenkins, each run under both: under
 * {@link JslcCpsTransformer} a script gives what current workflow-cps gives (the upstream test it follows is named, in
 * jenkinsci/workflow-cps-plugin lib/src/test/java/com/cloudbees/groovy/cps/), under plain 1.31 {@link CpsTransformer}
 * it gives the old result, so each test fails on the executor as it was.
 */
class JslcCpsTransformerTest {
    private static final Supplier<CpsTransformer> CURRENT = JslcCpsTransformer::new;
    private static final Supplier<CpsTransformer> V131 = CpsTransformer::new;

    /** Compiles {@code script} with the transformer and runs it as a Continuable; its value, or its exception. */
    private static Outcome run(Supplier<CpsTransformer> transformer, String script) {
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setScriptBaseClass(SerializableScript.class.getName());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addStarImports(NonCPS.class.getPackage().getName());
        cc.addCompilationCustomizers(imports);
        cc.addCompilationCustomizers(transformer.get());
        Script s = new GroovyShell(new Binding(), cc).parse(script);
        return new Continuable(s).run0(new Outcome(null, null), Continuable.categories);
    }

    private static Object eval(Supplier<CpsTransformer> transformer, String script) throws Throwable {
        return run(transformer, script).replay();
    }

    private static Object evalGroovy(String script) {
        return new GroovyShell().evaluate(script);
    }

    // --- assignment expressions: CpsTransformer2Test#assignmentExprsEvalToRHS (JENKINS-62064) ---

    @Test
    void anAssignmentEvaluatesToTheValueAssigned() throws Throwable {
        String script = "def y\ndef x = (y = 5)\n[x, y]";
        assertEquals(List.of(5, 5), evalGroovy(script));
        assertEquals(List.of(5, 5), eval(CURRENT, script));
        assertEquals(Arrays.asList(null, 5), eval(V131, script));
    }

    @Test
    void chainedAndCompoundAssignmentsAsUpstreamTests() throws Throwable {
        assertEquals(List.of(1, 1, 1), eval(CURRENT, "def a = b = c = 1\n[a, b, c]"));
        assertEquals(List.of(2, 3, 4), eval(CURRENT, "def a = b = c = 1\nc += b += a += 1\n[a, b, c]"));
        assertEquals(List.of(2, 3, 4), evalGroovy("def a, b, c\na = b = c = 1\nc += b += a += 1\n[a, b, c]"));
        // 1.31: b += null fails (null has no plus).
        assertThrows(Throwable.class, () -> eval(V131, "def a = b = c = 1\nc += b += a += 1\n[a, b, c]"));
    }

    @Test
    void propertyAndIndexAssignmentsEvaluateToTheValueAssigned() throws Throwable {
        String script = "def m = [:]\ndef l = [1, 2]\n[(m.k = 'v'), (l[0] = 7), (l[1] += 3), (m.n = m.k + '!'), m, l]";
        List<?> expected = List.of("v", 7, 5, "v!", Map.of("k", "v", "n", "v!"), List.of(7, 5));
        assertEquals(expected, evalGroovy(script));
        assertEquals(expected, eval(CURRENT, script));
        assertEquals(Arrays.asList(null, null, null, null, Map.of("k", "v", "n", "v!"), List.of(7, 5)), eval(V131, script));
    }

    @Test
    void anAssignmentAsAClosuresLastStatementIsItsValue() throws Throwable {
        String script = "def x\ndef c = { x = 'set' }\ndef d = { def y = 'declared' }\n[c(), d()]";
        assertEquals(List.of("set", "declared"), evalGroovy(script));
        assertEquals(List.of("set", "declared"), eval(CURRENT, script));
        assertEquals(Arrays.asList(null, null), eval(V131, script));
    }

    @Test
    void compoundAssignmentEvaluatesItsReceiverOnce() throws Throwable {
        String script = "def calls = 0\ndef l = [10]\ndef idx = { calls++; 0 }\nl[idx()] += 5\n[l, calls]";
        assertEquals(List.of(List.of(15), 1), eval(CURRENT, script));
    }

    @Test
    void typedDeclarationsStillCast() throws Throwable {
        assertEquals("5", eval(CURRENT, "String s = 5\ns"));
        assertEquals(List.of(3), eval(CURRENT, "Set l\nl = [3]\nl.toList()"));
    }

    // --- || and &&: CpsTransformerTest#logicalOp ("rhs of || must be cast to boolean") ---

    @Test
    void logicalOperatorsGiveBooleans() throws Throwable {
        String script = "[null || 'a', 'a' && 'b', false || 'rhs', true && 'rhs', false || '', true && null, 'x' || 'y', null && 'y']";
        List<Boolean> expected = List.of(true, true, true, true, false, false, true, false);
        assertEquals(expected, evalGroovy(script));
        assertEquals(expected, eval(CURRENT, script));
        assertEquals(Arrays.asList("a", "b", "rhs", "rhs", "", null, true, false), eval(V131, script));
    }

    @Test
    void logicalOperatorsStillShortCircuit() throws Throwable {
        String script = "def n = 0\ndef hit = { n++; true }\ndef r = [true || hit(), false && hit()]\n[r, n]";
        assertEquals(List.of(List.of(true, false), 0), eval(CURRENT, script));
    }

    // --- spread: CpsTransformerTest#spread, #spreadMap ---

    @Test
    void spreadArgumentsListsAndMapsWork() throws Throwable {
        String script = "def f(a, b, c) { \"$a-$b-$c\".toString() }\n"
                + "def l = [2, 3]\ndef m = [b: 2]\n"
                + "[f(1, *l), f(*[1, 2, 3]), [*l, 4], [0, *l, *null], [*:m, a: 1], this.f(*(l + [4])), 'abc'.substring(*[1, 2]), new ArrayList(*[[5, 6]])]";
        List<?> expected = List.of("1-2-3", "1-2-3", List.of(2, 3, 4), Arrays.asList(0, 2, 3, null), Map.of("b", 2, "a", 1), "2-3-4", "b",
                List.of(5, 6));
        assertEquals(expected, eval(CURRENT, script));
        MultipleCompilationErrorsException e = assertThrows(MultipleCompilationErrorsException.class, () -> eval(V131, script));
        assertTrue(e.getMessage().contains("spread not yet supported for CPS transformation"), e.getMessage());
    }

    @Test
    void spreadArgumentsReachCpsMethodsAndClosures() throws Throwable {
        String script = "def g(x, y) { x * y }\ndef c = { p, q -> p + q }\n[g(*[6, 7]), c(*['a', 'b']), c.call(*[1, 2])]";
        assertEquals(List.of(42, "ab", 3), eval(CURRENT, script));
    }

    /** CpsTransformerTest#spreadExpression and #spreadMethodCallArguments (JENKINS-46163), for each declaration. */
    @Test
    void spreadAsUpstreamsTests() throws Throwable {
        for (String decl : List.of("def", "Object[]", "int[]")) {
            assertEquals(List.of(1, 2, 3, 4, 5), eval(CURRENT, decl + " x = [1, 2, 3]\nreturn [*x, 4, 5]"));
            assertEquals(List.of(4, 1, 2, 3, 5), eval(CURRENT, decl + " x = [1, 2, 3]\nreturn [4, *x, 5]"));
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), eval(CURRENT, decl + " x = [2, 3]\n" + decl + " y = [5, 6]\nreturn [1, *x, 4, *y, 7]"));
            assertEquals(List.of(1, 2, 3), eval(CURRENT, decl + " x = [2]\ndef id(a, b, c) { [a, b, c] }\nreturn id(1, *x, 3)"));
            assertEquals(List.of(1, 2, 3), eval(CURRENT, decl + " x = [1, 2]\ndef id(a, b, c) { [a, b, c] }\nreturn id(*x, 3)"));
        }
        assertEquals(Arrays.asList(1, null, 3), eval(CURRENT, "def x = null\ndef id(a, b, c) { [a, b, c] }\nreturn id(1, *x, 3)"));
        assertEquals(Collections.singletonList(null), eval(CURRENT, "def x = null\nreturn [*x]"));
    }

    /** CpsTransformerTest#spreadMapExpression (JENKINS-46163): the last value of a key wins. */
    @Test
    void spreadMapAsUpstreamsTests() throws Throwable {
        assertEquals(InvokerHelper.createMap(new Object[] {"a", 1, "b", 2, "c", -1}), eval(CURRENT, "def x = [a: 1, b: 2, c: 3]\nreturn [c: 4, *:x, c: -1]"));
        assertEquals(InvokerHelper.createMap(new Object[] {"d", 4, "a", 1, "b", 2, "c", 3, "e", 5}),
                eval(CURRENT, "def x = [a: 1, b: 2, c: 3]\nreturn [d: 4, *:x, e: 5]"));
        assertEquals(Map.of("a", 1), eval(CURRENT, "def x = [a: 1]\ndef id(def m) { m }\nreturn id(*:x)"));
        assertSameFailureAsGroovy("def x = [a: 1]\ndef id(String a, int i) { [a, i] }\nreturn id(*:x)");
        assertSameFailureAsGroovy("def x = [a: 1]\nreturn *:x");
        assertSameFailureAsGroovy("def x = 1\nreturn *x");
    }

    /** AbstractGroovyCpsTest#assertFailsWithSameException: the same exception class and message as plain Groovy. */
    private static void assertSameFailureAsGroovy(String script) {
        Throwable groovy = assertThrows(Throwable.class, () -> evalGroovy(script));
        Throwable cps = assertThrows(Throwable.class, () -> eval(CURRENT, script));
        assertEquals(groovy.getClass(), cps.getClass(), cps.toString());
        assertEquals(groovy.getMessage().replace("Script2", "Script1"), cps.getMessage().replaceAll("Script\\d+", "Script1"));
    }

    @Test
    void spreadMapInNamedArguments() throws Throwable {
        String script = "def f(Map m) { m.toString() }\ndef opts = [a: 1]\nf(*:opts, b: 2)";
        assertEquals("[a:1, b:2]", eval(CURRENT, script));
        MultipleCompilationErrorsException e = assertThrows(MultipleCompilationErrorsException.class, () -> eval(V131, script));
        assertTrue(e.getMessage().contains("spread map not yet supported for CPS transformation"), e.getMessage());
    }

    @Test
    void spreadingAMapIsUpstreamsError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> eval(CURRENT, "def m = [a: 1]\n[*m]"));
        assertEquals("cannot spread the type java.util.LinkedHashMap with value {a=1}, did you mean to use the spread-map operator instead?",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> eval(CURRENT, "def f(x) { x }\nf(*'s')"));
    }

    @Test
    void spreadSafeCallsAreStillRejectedAsUpstream() {
        MultipleCompilationErrorsException e = assertThrows(MultipleCompilationErrorsException.class,
                () -> eval(CURRENT, "def l = ['a']\nl*.toUpperCase()"));
        assertTrue(e.getMessage().contains("spread not yet supported for CPS transformation"), e.getMessage());
    }

    // --- method pointers: SandboxInvokerTest (#614, "Convert GStringImpl to String in the RHS of method pointers") ---

    @Test
    void aMethodPointerMayBeNamedByAGString() throws Throwable {
        String script = "def hi(x) { 'hi ' + x }\ndef n = 'hi'\ndef p = this.&\"${n}\"\np('there')";
        assertEquals("hi there", evalGroovy(script));
        assertEquals("hi there", eval(CURRENT, script));
        assertThrows(ClassCastException.class, () -> eval(V131, script));
    }

    // --- break/continue outside a loop: CpsTransformer2Test#illegalBreakStatement (JENKINS-57253) ---

    @Test
    void breakOutsideALoopIsACompileError() throws Throwable {
        String script = "sentinel = 2\nbreak";
        MultipleCompilationErrorsException e = assertThrows(MultipleCompilationErrorsException.class, () -> eval(CURRENT, script));
        assertTrue(e.getMessage().contains("the break statement is only allowed inside loops or switches\n @ line 2, column 1."), e.getMessage());
        // 1.31 compiles it and the program runs (a break with nowhere to go).
        assertNotEquals(MultipleCompilationErrorsException.class, thrownOrNull(() -> eval(V131, script)));
    }

    @Test
    void continueOutsideALoopIsACompileError() {
        String script = "def f() {\n  if (true) { continue }\n}\nf()";
        MultipleCompilationErrorsException e = assertThrows(MultipleCompilationErrorsException.class, () -> eval(CURRENT, script));
        assertTrue(e.getMessage().contains("the continue statement is only allowed inside loops\n @ line 2, column 15."), e.getMessage());
    }

    @Test
    void breakAndContinueInsideLoopsAndSwitchesStillWork() throws Throwable {
        String script = "def r = []\nfor (i in 0..5) { if (i == 1) continue; if (i == 4) break; r << i }\n"
                + "switch (1) { case 1: r << 'one'; break; default: r << 'other' }\nwhile (true) { break }\nr";
        assertEquals(List.of(0, 2, 3, "one"), eval(CURRENT, script));
    }

    private static Class<?> thrownOrNull(Executable x) {
        try {
            x.run();
            return null;
        } catch (Throwable t) {
            return t.getClass();
        }
    }

    private interface Executable {
        void run() throws Throwable;
    }

    // --- default parameters: CpsTransformer2Test#initialExpressions… (SECURITY-1710) ---

    @Test
    void aCpsCallInADefaultValueIsCalledAsAnArgument() throws Throwable {
        String script = "def g() { 7 }\ndef f(a, b = g()) { \"$a-$b\".toString() }\nf(1)";
        assertEquals("1-7", evalGroovy(script));
        assertEquals("1-7", eval(CURRENT, script));
        // 1.31: the overload f(a) is plain Groovy; g()'s CPS invocation escapes it, so f(1) returns g()'s value.
        assertEquals(7, eval(V131, script));
    }

    /** CpsTransformerTest#initialExpressionsInMethodsAreCpsTransformed and #methodsWithInitialExpressionsAreExpandedToCorrectOverloads. */
    @Test
    void defaultParametersAsUpstreamsTests() throws Throwable {
        assertEquals(false, eval(CURRENT, "def m1() { true }\ndef m2(p = m1()) { false }\nm2()"));
        assertEquals(true, eval(V131, "def m1() { true }\ndef m2(p = m1()) { false }\nm2()"));
        assertEquals(List.of("abc", "xbc", "xyc", "xyz"), eval(CURRENT,
                "def m2(a = 'a', b = 'b', c = 'c') { a + b + c }\n[m2(), m2('x'), m2('x', 'y'), m2('x', 'y', 'z')]"));
        assertEquals(List.of("abc", "xbc", "xby"), eval(CURRENT,
                "def m2(a = 'a', b, c = 'c') { a + b + c }\n[m2('b'), m2('x', 'b'), m2('x', 'b', 'y')]"));
    }

    @Test
    void defaultValuesMayReadEarlierParametersAndClosures() throws Throwable {
        String script = "def f(a, b = a + 1, c = { -> b * 2 }) { [a, b, c()] }\n[f(1), f(1, 5), f(1, 5, { -> 0 })]";
        List<?> expected = List.of(List.of(1, 2, 4), List.of(1, 5, 10), List.of(1, 5, 0));
        assertEquals(expected, evalGroovy(script));
        assertEquals(expected, eval(CURRENT, script));
    }

    @Test
    void theOverloadsOfANonCpsMethodStayNonCps() throws Throwable {
        String script = "@NonCPS def f(a, b = 2) { a + b }\n@NonCPS def g() { f(1) }\ng()";
        assertEquals(3, eval(CURRENT, script));
    }

    @Test
    void theOverloadsAreCpsTransformed() throws Throwable {
        Script s = parse(CURRENT, "def f(a, b = 2) { a + b }");
        // A CPS-transformed method throws CpsCallableInvocation when called directly (outside the CPS interpreter).
        Throwable t = assertThrows(Throwable.class, () -> s.invokeMethod("f", new Object[] {1}));
        Throwable cur = t instanceof InvokerInvocationException ? t.getCause() : t;
        assertInstanceOf(com.cloudbees.groovy.cps.impl.CpsCallableInvocation.class, cur);
        assertEquals(List.of(1), ((com.cloudbees.groovy.cps.impl.CpsCallableInvocation) cur).arguments);
        // Under 1.31 the overload is plain Groovy: it runs, and the CPS invocation comes out of the method it calls.
        Script old = parse(V131, "def f(a, b = 2) { a + b }");
        Throwable o = assertThrows(Throwable.class, () -> old.invokeMethod("f", new Object[] {1}));
        Throwable inv = o instanceof InvokerInvocationException ? o.getCause() : o;
        assertEquals(List.of(1, 2), ((com.cloudbees.groovy.cps.impl.CpsCallableInvocation) inv).arguments);
    }

    private static Script parse(Supplier<CpsTransformer> transformer, String script) {
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setScriptBaseClass(SerializableScript.class.getName());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addStarImports(NonCPS.class.getPackage().getName());
        cc.addCompilationCustomizers(imports);
        cc.addCompilationCustomizers(transformer.get());
        return new GroovyShell(new Binding(), cc).parse(script);
    }

    // --- the program stays serializable (Jenkins saves it at each step) ---

    @Test
    void theNewBlocksSerializeWhileAProgramIsSuspendedInsideThem() throws Throwable {
        Script s = parse(CURRENT, "def f(a, b) { a + b }\ndef x\ndef l = [1]\n"
                + "def r = [(x = Continuable.suspend('assign')), f(*l, Continuable.suspend('call')), [*l, Continuable.suspend('list')]]\n"
                + "[x, r]");
        Continuable c = new Continuable(s);
        Outcome o = c.run0(new Outcome(null, null), Continuable.categories);
        for (String point : List.of("assign", "call", "list")) {
            assertEquals(point, o.getNormal());
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                out.writeObject(c);
            }
            o = c.run0(new Outcome(point.length(), null), Continuable.categories);
        }
        assertEquals(List.of(6, List.of(6, 5, List.of(1, 4))), o.replay());
    }
}
