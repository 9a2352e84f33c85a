package dev.jslc.verifier;

import java.util.LinkedHashMap;
import java.util.Map;

/** One finding: a file relative to the library directory, a 1-based position, a check name and a message. */
record Finding(String file, int line, int column, String check, String message) {
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("line", Math.max(line, 1));
        m.put("column", Math.max(column, 1));
        m.put("check", check);
        m.put("message", message);
        return m;
    }

    String key() {
        return file + '\u0000' + line + '\u0000' + column + '\u0000' + check + '\u0000' + message;
    }
}
