package dev.jslc.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jslc.verifier.CallSiteSelector.Selection;
import java.io.File;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Call-site selection against the real whitelists and blacklist: which method, property or constructor a call resolves
 * to (overloads, supertypes first, GDK methods) and whether it is whitelisted, blacklisted or not whitelisted.
 */
class CallSiteSelectorTest {
    private static final ValueType[] NO_ARGS = new ValueType[0];
    private static final String DGM = "org.codehaus.groovy.runtime.DefaultGroovyMethods";
    private static CallSiteSelector selector;

    @BeforeAll
    static void loadLists() {
        selector = new CallSiteSelector(Whitelist.load());
    }

    private static ValueType[] args(ValueType... a) {
        return a;
    }

    private static ValueType string() {
        return ValueType.exact(String.class);
    }

    private static ValueType integer() {
        return ValueType.exact(Integer.class);
    }

    private static void assertAllowed(String member, Selection s) {
        assertEquals(member, s.member(), s.toString());
        assertNull(s.rejection(), s.toString());
    }

    private static void assertRejected(String member, String verdict, Selection s) {
        assertEquals(member, s.member(), s.toString());
        assertEquals(member + ": " + verdict, s.rejection(), s.toString());
    }

    @Test
    void aWhitelistedInstanceMethodIsSelectedWithItsReturnType() {
        Selection s = selector.method(string(), "toUpperCase", NO_ARGS);
        assertAllowed("method java.lang.String toUpperCase", s);
        assertEquals(ValueType.exact(String.class), s.type());
        Selection split = selector.method(string(), "split", args(string()));
        assertAllowed("method java.lang.String split java.lang.String", split);
        assertEquals(String[].class, split.type().cls());
    }

    @Test
    void aMethodIsLookedUpInTheSupertypesFirst() {
        // List.add and ArrayList.add exist, but the sandbox finds (and the whitelist names) Collection.add first.
        assertAllowed("method java.util.Collection add java.lang.Object", selector.method(ValueType.declared(List.class), "add", args(string())));
        assertAllowed("method java.util.Collection add java.lang.Object", selector.method(ValueType.exact(ArrayList.class), "add", args(string())));
        // Object.equals, with a null argument.
        assertAllowed("method java.lang.Object equals java.lang.Object", selector.method(string(), "equals", args(ValueType.NULL)));
    }

    @Test
    void theMostSpecificOverloadIsTriedFirst() {
        Selection max = selector.staticMethod(ValueType.declared(Math.class), "max", args(integer(), integer()));
        assertAllowed("staticMethod java.lang.Math max int int", max);
        assertEquals(ValueType.exact(Integer.class), max.type());
    }

    @Test
    void gdkMethodsAreFoundForTheReceiverAndCheckedAsStaticMethods() {
        assertAllowed("staticMethod " + DGM + " sum java.util.Collection", selector.method(ValueType.exact(ArrayList.class), "sum", NO_ARGS));
        Selection tokenize = selector.method(string(), "tokenize", args(string()));
        assertAllowed("staticMethod " + DGM + " tokenize java.lang.String java.lang.String", tokenize);
        assertEquals(List.class, tokenize.type().cls());
        assertRejected("staticMethod " + DGM + " execute java.lang.String", "blacklisted (dangerous)", selector.method(string(), "execute", NO_ARGS));
        // A CharSequence may be a String at run time: String.execute() counts.
        assertRejected("staticMethod " + DGM + " execute java.lang.String", "blacklisted (dangerous)",
                selector.method(ValueType.declared(CharSequence.class), "execute", NO_ARGS));
    }

    @Test
    void aGStringReceiverGetsStringsMethodsButNotTheGdkOnesOfString() {
        assertAllowed("method java.lang.String toUpperCase", selector.method(ValueType.exact(groovy.lang.GString.class), "toUpperCase", NO_ARGS));
        Selection s = selector.method(ValueType.exact(groovy.lang.GString.class), "execute", NO_ARGS);
        assertNull(s.member());
        assertEquals("method groovy.lang.GString execute: no such method (the call fails at run time with MissingMethodException)", s.rejection());
    }

    @Test
    void staticMethodsAndTheBlacklist() {
        assertRejected("staticMethod java.lang.System getenv java.lang.String", "blacklisted (dangerous)",
                selector.staticMethod(ValueType.declared(System.class), "getenv", args(string())));
        assertRejected("staticMethod java.lang.Thread sleep long", "not whitelisted",
                selector.staticMethod(ValueType.declared(Thread.class), "sleep", args(ValueType.exact(Long.class))));
        // Not a static method of String: a method of the Class object.
        assertAllowed("method java.lang.Class getName", selector.staticMethod(ValueType.declared(String.class), "getName", NO_ARGS));
    }

    @Test
    void constructorsAreSelectedByTheirArguments() {
        assertRejected("new java.io.File java.lang.String", "blacklisted (dangerous)", selector.constructor(ValueType.exact(File.class), args(string())));
        assertRejected("new java.util.ArrayList int", "not whitelisted", selector.constructor(ValueType.exact(ArrayList.class), args(integer())));
        assertAllowed("new java.util.ArrayList java.util.Collection", selector.constructor(ValueType.exact(ArrayList.class), args(ValueType.exact(ArrayList.class))));
        assertAllowed("new java.util.HashMap java.util.Map", selector.constructor(ValueType.exact(HashMap.class), args(ValueType.exact(LinkedHashMap.class))));
        assertAllowed("new java.util.Date", selector.constructor(ValueType.exact(Date.class), NO_ARGS));
    }

