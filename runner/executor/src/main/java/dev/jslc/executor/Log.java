package dev.jslc.executor;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The build log: one line at a time, every supported form of every registered secret replaced by ****.
 *
 * <p>What is masked is credentials-binding's aggregate pattern ({@link SecretPatterns}): forms of three characters
 * or more, longest first, Base64 and shell-quoted forms included. Each line (a step's message, a process's output,
 * an error message) goes through it, as through the plugin's {@code MaskingOutputStream}.
 */
public final class Log {
    private final PrintStream out;
    private final Set<String> secrets = new LinkedHashSet<>();
    /** The aggregate pattern of {@link #secrets}; null when nothing is masked. */
    private Pattern pattern;

    Log(PrintStream out) {
        this.out = out;
    }

    /** Registers a secret: from now on its forms are masked (a secret too short to mask is accepted and ignored). */
    public synchronized void addSecret(String s) {
        if (s == null || s.isEmpty() || !secrets.add(s)) return;
        pattern = SecretPatterns.aggregate(secrets);
    }

    /** The line with every masked form replaced by ****. */
    public synchronized String mask(String line) {
        if (pattern == null || line == null) return line;
        return pattern.matcher(line).replaceAll(SecretPatterns.MASK);
    }

    /** Prints one line, masked. */
    public synchronized void line(String line) {
        out.println(mask(line));
        out.flush();
    }
}
