package dev.jslc.executor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal JSON: string escaping and a parser for the credentials file. */
final class Json {
    private Json() {}

    static String str(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static Object parse(String s) {
        Parser p = new Parser(s);
        Object v = p.value();
        p.skipWhitespace();
        if (p.pos != s.length()) throw new IllegalArgumentException("trailing data in JSON at " + p.pos);
        return v;
    }

    /** A recursive-descent parser over {@code text}; {@code pos} is the next character to read. */
    private static final class Parser {
        final String text;
        int pos;

        Parser(String text) {
            this.text = text;
        }

        void skipWhitespace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        Object value() {
            skipWhitespace();
            char c = text.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                skipWhitespace();
                if (text.charAt(pos) == '}') { pos++; return m; }
                while (true) {
                    skipWhitespace();
                    String k = (String) value();
                    skipWhitespace();
                    if (text.charAt(pos++) != ':') throw new IllegalArgumentException("expected : at " + pos);
                    m.put(k, value());
                    skipWhitespace();
                    char d = text.charAt(pos++);
                    if (d == '}') return m;
                    if (d != ',') throw new IllegalArgumentException("expected , at " + pos);
                }
            }
            if (c == '[') {
                pos++;
                List<Object> l = new ArrayList<>();
                skipWhitespace();
                if (text.charAt(pos) == ']') { pos++; return l; }
                while (true) {
                    l.add(value());
                    skipWhitespace();
                    char d = text.charAt(pos++);
                    if (d == ']') return l;
                    if (d != ',') throw new IllegalArgumentException("expected , at " + pos);
                }
            }
            if (c == '"') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    char d = text.charAt(pos++);
                    if (d == '"') return sb.toString();
                    if (d == '\\') {
                        char e = text.charAt(pos++);
                        switch (e) {
                            case 'n': sb.append('\n'); break;
                            case 't': sb.append('\t'); break;
                            case 'r': sb.append('\r'); break;
                            case 'b': sb.append('\b'); break;
                            case 'f': sb.append('\f'); break;
                            case 'u': sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16)); pos += 4; break;
                            default: sb.append(e);
                        }
                    } else sb.append(d);
                }
            }
            if (text.startsWith("true", pos)) { pos += 4; return Boolean.TRUE; }
            if (text.startsWith("false", pos)) { pos += 5; return Boolean.FALSE; }
            if (text.startsWith("null", pos)) { pos += 4; return null; }
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) pos++;
            return Double.parseDouble(text.substring(start, pos));
        }
    }
}
