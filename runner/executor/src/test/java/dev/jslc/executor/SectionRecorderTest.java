package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recording delegate of Declarative sections: directives in order, assignments, credentials() references. */
class SectionRecorderTest {
    private static SectionRecorder record(String closureSource) {
        Closure<?> c = (Closure<?>) new GroovyShell(new Binding()).evaluate("return " + closureSource);
        SectionRecorder r = new SectionRecorder();
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(r);
        c.call();
        return r;
    }

    @Test
    void directivesAreRecordedInOrderWithoutRunningTheirBlocks() {
        SectionRecorder r = record("{ agent any; stage('A') { throw new RuntimeException('not run') }; stage(name: 'B'); options { x() } }");
        assertEquals(List.of("agent", "stage", "stage", "options"), r.directives.stream().map(d -> d.name).toList());
        assertEquals("any", r.first("agent").arg(0));
        assertEquals(2, r.all("stage").size());
        assertEquals("A", r.all("stage").get(0).arg(0));
        assertTrue(r.all("stage").get(0).closure != null);
        assertEquals("B", r.all("stage").get(1).named("name"));
        assertNull(r.all("stage").get(1).closure);
        assertNull(r.first("post"));
        assertNull(r.first("agent").arg(1));
    }

    @Test
    void assignmentsAreRecordedAndCredentialsBecomeReferences() {
        SectionRecorder r = record("{ A = 'a'; B = A + '-b'; SECRET = credentials('tok') }");
        assertEquals("a", r.assignments.get("A"));
        assertEquals("a-b", r.assignments.get("B"));
        Object secret = r.assignments.get("SECRET");
        assertTrue(secret instanceof SectionRecorder.CredentialsRef);
        assertEquals("tok", ((SectionRecorder.CredentialsRef) secret).id);
        assertTrue(r.directives.isEmpty());
    }

    @Test
    void namedArgumentsComeFromTheFirstMapThatHasThem() {
        SectionRecorder r = record("{ string(name: 'P', defaultValue: 'd'); environment name: 'E', value: 'v' }");
        assertEquals("P", r.first("string").named("name"));
        assertEquals("d", r.first("string").named("defaultValue"));
        assertEquals("v", r.first("environment").named("value"));
        assertNull(r.first("environment").named("ignoreCase"));
        assertEquals(Map.of("name", "E", "value", "v"), r.first("environment").arg(0));
    }
}
