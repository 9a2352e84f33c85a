package dev.jslc.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Ant-style patterns (as Jenkins' branch/tag conditions and file patterns use them). */
final class Glob {
    private Glob() {}

    static boolean matchesAnt(String pattern, String value, Object comparator) {
        String cmp = comparator == null ? "GLOB" : String.valueOf(comparator);
        if (cmp.equals("EQUALS")) return pattern.equals(value);
        if (cmp.equals("REGEXP")) return value.matches(pattern);
        return value.matches(antRegex(pattern));
    }

    static String antRegex(String p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*') {
                if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < p.length() && p.charAt(i + 1) == '/') {
                        i++;
                        sb.append("(?:.*/)?");
                    } else sb.append(".*");
                } else sb.append("[^/]*");
            } else if (c == '?') sb.append("[^/]");
            else sb.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return sb.toString();
    }

    /** Files under {@code base} matching comma-separated Ant patterns, minus excludes; relative paths. */
    static List<Path> files(Path base, String includes, String excludes) throws IOException {
        List<String> inc = split(includes);
        List<String> exc = split(excludes);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(base)) return out;
        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!Files.isRegularFile(p)) continue;
                String rel = base.relativize(p).toString().replace('\\', '/');
                boolean in = false;
                for (String i : inc) if (rel.matches(antRegex(dirPattern(i)))) in = true;
                for (String e : exc) if (rel.matches(antRegex(dirPattern(e)))) in = false;
                if (in) out.add(base.relativize(p));
            }
        }
        out.sort(null);
        return out;
    }

    private static String dirPattern(String p) {
        return p.endsWith("/") ? p + "**" : p;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) return out;
        for (String x : s.split(",")) {
            x = x.trim();
            if (!x.isEmpty()) out.add(x);
        }
        return out;
    }
}