    @Test
    void propertiesResolveToGettersGdkGettersAndFields() {
        Selection bytes = selector.property(string(), "bytes");
        assertAllowed("method java.lang.String getBytes", bytes);
        assertEquals(byte[].class, bytes.type().cls());
        Selection empty = selector.property(string(), "empty");
        assertAllowed("method java.lang.CharSequence isEmpty", empty);
        assertEquals(ValueType.exact(Boolean.class), empty.type());
        assertRejected("staticMethod " + DGM + " getText java.io.File", "not whitelisted", selector.property(ValueType.declared(File.class), "text"));
        // Array length and map keys need no check.
        Selection length = selector.property(ValueType.declared(String[].class), "length");
        assertNull(length.member());
        assertFalse(length.isRejected());
        assertEquals(ValueType.exact(Integer.class), length.type());
        assertEquals(Selection.of(ValueType.UNKNOWN), selector.property(ValueType.exact(LinkedHashMap.class), "anyKey"));
    }

    @Test
    void staticPropertiesResolveToStaticFieldsOrTheClassObject() {
        Selection max = selector.staticProperty(ValueType.declared(Integer.class), "MAX_VALUE");
        assertAllowed("staticField java.lang.Integer MAX_VALUE", max);
        assertEquals(ValueType.exact(Integer.class), max.type());
        Selection out = selector.staticProperty(ValueType.declared(System.class), "out");
        assertRejected("staticField java.lang.System out", "not whitelisted", out);
        assertEquals(java.io.PrintStream.class, out.type().cls());
        assertAllowed("method java.lang.Class getName", selector.staticProperty(ValueType.declared(String.class), "name"));
    }

    @Test
    void aPropertyWriteResolvesToItsSetter() {
        assertAllowed("method java.lang.AbstractStringBuilder setLength int",
                selector.propertySet(ValueType.declared(StringBuilder.class), "length", integer()));
        assertEquals(Selection.of(ValueType.UNKNOWN), selector.propertySet(ValueType.exact(LinkedHashMap.class), "key", string()));
    }

    @Test
    void subscriptsOfArraysNeedNoCheckOthersAreGetAt() {
        Selection element = selector.subscript(ValueType.declared(String[].class), "getAt", args(integer()));
        assertNull(element.member());
        assertEquals(ValueType.exact(String.class), element.type());
        assertAllowed("staticMethod " + DGM + " getAt java.util.List int", selector.subscript(ValueType.declared(List.class), "getAt", args(integer())));
    }

    @Test
    void jenkinsClassesTheVerifierCannotLoadAreCheckedByName() {
        assertRejected("staticMethod jenkins.model.Jenkins getInstance", "blacklisted (dangerous)",
                selector.staticMethod(ValueType.opaque("jenkins.model.Jenkins"), "getInstance", NO_ARGS));
        String runWrapper = "org.jenkinsci.plugins.workflow.support.steps.build.RunWrapper";
        assertRejected("method " + runWrapper + " getRawBuild", "blacklisted (dangerous)", selector.property(ValueType.opaque(runWrapper), "rawBuild"));
        assertRejected("method " + runWrapper + " getRawBuild", "blacklisted (dangerous)", selector.method(ValueType.opaque(runWrapper), "getRawBuild", NO_ARGS));
        Selection unlisted = selector.staticMethod(ValueType.opaque("jenkins.model.Jenkins"), "get", NO_ARGS);
        assertNull(unlisted.member());
        assertEquals("staticMethod jenkins.model.Jenkins get (0 arguments): not whitelisted", unlisted.rejection());
    }

    @Test
    void untypedReceiversAreCheckedByNameAndArity() {
        assertEquals(Selection.of(ValueType.UNKNOWN), selector.method(ValueType.UNKNOWN, "toString", NO_ARGS));
        Selection foo = selector.method(ValueType.UNKNOWN, "foo", NO_ARGS);
        assertNull(foo.member());
        assertEquals("method ? foo: not whitelisted (the receiver's type is not declared, and no whitelisted method of any class is named foo"
                + " with 0 arguments)", foo.rejection());
        Selection execute = selector.method(ValueType.UNKNOWN, "execute", NO_ARGS);
        assertEquals("staticMethod " + DGM + " execute java.lang.String", execute.member());
        assertTrue(execute.rejection().startsWith("staticMethod " + DGM + " execute java.lang.String: blacklisted (dangerous) (the receiver's type"),
                execute.rejection());
    }

    @Test
    void theScriptAndPipelineGlobalsAreNotChecked() {
        assertEquals(Selection.of(ValueType.UNKNOWN), selector.method(ValueType.OWN, "sh", args(string())));
        ValueType steps = ValueType.global("steps");
        assertEquals(Selection.of(steps), selector.method(steps, "sh", args(string())));
        assertEquals(Selection.of(ValueType.UNKNOWN), selector.property(ValueType.global("env"), "PATH"));
        assertEquals(Selection.of(ValueType.UNKNOWN), selector.method(ValueType.NULL, "foo", NO_ARGS));
        // A spread argument hides the number of arguments: nothing is resolved.
        assertEquals(Selection.of(ValueType.UNKNOWN), selector.method(string(), "format", null));
    }
}
