package dev.jslc.executor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Credentials from a JSON file: {"id": {"type": "string", "secret": "…"}, "id2": {"type": "usernamePassword",
 * "username": "…", "password": "…"}, "id3": {"type": "file", "content": "…" (or "contentBase64"), "fileName": "…"},
 * "id4": {"type": "sshUserPrivateKey", "username": "…", "privateKey": "…", "passphrase": "…"}}.
 */
public final class Credentials {
    private final Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    /** Where secret files go (WORKSPACE@tmp/secretFiles). */
    private final Path secretFilesDir;
    /** Every secret bound is masked in this log. */
    private final Log log;

    @SuppressWarnings("unchecked")
    Credentials(Path file, Path secretFilesDir, Log log) throws IOException {
        this.secretFilesDir = secretFilesDir;
        this.log = log;
        if (file == null) return;
        Object o = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (o instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
                byId.put(e.getKey(), (Map<String, Object>) e.getValue());
            }
        } else if (o instanceof List) {
            for (Object x : (List<Object>) o) {
                Map<String, Object> m = (Map<String, Object>) x;
                byId.put(String.valueOf(m.get("id")), m);
            }
        }
    }

    /** A binding descriptor as returned by the string/file/usernamePassword steps. */
    public static final class Binding implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public final String kind;
        public final Map<String, Object> args;

        Binding(String kind, Map<String, Object> args) {
            this.kind = kind;
            this.args = args;
        }

        @Override
        public String toString() {
            return kind + "(" + args + ")";
        }
    }

    /** Environment entries (VAR=value) for one withCredentials or environment block, and files to delete after. */
    public static final class Bound implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public final List<String> env = new ArrayList<>();
        final List<Path> files = new ArrayList<>();

        public void cleanup() {
            for (Path p : files) {
                try {
                    Files.deleteIfExists(p);
                    Files.deleteIfExists(p.getParent());
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private Map<String, Object> lookup(String id) {
        Map<String, Object> c = byId.get(id);
        if (c == null) throw new Executor.AbortException("Could not find credentials entry with ID '" + id + "'");
        return c;
    }

    private String type(Map<String, Object> c) {
        return String.valueOf(c.getOrDefault("type", c.containsKey("username") ? "usernamePassword" : c.containsKey("secret") ? "string" : "file"));
    }

    private Path writeFile(Map<String, Object> c, Bound b) {
        try {
            Files.createDirectories(secretFilesDir);
            Path dir = Files.createTempDirectory(secretFilesDir, "secretFiles");
            String name = String.valueOf(c.getOrDefault("fileName", "secret"));
            Path p = dir.resolve(name);
            byte[] data;
            if (c.get("contentBase64") != null) data = Base64.getDecoder().decode(String.valueOf(c.get("contentBase64")));
            else data = String.valueOf(c.getOrDefault("content", "")).getBytes(StandardCharsets.UTF_8);
            Files.write(p, data);
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
            b.files.add(p);
            return p;
        } catch (IOException e) {
            throw new Executor.AbortException("cannot write secret file: " + e.getMessage());
        }
    }

    /** withCredentials(bindings): the variables to set, with every secret registered for masking. */
    public Bound bind(List<?> bindings) {
        Bound b = new Bound();
        for (Object o : bindings) {
            if (!(o instanceof Binding)) throw new Executor.AbortException("withCredentials: not a credentials binding: " + o);
            Binding bd = (Binding) o;
            Map<String, Object> c = lookup(String.valueOf(bd.args.get("credentialsId")));
            String t = type(c);
            switch (bd.kind) {
                case "string": {
                    require(t, "string", bd);
                    String s = String.valueOf(c.get("secret"));
                    log.addSecret(s);
                    b.env.add(bd.args.get("variable") + "=" + s);
                    break;
                }
                case "file": {
                    require(t, "file", bd);
                    Path p = writeFile(c, b);
                    log.addSecret(p.toString());
                    b.env.add(bd.args.get("variable") + "=" + p);
                    break;
                }
                case "usernamePassword": {
                    require(t, "usernamePassword", bd);
                    String u = String.valueOf(c.get("username"));
                    String pw = String.valueOf(c.get("password"));
                    log.addSecret(pw);
                    if (bd.args.get("usernameVariable") != null) b.env.add(bd.args.get("usernameVariable") + "=" + u);
                    if (bd.args.get("passwordVariable") != null) b.env.add(bd.args.get("passwordVariable") + "=" + pw);
                    break;
                }
                case "usernameColonPassword": {
                    require(t, "usernamePassword", bd);
                    String v = c.get("username") + ":" + c.get("password");
                    log.addSecret(v);
                    log.addSecret(String.valueOf(c.get("password")));
                    b.env.add(bd.args.get("variable") + "=" + v);
                    break;
                }
                case "sshUserPrivateKey": {
                    require(t, "sshUserPrivateKey", bd);
                    Map<String, Object> keyFile = new LinkedHashMap<>(c);
                    keyFile.put("content", c.get("privateKey"));
                    keyFile.putIfAbsent("fileName", "id_key");
                    Path p = writeFile(keyFile, b);
                    log.addSecret(p.toString());
                    b.env.add(bd.args.get("keyFileVariable") + "=" + p);
                    if (bd.args.get("usernameVariable") != null) b.env.add(bd.args.get("usernameVariable") + "=" + c.get("username"));
                    if (bd.args.get("passphraseVariable") != null) {
                        String pp = c.get("passphrase") == null ? "" : String.valueOf(c.get("passphrase"));
                        log.addSecret(pp);
                        b.env.add(bd.args.get("passphraseVariable") + "=" + pp);
                    }
                    break;
                }
                default:
                    throw new Executor.AbortException("withCredentials: unsupported binding " + bd.kind);
            }
        }
        return b;
    }

    private static void require(String have, String want, Binding bd) {
        if (!have.equals(want)) {
            throw new Executor.AbortException("Credentials '" + bd.args.get("credentialsId") + "' is of type " + have + " where " + want + " was expected");
        }
    }

    /** environment { VAR = credentials('id') }: secret text, file path, or user:pass with VAR_USR and VAR_PSW. */
    public Bound bindEnvironment(String var, String id) {
        Bound b = new Bound();
        Map<String, Object> c = lookup(id);
        switch (type(c)) {
            case "string": {
                String s = String.valueOf(c.get("secret"));
                log.addSecret(s);
                b.env.add(var + "=" + s);
                break;
            }
            case "file": {
                Path p = writeFile(c, b);
                b.env.add(var + "=" + p);
                break;
            }
            case "usernamePassword": {
                String u = String.valueOf(c.get("username"));
                String pw = String.valueOf(c.get("password"));
                log.addSecret(pw);
                log.addSecret(u + ":" + pw);
                b.env.add(var + "=" + u + ":" + pw);
                b.env.add(var + "_USR=" + u);
                b.env.add(var + "_PSW=" + pw);
                break;
            }
            case "sshUserPrivateKey": {
                Map<String, Object> keyFile = new LinkedHashMap<>(c);
                keyFile.put("content", c.get("privateKey"));
                keyFile.putIfAbsent("fileName", "id_key");
                Path p = writeFile(keyFile, b);
                b.env.add(var + "=" + p);
                b.env.add(var + "_USR=" + c.get("username"));
                if (c.get("passphrase") != null) {
                    log.addSecret(String.valueOf(c.get("passphrase")));
                    b.env.add(var + "_PSW=" + c.get("passphrase"));
                }
                break;
            }
            default:
                throw new Executor.AbortException("credentials('" + id + "'): unsupported type " + type(c));
        }
        return b;
    }
}
