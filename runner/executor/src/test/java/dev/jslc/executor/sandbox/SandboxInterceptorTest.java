package dev.jslc.executor.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The interceptor's decision order, rule by rule. Cases marked "upstream:" are ported from script-security's
 * SandboxInterceptorTest (src/test/java/org/jenkinsci/plugins/scriptsecurity/sandbox/groovy/SandboxInterceptorTest.java,
 * script-security-plugin a5f0130a) with the same script, whitelist and expected signature; the scripts run under
 * groovy-sandbox 1.19's plain (non-CPS) transformer, as upstream's assertEvaluate/assertRejected run them.
 */
class SandboxInterceptorTest {
    private final List<String> notes = new ArrayList<>();

    private Object evaluate(Whitelist whitelist, String script) {
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.addCompilationCustomizers(new org.kohsuke.groovy.sandbox.SandboxTransformer());
        GroovyShell shell = new GroovyShell(SandboxInterceptorTest.class.getClassLoader(), new Binding(), cc);
        SandboxInterceptor interceptor = new SandboxInterceptor(whitelist, x -> notes.add(x.getMessage()));
        interceptor.register();
        try {
            return shell.evaluate(script);
        } finally {
            interceptor.unregister();
        }
    }

    private static Whitelist lines(String... signatures) {
        return new StaticWhitelist(List.of(signatures));
    }

    private RejectedAccessException assertRejected(Whitelist whitelist, String signature, String script) {
        RejectedAccessException x = assertThrows(RejectedAccessException.class, () -> evaluate(whitelist, script));
        assertEquals(signature, x.getSignature());
        assertEquals("Scripts not permitted to use " + signature, x.getMessage());
        assertEquals("org.jenkinsci.plugins.scriptsecurity.sandbox.RejectedAccessException: Scripts not permitted to use " + signature, x.toString());
        return x;
    }

    // ---- method selection: supertypes first (GroovyCallSiteSelector) ----

    @Test
    void supertypeSelection_theMostGeneralDeclarationIsChecked() {
        // LinkedHashMap.put is declared by HashMap and by the Map interface: the signature checked is Map's.
        assertRejected(lines("new java.util.LinkedHashMap"), "method java.util.Map put java.lang.Object java.lang.Object",
                "def m = new LinkedHashMap(); m.put('a', 1)");
        assertEquals(1, evaluate(lines("new java.util.LinkedHashMap", "method java.util.Map put java.lang.Object java.lang.Object",
                "method java.util.Map get java.lang.Object"), "def m = new LinkedHashMap(); m.put('a', 1); m.get('a')"));
        // Whitelisting the subclass's own declaration does not help: it is never the one selected.
        assertRejected(lines("new java.util.LinkedHashMap", "method java.util.HashMap put java.lang.Object java.lang.Object"),
                "method java.util.Map put java.lang.Object java.lang.Object", "def m = new LinkedHashMap(); m.put('a', 1)");
    }

    @Test
    void mapProperties() { // upstream: mapProperties (a Map property is Map.get / Map.put)
        assertEquals(42, evaluate(StaticWhitelist.stock(), "def m = [:]; m.answer = 42; m.answer"));
    }

    // ---- Groovy extension methods (DefaultGroovyMethods and the other DGM classes) ----

    @Test
    void defaultGroovyMethods() { // upstream: defaultGroovyMethods
        assertRejected(lines(), "staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods toInteger java.lang.String", "'123'.toInteger();");
        assertEquals(123, evaluate(StaticWhitelist.stock(), "'123'.toInteger();"));
        assertEquals(List.of(2, 3, 4), evaluate(StaticWhitelist.stock(), "[1, 2, 3, 4].drop(1)"));
        assertEquals(5, evaluate(StaticWhitelist.stock(), "'hello'.chars.length"));
        assertEquals(true, evaluate(StaticWhitelist.stock(), "'42'.number"));
    }

    @Test
    void validFromAnyDGMClass() { // upstream: validFromAnyDGMClass (StringGroovyMethods, not DefaultGroovyMethods)
        assertEquals("alppe", evaluate(StaticWhitelist.stock(), "String a = 'apple'; return a.replaceFirst('ppl') { it.reverse() }"));
    }

    @Test
    void extensionMethod_execute_isRejectedWithTheDgmSignature() {
        // The message Jenkins prints for "ls".execute() (Groovy 2.4's DefaultGroovyMethods is searched first).
        assertRejected(StaticWhitelist.stock(), "staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods execute java.lang.String", "'ls'.execute()");
    }

    // ---- number math (NumberMathModificationInfo) ----

    @Test
    void numberMath_isAllowedWithoutAnyWhitelist() {
        assertEquals(3, evaluate(lines(), "def a = 1; def b = 2; a + b"));
        assertEquals(6, evaluate(lines(), "def a = 2; a * 3"));
        assertEquals(1, evaluate(lines(), "7 % 3"));
        // String concatenation is not number math: it is DefaultGroovyMethods.plus(String, Object).
        assertRejected(lines(), "staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods plus java.lang.String java.lang.Object", "def s = 'a'; s + 1");
    }

    @Test
    void primitiveWidening() { // upstream: primitiveWidening / testNumbers (an Integer argument selects a long parameter)
        assertEquals(2L, evaluate(lines("staticMethod " + SandboxInterceptorTest.class.getName() + " incr long"),
                "int x = 1; " + SandboxInterceptorTest.class.getName() + ".incr(x)"));
    }

    /** Called by primitiveWidening. */
    public static long incr(long x) {
        return x + 1;
    }

