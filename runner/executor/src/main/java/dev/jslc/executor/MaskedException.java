package dev.jslc.executor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An error that left a credentials block with a secret in its text, its messages masked: credentials-binding's
 * {@code impl/MaskedException} (applied by {@code BindingStep}'s {@code FailureHandler}), so the error Jenkins prints
 * after the block, when the secret is no longer masked, shows {@code ****}. Its {@code toString} names upstream's class.
 */
public final class MaskedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The class name Jenkins prints for such an error. */
    static final String UPSTREAM_CLASS = "org.jenkinsci.plugins.credentialsbinding.impl.MaskedException";

    private MaskedException(String message) {
        super(message);
    }

    @Override
    public String toString() {
        return UPSTREAM_CLASS + ": " + getMessage();
    }

    /**
     * The error with every match of {@code pattern} in its message, its causes' and its suppressed errors' replaced
     * by ****; the error itself when its printed form (stack trace included) has no match.
     *
     * <p>One deviation: an {@link Executor.AbortException} (hudson.AbortException, e.g. from {@code error}) stays an
     * AbortException with the masked message, so it is still printed as {@code ERROR: message} and caught as one;
     * Jenkins replaces it by a MaskedException too. An {@link Executor.Interrupted} is left alone (its result decides
     * the build's).
     */
    public static Throwable of(Throwable unmasked, Pattern pattern) {
        if (pattern == null || unmasked == null) return unmasked;
        return of(unmasked, Collections.newSetFromMap(new IdentityHashMap<>()), pattern);
    }

    private static Throwable of(Throwable unmasked, Set<Throwable> visited, Pattern pattern) {
        if (!visited.add(unmasked)) return new Exception("cycle");
        if (unmasked instanceof Executor.Interrupted) return unmasked;
        StringWriter text = new StringWriter();
        unmasked.printStackTrace(new PrintWriter(text));
        if (!pattern.matcher(text.toString()).find()) return unmasked;
        String message = pattern.matcher(Objects.requireNonNullElse(unmasked.getMessage(), "")).replaceAll(SecretPatterns.MASK);
        Throwable masked = unmasked instanceof Executor.AbortException ? new Executor.AbortException(message) : new MaskedException(message);
        masked.setStackTrace(unmasked.getStackTrace());
        if (unmasked.getCause() != null) masked.initCause(of(unmasked.getCause(), visited, pattern));
        for (Throwable s : unmasked.getSuppressed()) masked.addSuppressed(of(s, visited, pattern));
        return masked;
    }
}
