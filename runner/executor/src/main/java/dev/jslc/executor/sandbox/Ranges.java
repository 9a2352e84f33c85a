package dev.jslc.executor.sandbox;

import groovy.lang.EmptyRange;
import groovy.lang.IntRange;
import groovy.lang.ObjectRange;
import org.codehaus.groovy.syntax.Types;
import org.kohsuke.groovy.sandbox.impl.Checker;

/**
 * A range expression ({@code a..b}, {@code a..<b}) in untrusted code, checked as current groovy-sandbox checks it
 * (Checker.checkedCreateRange, added with SECURITY-2824 in 2022, after 1.19): integers make a checked
 * {@code new groovy.lang.IntRange boolean int int}, an empty exclusive range a checked {@code new groovy.lang.EmptyRange
 * java.lang.Comparable}, other endpoints an ObjectRange after checking the {@code compareTo}/{@code next}/{@code previous}
 * calls it makes on them. The stock whitelists of that change no longer list
 * {@code staticMethod org.codehaus.groovy.runtime.ScriptBytecodeAdapter createRange …}, which groovy-cps 1.31 calls
 * for a range, so {@link SandboxTransformer} calls this instead.
 */
public final class Ranges {
    private Ranges() {}

    /** The range {@code from..to} ({@code from..<to} when not inclusive), its construction checked by the sandbox. */
    public static Object checkedCreateRange(Object from, Object to, boolean inclusive) throws Throwable {
        if (from instanceof Integer && to instanceof Integer) {
            if (inclusive || !from.equals(to)) return Checker.checkedConstructor(IntRange.class, new Object[] {inclusive, from, to});
        }
        if (!inclusive) {
            if (Boolean.TRUE.equals(Checker.checkedComparison(from, Types.COMPARE_EQUAL, to))) {
                return Checker.checkedConstructor(EmptyRange.class, new Object[] {from});
            }
            if (Boolean.TRUE.equals(Checker.checkedComparison(from, Types.COMPARE_GREATER_THAN, to))) {
                to = Checker.checkedCall(to, false, false, "next", new Object[0]);
            } else {
                to = Checker.checkedCall(to, false, false, "previous", new Object[0]);
            }
        }
        checkRangeMethods(from);
        checkRangeMethods(to);
        @SuppressWarnings({"rawtypes", "unchecked"})
        ObjectRange r = new ObjectRange((Comparable) from, (Comparable) to);
        return r;
    }

    /** ObjectRange calls compareTo, next and previous on its endpoints: check them all before creating it. */
    private static void checkRangeMethods(Object value) throws Throwable {
        if (value == null) return;
        org.kohsuke.groovy.sandbox.GroovyInterceptor.Invoker none = new org.kohsuke.groovy.sandbox.GroovyInterceptor.Invoker() {
            @Override public Object call(Object receiver, String method) { return null; }
            @Override public Object call(Object receiver, String method, Object arg1) { return null; }
            @Override public Object call(Object receiver, String method, Object arg1, Object arg2) { return null; }
            @Override public Object call(Object receiver, String method, Object... args) { return null; }
        };
        for (org.kohsuke.groovy.sandbox.GroovyInterceptor i : org.kohsuke.groovy.sandbox.GroovyInterceptor.getApplicableInterceptors()) {
            i.onMethodCall(none, value, "compareTo", new Object[] {null});
            i.onMethodCall(none, value, "next");
            i.onMethodCall(none, value, "previous");
        }
    }
}
