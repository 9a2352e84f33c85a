package dev.jslc.verifier;

import java.util.List;
import org.codehaus.groovy.ast.ASTNode;

/** The lines of a source file, to cut the exact text of an AST node out of it by its positions. */
final class SourceText {
    private final List<String> lines;

    SourceText(String content) {
        if (!content.isEmpty() && content.charAt(0) == '\uFEFF') content = content.substring(1);
        this.lines = List.of(content.split("\r\n|\r|\n", -1));
    }

    /** The node's source text, or {@code fallback} when its positions are missing or out of range. */
    String of(ASTNode n, String fallback) {
        int l1 = n.getLineNumber();
        int c1 = n.getColumnNumber();
        int l2 = n.getLastLineNumber();
        int c2 = n.getLastColumnNumber();
        if (l1 < 1 || c1 < 1 || l2 < l1 || c2 < 1 || l2 > lines.size() || (l1 == l2 && c2 <= c1)) return fallback;
        StringBuilder b = new StringBuilder();
        for (int l = l1; l <= l2; l++) {
            String line = lines.get(l - 1);
            int from = l == l1 ? c1 - 1 : 0;
            int to = l == l2 ? c2 - 1 : line.length();
            if (from > line.length() || to > line.length() || from > to) return fallback;
            b.append(line, from, to);
            if (l < l2) b.append('\n');
        }
        String s = b.toString().strip();
        return s.isEmpty() ? fallback : s;
    }
}
