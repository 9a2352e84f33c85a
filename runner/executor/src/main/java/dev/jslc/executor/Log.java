package dev.jslc.executor;

import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The build log: one line at a time, every supported form of every secret of the credentials blocks now open
 * replaced by ****.
 *
 * <p>What is masked is credentials-binding's aggregate pattern ({@link SecretPatterns}): forms of three characters
 * or more, longest first, Base64 and shell-quoted forms included. Each line (a step's message, a process's output,
 * an error message) goes through it, as through the plugin's {@code MaskingOutputStream}. As in Jenkins, a secret is
 * masked while its block runs (BindingStep's console filter covers the body only): {@link #addSecrets} when the
 * block binds, {@link #removeSecrets} when it ends; errors leaving the block are masked by {@link MaskedException}.
 * The one difference: the executor has one log for all parallel branches, so a block's secrets are masked in the
 * lines of the branches beside it too (Jenkins masks only the block's own branch).
 */
public final class Log {
    private final PrintStream out;
    /** The secrets of the open blocks, with how many open blocks bound each. */
    private final Map<String, Integer> secrets = new LinkedHashMap<>();
    /** The aggregate pattern of {@link #secrets}; null when nothing is masked. */
    private Pattern pattern;

    Log(PrintStream out) {
        this.out = out;
    }

    /** Registers one secret until the end of the build (a secret too short to mask is accepted and ignored). */
    public synchronized void addSecret(String s) {
        if (s == null || s.isEmpty()) return;
        secrets.merge(s, 1, Integer::sum);
        pattern = SecretPatterns.aggregate(secrets.keySet());
    }

    /** A credentials block binds: its secrets are masked until {@link #removeSecrets} with the same values. */
    public synchronized void addSecrets(Collection<String> values) {
        for (String s : values) {
            if (s != null && !s.isEmpty()) secrets.merge(s, 1, Integer::sum);
        }
        pattern = SecretPatterns.aggregate(secrets.keySet());
    }

    /** A credentials block ends: its secrets are no longer masked, unless another open block bound them too. */
    public synchronized void removeSecrets(Collection<String> values) {
        for (String s : values) {
            if (s != null && !s.isEmpty()) secrets.computeIfPresent(s, (k, n) -> n > 1 ? n - 1 : null);
        }
        pattern = SecretPatterns.aggregate(secrets.keySet());
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