    // ---- blacklist ----

    @Test
    void alwaysRejectPermanentlyBlacklisted() { // upstream: alwaysRejectPermanentlyBlacklisted
        assertRejected(lines("staticMethod java.lang.System exit int"), "staticMethod java.lang.System exit int", "System.exit(1)");
        assertRejected(lines("method java.lang.Runtime exit int", "staticMethod java.lang.Runtime getRuntime"),
                "method java.lang.Runtime exit int", "Runtime r = Runtime.getRuntime();\nr.exit(1)");
    }

    @Test
    void blacklistWinsOverAnApproval() {
        // ScriptApproval drops an approved signature that is on the blacklist; the rejection is marked dangerous.
        Whitelist approved = StaticWhitelist.approved(List.of("new java.io.File java.lang.String", "method java.lang.String toUpperCase"));
        assertEquals("A", evaluate(approved, "'a'.toUpperCase()"));
        RejectedAccessException x = assertRejected(approved, "new java.io.File java.lang.String", "new File('/tmp')");
        assertTrue(x.isDangerous());
        assertFalse(assertRejected(lines(), "method java.lang.String toUpperCase", "'a'.toUpperCase()").isDangerous());
    }

    // ---- new, casts ----

    @Test
    void newIsCheckedAgainstTheConstructorWhitelist() {
        assertRejected(StaticWhitelist.stock(), "new java.io.File java.lang.String", "new File('/etc/passwd')");
        assertEquals("ab", evaluate(StaticWhitelist.stock(), "new StringBuilder('ab').toString()"));
        // generic-whitelist lists new java.util.ArrayList java.util.Collection, not the no-argument constructor.
        assertRejected(StaticWhitelist.stock(), "new java.util.ArrayList", "new ArrayList()");
        RejectedAccessException none = assertThrows(RejectedAccessException.class, () -> evaluate(StaticWhitelist.stock(), "new StringBuilder([1], 1)"));
        assertEquals("No such constructor found: new java.lang.StringBuilder java.util.ArrayList java.lang.Integer", none.getMessage());
        assertNull(none.getSignature());
    }

    @Test
    void castAsFile() { // upstream: castAsFile (a cast that would call a constructor checks that constructor)
        assertRejected(StaticWhitelist.stock(), "new java.io.File java.lang.String", "def s = []; ('/tmp/foo' as File).each { s << it }\n");
    }

    @Test
    void typeCoercion() { // upstream: typeCoercion (a coercion to an interface checks the methods it would call)
        assertRejected(lines("staticMethod java.util.Locale getDefault"), "method java.util.Locale getCountry",
                "interface I {String getCountry()}; (Locale.getDefault() as I).getCountry()");
        assertEquals(3.0d, evaluate(lines("staticMethod java.lang.Math max int int"), "Math.max(2, 3) as double"));
    }

    // ---- GStrings ----

    @Test
    void gstringArgumentMatchesAStringParameter() { // upstream: testGString (a GString passed where String is declared)
        assertEquals(List.of("a", "b"), List.of((Object[]) evaluate(lines("method java.lang.String split java.lang.String"),
                "def sep = ','; 'a,b'.split(\"${sep}\")")));
    }

    @Test
    void gstringReceiverHasStringsMethods() { // upstream: substringGString (cf. GString.invokeMethod)
        assertEquals("FOO1", evaluate(lines("method java.lang.String toUpperCase"), "def x = 1; \"foo${x}\".toUpperCase()"));
        assertRejected(lines(), "method java.lang.String toUpperCase", "def x = 1; \"foo${x}\".toUpperCase()");
    }

    // ---- closures ----

    @Test
    void callClosureElementOfMapAsMethod() { // upstream: callClosureElementOfMapAsMethod
        assertEquals("hello", evaluate(StaticWhitelist.stock(), "def m = [ f: {return 'hello'} ]; m.f()"));
        assertEquals(15, evaluate(StaticWhitelist.stock(), "def m = [ f: {a -> return a*3} ]; m.f(5)"));
    }

    @Test
    void scriptBindingClosureVariableCall() { // upstream: scriptBindingClosureVariableCall
        assertEquals("hello", evaluate(StaticWhitelist.stock(), "f = {return 'hello'}; f()"));
    }

    @Test
    void closureBodiesAreChecked() {
        assertRejected(StaticWhitelist.stock(), "staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods execute java.lang.String",
                "[1].each { 'ls'.execute() }");
    }

    // ---- whitelist files ----

    @Test
    void theStockWhitelistsAreThePinnedUpstreamFiles() {
        StaticWhitelist stock = StaticWhitelist.stock();
        assertTrue(stock.permits("method java.util.Map get java.lang.Object"));
        assertTrue(stock.permits("staticField hudson.model.Result FAILURE")); // jenkins-whitelist
        assertFalse(stock.permits("staticMethod org.codehaus.groovy.runtime.ScriptBytecodeAdapter createRange java.lang.Object java.lang.Object boolean"));
        assertTrue(StaticWhitelist.blacklist().contains("staticMethod jenkins.model.Jenkins getInstance"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new StaticWhitelist(List.of("methd java.lang.String trim")));
        assertTrue(bad.getMessage().startsWith("not a whitelist signature: methd java.lang.String trim"), bad.getMessage());
    }

    @Test
    void eachRejectionIsReportedOnce() {
        assertRejected(lines(), "method java.lang.String toUpperCase", "'a'.toUpperCase()");
        assertEquals(List.of("Scripts not permitted to use method java.lang.String toUpperCase"), notes);
    }
}
