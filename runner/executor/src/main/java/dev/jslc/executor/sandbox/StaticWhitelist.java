package dev.jslc.executor.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A whitelist of signature lines (script-security's StaticWhitelist and EnumeratingWhitelist): {@code method C m P…},
 * {@code staticMethod C m P…}, {@code new C P…}, {@code field C f}, {@code staticField C f}; {@code #} starts a
 * comment; {@code *} as a method or field name matches any name of that class. A member is permitted when the line
 * of its declaring class is listed (no supertype matching: the caller picks the most general declaration first).
 *
 * <p>{@link #stock()} is script-security's stock list (generic-whitelist + jenkins-whitelist), {@link #blacklist()}
 * its blacklist: the files are the verifier's pinned copies (verifier/src/main/resources/whitelists/SOURCES.md),
 * copied into the jar by runner/executor/pom.xml.
 */
public final class StaticWhitelist implements Whitelist {
    /** Where the build puts the whitelist files in the jar. */
    static final String RESOURCE_DIR = "/dev/jslc/executor/sandbox/whitelists/";

    /**
     * Signatures the sandbox rejects whatever a whitelist says (StaticWhitelist.PERMANENTLY_BLACKLISTED_*):
     * exiting the JVM, and groovy-sandbox's own constructor wrappers.
     */
    static final Set<String> PERMANENTLY_BLACKLISTED = Set.of(
            "method java.lang.Runtime exit int",
            "method java.lang.Runtime halt int",
            "staticMethod java.lang.System exit int",
            "new org.kohsuke.groovy.sandbox.impl.Checker$SuperConstructorWrapper java.lang.Object[]",
            "new org.kohsuke.groovy.sandbox.impl.Checker$ThisConstructorWrapper java.lang.Object[]");

    private final Set<String> lines = new HashSet<>();
    /** {@code method C} / {@code field C} … of the {@code *} lines. */
    private final Set<String> wildcards = new HashSet<>();

    /** A whitelist of these lines (comments and blank lines skipped); throws on a line of unknown form. */
    public StaticWhitelist(Collection<String> signatureLines) {
        for (String raw : signatureLines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] t = line.split(" ");
            boolean ok;
            switch (t[0]) {
                case "method": case "staticMethod": ok = t.length >= 3; break;
                case "new": ok = t.length >= 2; break;
                case "field": case "staticField": ok = t.length == 3; break;
                default: ok = false;
            }
            if (!ok) throw new IllegalArgumentException("not a whitelist signature: " + line
                    + " (expected method|staticMethod CLASS NAME TYPE…, new CLASS TYPE…, field|staticField CLASS NAME)");
            if (t.length >= 3 && t[2].equals("*") && !t[0].equals("new")) wildcards.add(t[0] + " " + t[1]);
            lines.add(String.join(" ", t));
        }
    }

    /** script-security's stock whitelists: generic-whitelist and jenkins-whitelist. */
    public static StaticWhitelist stock() {
        List<String> all = new java.util.ArrayList<>(resourceLines("generic-whitelist"));
        all.addAll(resourceLines("jenkins-whitelist"));
        return new StaticWhitelist(all);
    }

    private static volatile Set<String> blacklist;

    /** script-security's blacklist: signatures that are rejected and must never be approved. */
    public static Set<String> blacklist() {
        Set<String> b = blacklist;
        if (b == null) {
            Set<String> s = new HashSet<>();
            for (String l : resourceLines("blacklist")) {
                l = l.trim();
                if (!l.isEmpty() && !l.startsWith("#")) s.add(l);
            }
            blacklist = b = Set.copyOf(s);
        }
        return b;
    }

    static List<String> resourceLines(String name) {
        try (InputStream in = StaticWhitelist.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("the executor jar has no " + RESOURCE_DIR + name + ": rebuild it with"
                        + " scripts/build-executor.sh (runner/executor/pom.xml copies it from verifier/src/main/resources/whitelists/)");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.lines().toList();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE_DIR + name + ": " + e.getMessage(), e);
        }
    }

    /** Whether this exact signature line (or its class's wildcard) is listed. */
    public boolean permits(String signature) {
        if (lines.contains(signature)) return true;
        String[] t = signature.split(" ");
        return t.length >= 3 && !t[0].equals("new") && wildcards.contains(t[0] + " " + t[1]);
    }

    @Override public boolean permitsMethod(Method method, Object receiver, Object[] args) {
        return permits("method " + Signatures.methodDetails(method));
    }

    @Override public boolean permitsConstructor(Constructor<?> constructor, Object[] args) {
        return permits(Signatures.constructor(constructor));
    }

    @Override public boolean permitsStaticMethod(Method method, Object[] args) {
        return permits("staticMethod " + Signatures.methodDetails(method));
    }

    @Override public boolean permitsFieldGet(Field field, Object receiver) {
        return permits("field " + Signatures.name(field.getDeclaringClass()) + " " + field.getName());
    }

    @Override public boolean permitsStaticFieldGet(Field field) {
        return permits("staticField " + Signatures.name(field.getDeclaringClass()) + " " + field.getName());
    }

    /**
     * Approved signatures (as an administrator approves them in script approval), without those on the blacklist:
     * ScriptApproval drops a blacklisted signature from its approved list (ScriptApproval.java, "isBlacklisted"), so
     * the blacklist wins over an approval.
     */
    public static StaticWhitelist approved(Collection<String> signatures) {
        List<String> kept = new java.util.ArrayList<>();
        for (String s : signatures) if (!blacklist().contains(s.trim())) kept.add(s);
        return new StaticWhitelist(kept);
    }
}
