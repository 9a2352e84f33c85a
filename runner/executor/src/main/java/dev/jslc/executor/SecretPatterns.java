package dev.jslc.executor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The forms of a secret that credentials-binding masks, and the one regular expression that matches them all.
 *
 * <p>Follows credentials-binding-plugin's {@code masking/SecretPatterns.getAggregateSecretPattern}: every non-empty
 * secret is expanded by each {@code SecretPatternFactory} (literal, Base64, bash quoting, Almquist shell quoting,
 * {@code $$} doubling, batch {@code ^} unquoting); forms shorter than {@link #MINIMUM_ENCODED_LENGTH} characters are
 * dropped (so a one- or two-character secret is not masked literally, though a longer encoded form of it may be);
 * the rest are sorted longest first (ties in string order), quoted, and joined with {@code |}, so a secret that
 * contains another is masked as the longer one and a quoted form is masked before the bare secret inside it.
 */
public final class SecretPatterns {
    /** credentials-binding's {@code SecretPatterns.MINIMUM_ENCODED_LENGTH}: shorter forms are never masked. */
    public static final int MINIMUM_ENCODED_LENGTH = 3;

    /** What a masked form is replaced by (credentials-binding's {@code MaskingOutputStream}). */
    public static final String MASK = "****";

    private static final Comparator<String> BY_LENGTH_DESCENDING =
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder());

    private SecretPatterns() {}

    /**
     * The pattern that masks every form of every secret, or null when nothing is to be masked (no secret, or only
     * forms shorter than the minimum).
     */
    public static Pattern aggregate(Collection<String> secrets) {
        String pattern = maskedForms(secrets).stream().map(Pattern::quote).collect(Collectors.joining("|"));
        return pattern.isEmpty() ? null : Pattern.compile(pattern);
    }

    /** The forms that are masked, in the order the pattern tries them (longest first, no duplicates). */
    public static List<String> maskedForms(Collection<String> secrets) {
        return secrets.stream()
                .filter(s -> s != null && !s.isEmpty())
                .flatMap(s -> encodedForms(s).stream())
                .filter(f -> f.length() >= MINIMUM_ENCODED_LENGTH)
                .sorted(BY_LENGTH_DESCENDING)
                .distinct()
                .collect(Collectors.toList());
    }

    /** Every encoded form of one secret, as the plugin's pattern factories produce them (before the length filter). */
    public static Set<String> encodedForms(String secret) {
        Set<String> out = new LinkedHashSet<>();
        out.add(secret); // LiteralSecretPatternFactory
        out.addAll(base64Forms(secret));
        out.addAll(bashForms(secret));
        out.add(almquistShellForm(secret));
        // DollarSecretPatternFactory: a $ doubled, as Pipeline's $$ escaping prints it.
        if (secret.contains("$")) out.add(secret.replace("$", "$$"));
        // BatchSecretPatternFactory: a ^ (cmd.exe's escape) removed, ^^ read as ^.
        if (secret.contains("^")) out.add(secret.replaceAll("(\\^)(\\^?)", "$2"));
        return out;
    }

    /**
     * Base64SecretPatternFactory.getBase64Forms: the secret encoded with the standard and URL-safe alphabets, also
     * when it starts at byte offset 1 or 2 of a three-byte group (a prefix of "a" or "aa" encoded with it and its
     * characters cut off), each with and without its padding (the character before the padding, which depends on
     * what follows, removed too).
     */
    static List<String> base64Forms(String secret) {
        List<String> out = new ArrayList<>();
        if (secret.isEmpty()) return out;
        Base64.Encoder[] encoders = {Base64.getEncoder(), Base64.getUrlEncoder()};
        for (String shift : new String[] {"", "a", "aa"}) {
            for (Base64.Encoder encoder : encoders) {
                String encoded = encoder.encodeToString((shift + secret).getBytes(StandardCharsets.UTF_8));
                String form = shift.isEmpty() ? encoded : encoded.substring(2 * shift.length());
                out.add(form);
                out.add(withoutPadding(form));
            }
        }
        return out;
    }

    private static String withoutPadding(String form) {
        if (form.endsWith("==")) return form.substring(0, form.length() - 3);
        if (form.endsWith("=")) return form.substring(0, form.length() - 2);
        return form;
    }

    /**
     * BashSecretPatternFactory: the secret with each ' written as '\'' (how {@code bash -x} prints a quoted word),
     * that form inside single quotes, and the secret with one level of backslashes removed.
     */
    static List<String> bashForms(String secret) {
        String quoted = secret.replace("'", "'\\''");
        List<String> out = new ArrayList<>();
        out.add(quoted);
        out.add("'" + quoted + "'");
        out.add(secret.replaceAll("(\\\\)(\\\\?)", "$2"));
        return out;
    }

    /**
     * AlmquistShellSecretPatternFactory: how ash ({@code sh -x} on Alpine) quotes a word: each run of ' is written
     * as '"…"' (closing the single quotes, the quotes inside double quotes, reopening).
     */
    static String almquistShellForm(String secret) {
        StringBuilder sb = new StringBuilder(secret.length());
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c != '\'') {
                sb.append(c);
                continue;
            }
            sb.append("'\"'");
            while (i + 1 < secret.length() && secret.charAt(i + 1) == '\'') {
                sb.append('\'');
                i++;
            }
            sb.append("\"'");
        }
        return sb.toString();
    }
}
