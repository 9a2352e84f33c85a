package dev.jslc.executor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The credentials a build can bind, read from the {@code --credentials} JSON file, and their bindings as the
 * credentials-binding plugin performs them.
 *
 * <p>The file maps an id to a credential; {@code type} is one of
 * <ul>
 *   <li>{@code string}: {@code secret} (secret text),</li>
 *   <li>{@code usernamePassword}: {@code username}, {@code password}, optional {@code usernameSecret} (default
 *       false: the user name is not masked, as for a new Jenkins credential),</li>
 *   <li>{@code file}: {@code content} (UTF-8 text) or {@code contentBase64}, optional {@code fileName} (Jenkins
 *       keeps it but writes the file under a name of its own),</li>
 *   <li>{@code sshUserPrivateKey}: {@code username}, {@code privateKey} (or a list {@code privateKeys}), optional
 *       {@code passphrase} and {@code usernameSecret},</li>
 *   <li>{@code certificate}: {@code keystoreBase64} (a PKCS#12 key store), {@code password}, optional
 *       {@code description} (what {@code aliasVariable} receives, as in the plugin).</li>
 * </ul>
 * A list of objects with an {@code id} each is accepted too.
 *
 * <p>Secret values are registered with the {@link Log} (masked in every line from then on); files go to
 * {@code <dir>@tmp/secretFiles/<uuid>/file<n>.tmp} of the current directory, mode 0400 in 0700 directories, and the
 * uuid directory is deleted when the block ends (credentials-binding's {@code UnbindableDir}).
 */
public final class Credentials {
    /** The kinds of credentials the file may hold. */
    static final List<String> TYPES = List.of("string", "usernamePassword", "file", "sshUserPrivateKey", "certificate");

    private final Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    /** Where secret files go when no current directory is given (WORKSPACE@tmp/secretFiles). */
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
                byId.put(e.getKey(), entry(file, e.getKey(), e.getValue()));
            }
        } else if (o instanceof List) {
            for (Object x : (List<Object>) o) {
                String id = x instanceof Map ? String.valueOf(((Map<String, Object>) x).get("id")) : String.valueOf(x);
                byId.put(id, entry(file, id, x));
            }
        } else {
            throw new IllegalArgumentException(file + ": expected an object of credentials by id, e.g. {\"id\": {\"type\": \"string\", \"secret\": \"…\"}}");
        }
    }

    /** One credential of the file, checked: a known type and the fields that type needs. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Path file, String id, Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(file + ": credential '" + id + "' is not an object: write {\"type\": \"string\", \"secret\": \"…\"} or another of " + TYPES);
        }
        Map<String, Object> c = (Map<String, Object>) value;
        String t = type(c);
        List<String> need;
        switch (t) {
            case "string": need = List.of("secret"); break;
            case "usernamePassword": need = List.of("username", "password"); break;
            case "file": need = List.of(); break;
            case "sshUserPrivateKey": need = List.of("username"); break;
            case "certificate": need = List.of("keystoreBase64", "password"); break;
            default:
                throw new IllegalArgumentException(file + ": credential '" + id + "' has type '" + t + "': use one of " + TYPES);
        }
        for (String k : need) {
            if (c.get(k) == null) throw new IllegalArgumentException(file + ": credential '" + id + "' (" + t + ") needs \"" + k + "\"");
        }
        if (t.equals("sshUserPrivateKey") && c.get("privateKey") == null && c.get("privateKeys") == null) {
            throw new IllegalArgumentException(file + ": credential '" + id + "' (sshUserPrivateKey) needs \"privateKey\" (or a list \"privateKeys\")");
        }
        if (t.equals("file") && c.get("content") == null && c.get("contentBase64") == null) {
            throw new IllegalArgumentException(file + ": credential '" + id + "' (file) needs \"content\" or \"contentBase64\"");
        }
        return c;
    }

    /** A binding descriptor as returned by the string/file/usernamePassword/… steps. */
    public static final class Binding implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** The binding's symbol: string, file, usernamePassword, usernameColonPassword, sshUserPrivateKey, certificate. */
        public final String kind;
        /** Its named arguments (credentialsId and the variables). */
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

    /** Environment entries (VAR=value) for one withCredentials or environment block, and the directories to delete after. */
    public static final class Bound implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** VAR=value entries, secret and public, in binding order. */
        public final List<String> env = new ArrayList<>();
        /** The variables whose values are secret (masked), in binding order. */
        public final List<String> secretVariables = new ArrayList<>();
        /** The secret values, registered with the log once the block is bound (never serialized with the program). */
        final transient List<String> secretValues = new ArrayList<>();
        /** The secretFiles/<uuid> directories of this block (as strings: a CPS local must serialize). */
        final List<String> dirs = new ArrayList<>();

        /** The log the secrets are masked in while the block is open (null once it ended). */
        transient Log log;

        /**
         * The block ended: deletes every secret directory of the block, with what is in it (UnbindableDir's unbinder:
         * deleteRecursive), and ends the masking of its secrets (BindingStep's console filter covers the body only).
         */
        public void cleanup() {
            for (String d : dirs) deleteRecursively(Paths.get(d));
            dirs.clear();
            if (log != null && secretValues != null) log.removeSecrets(secretValues);
            log = null;
        }

        /**
         * An error leaving the block, with the block's secrets masked in its messages (BindingStep's FailureHandler:
         * MaskedException.of).
         */
        public Throwable maskError(Throwable t) {
            return secretValues == null ? t : MaskedException.of(t, SecretPatterns.aggregate(secretValues));
        }

        /**
         * BindingStep's "Masking supported pattern matches of $A or $B" line (the secret variables; a Unix launcher),
         * or null when the block binds no secret value.
         */
        public String maskingMessage() {
            return maskingMessage(List.of(this));
        }

        /** The masking line of several bindings bound as one withCredentials step (an environment block's credentials). */
        public static String maskingMessage(List<Bound> bounds) {
            List<String> vars = new ArrayList<>();
            for (Bound b : bounds) {
                for (String v : b.secretVariables) if (!vars.contains(v)) vars.add(v);
            }
            if (vars.isEmpty()) return null;
            return "Masking supported pattern matches of " + vars.stream().map(v -> "$" + v).collect(Collectors.joining(" or "));
        }

        void secret(String var, String value) {
            env.add(var + "=" + value);
            if (!secretVariables.contains(var)) secretVariables.add(var);
            secretValues.add(value);
        }

        void open(String var, String value) {
            env.add(var + "=" + value);
        }
    }

    private Map<String, Object> lookup(String id) {
        Map<String, Object> c = byId.get(id);
        // MultiBinding.getCredentials
        if (c == null) throw new Executor.AbortException("Could not find credentials entry with ID '" + id + "'");
        return c;
    }

    private static String type(Map<String, Object> c) {
        Object t = c.get("type");
        if (t != null) return String.valueOf(t);
        return c.containsKey("username") ? "usernamePassword" : c.containsKey("secret") ? "string" : "file";
    }

    /**
     * The display names of the credential kinds: their descriptors' Messages.properties in plain-credentials
     * (StringCredentialsImpl.secret_text, FileCredentialsImpl.secret_file), credentials
     * (UsernamePasswordCredentialsImpl.DisplayName, CertificateCredentialsImpl.DisplayName) and ssh-credentials
     * (BasicSSHUserPrivateKey.DisplayName).
     */
    private static String displayName(String type) {
        switch (type) {
            case "string": return "Secret text";
            case "file": return "Secret file";
            case "usernamePassword": return "Username with password";
            case "sshUserPrivateKey": return "SSH Username with private key";
            case "certificate": return "Certificate";
            default: return type;
        }
    }

    /** The credential interface each binding asks for (no descriptor: MultiBinding.getCredentials prints its class name). */
    private static String expectedType(String kind) {
        switch (kind) {
            case "string": return "org.jenkinsci.plugins.plaincredentials.StringCredentials";
            case "file": return "org.jenkinsci.plugins.plaincredentials.FileCredentials";
            case "usernamePassword":
            case "usernameColonPassword": return "com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials";
            case "sshUserPrivateKey": return "com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey";
            case "certificate": return "com.cloudbees.plugins.credentials.common.StandardCertificateCredentials";
            default: return kind;
        }
    }

    /** The credential type a binding kind reads. */
    private static String typeOfBinding(String kind) {
        return kind.equals("usernameColonPassword") ? "usernamePassword" : kind;
    }

    /** A binding descriptor built by a runtime step (certificate(...), which Steps does not know). */
    public Binding binding(String kind, Map<String, Object> args) {
        return new Binding(kind, args == null ? new LinkedHashMap<>() : new LinkedHashMap<>(args));
    }

    /** The masking line of an environment block's credentials, bound as one withCredentials step (null: no secret). */
    public String maskingMessage(List<Bound> bounds) {
        return Bound.maskingMessage(bounds);
    }

    /** withCredentials(bindings) with files under the workspace's @tmp. */
    public Bound bind(List<?> bindings) {
        return bind(bindings, null);
    }

    /**
     * withCredentials(bindings) in directory {@code cwd} (the step's FilePath context: secret files go to
     * {@code cwd@tmp/secretFiles/}): the variables to set, with every secret value registered for masking. On an
     * error, the directories already written are deleted.
     */
    public Bound bind(List<?> bindings, String cwd) {
        Bound b = new Bound();
        try {
            for (Object o : bindings) {
                if (!(o instanceof Binding)) throw new Executor.AbortException("withCredentials: not a credentials binding: " + o
                        + " (use string(...), file(...), usernamePassword(...), usernameColonPassword(...), sshUserPrivateKey(...) or certificate(...))");
                bindOne((Binding) o, cwd, b);
            }
        } catch (RuntimeException e) {
            b.cleanup();
            throw e;
        }
        log.addSecrets(b.secretValues);
        b.log = log;
        return b;
    }

    private void bindOne(Binding bd, String cwd, Bound b) {
        Object idArg = bd.args.get("credentialsId");
        if (idArg == null) throw new Executor.AbortException(bd.kind + ": credentialsId is required");
        String id = String.valueOf(idArg);
        Map<String, Object> c = lookup(id);
        String have = type(c);
        if (!have.equals(typeOfBinding(bd.kind))) {
            // MultiBinding.getCredentials
            throw new Executor.AbortException("Credentials '" + id + "' is of type '" + displayName(have) + "' where '" + expectedType(bd.kind) + "' was expected");
        }
        // credentials' UsernamePasswordCredentialsImpl and ssh-credentials' BaseSSHUser: usernameSecret = false for a
        // new credential.
        boolean usernameSecret = Boolean.TRUE.equals(c.get("usernameSecret"));
        switch (bd.kind) {
            case "string": // StringBinding
                b.secret(variable(bd, "variable"), String.valueOf(c.get("secret")));
                break;
            case "file": { // FileBinding (AbstractOnDiskBinding)
                Path p = writeSecretFile(cwd, fileContent(c), b);
                b.secret(variable(bd, "variable"), p.toString());
                break;
            }
            case "usernameColonPassword": // UsernamePasswordBinding
                b.secret(variable(bd, "variable"), c.get("username") + ":" + c.get("password"));
                break;
            case "usernamePassword": { // UsernamePasswordMultiBinding
                String uv = variable(bd, "usernameVariable");
                String pv = variable(bd, "passwordVariable");
                if (usernameSecret) b.secret(uv, String.valueOf(c.get("username")));
                else b.open(uv, String.valueOf(c.get("username")));
                b.secret(pv, String.valueOf(c.get("password")));
                break;
            }
            case "sshUserPrivateKey": { // SSHUserPrivateKeyBinding
                StringBuilder keys = new StringBuilder();
                for (String k : privateKeys(c)) keys.append(k).append('\n');
                Path p = writeSecretFile(cwd, keys.toString().getBytes(StandardCharsets.UTF_8), b);
                b.secret(variable(bd, "keyFileVariable"), p.toString());
                String ppv = optionalVariable(bd, "passphraseVariable");
                if (ppv != null) b.secret(ppv, c.get("passphrase") == null ? "" : String.valueOf(c.get("passphrase")));
                String uv = optionalVariable(bd, "usernameVariable");
                if (uv != null) {
                    if (usernameSecret) b.secret(uv, String.valueOf(c.get("username")));
                    else b.open(uv, String.valueOf(c.get("username")));
                }
                break;
            }
            case "certificate": { // CertificateMultiBinding: alias, password, then the key store, all secret
                String password = String.valueOf(c.get("password"));
                String av = optionalVariable(bd, "aliasVariable");
                if (av != null) b.secret(av, c.get("description") == null ? "" : String.valueOf(c.get("description")));
                String pv = optionalVariable(bd, "passwordVariable");
                if (pv != null) b.secret(pv, password);
                byte[] store = keyStore(id, String.valueOf(c.get("keystoreBase64")), password);
                Path p = writeSecretFile(cwd, store, b);
                b.secret(variable(bd, "keystoreVariable"), p.toString());
                break;
            }
            default:
                throw new Executor.AbortException("withCredentials: unsupported binding " + bd.kind);
        }
    }

    private static String variable(Binding bd, String name) {
        String v = optionalVariable(bd, name);
        if (v == null) throw new Executor.AbortException(bd.kind + "(credentialsId: '" + bd.args.get("credentialsId") + "'): " + name + " is required");
        return v;
    }

    /** A variable argument, null when absent or blank (Util.fixEmptyAndTrim, as the bindings' setters). */
    private static String optionalVariable(Binding bd, String name) {
        Object v = bd.args.get(name);
        if (v == null) return null;
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    /** The private keys of an sshUserPrivateKey credential ({@code privateKeys}, else the one {@code privateKey}). */
    static List<String> privateKeysOf(Map<String, Object> c) {
        return privateKeys(c);
    }

    /**
     * sshagent(credentials: ids, ignoreMissing: …): starts an ssh-agent holding the keys of those sshUserPrivateKey
     * credentials (SSHAgentStepExecution.initRemoteAgent: each id once; a missing id, or one of another type, fails
     * unless ignoreMissing).
     */
    public SshAgent startSshAgent(List<?> ids, boolean ignoreMissing, String cwd) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (Object o : new java.util.LinkedHashSet<>(ids)) {
            String id = String.valueOf(o);
            Map<String, Object> c = byId.get(id);
            if (c != null && !type(c).equals("sshUserPrivateKey")) c = null; // findCredentialById(id, SSHUserPrivateKey.class)
            if (c == null && !ignoreMissing) throw new Executor.AbortException("[ssh-agent] Could not find specified credentials: " + id);
            if (c != null && !keys.contains(c)) keys.add(c);
        }
        return SshAgent.start(Executor.running(), keys, cwd);
    }

    @SuppressWarnings("unchecked")
    private static List<String> privateKeys(Map<String, Object> c) {
        Object many = c.get("privateKeys");
        if (many instanceof List) return ((List<Object>) many).stream().map(String::valueOf).collect(Collectors.toList());
        return List.of(String.valueOf(c.get("privateKey")));
    }

    private static byte[] fileContent(Map<String, Object> c) {
        if (c.get("contentBase64") != null) return Base64.getMimeDecoder().decode(String.valueOf(c.get("contentBase64")));
        return String.valueOf(c.get("content")).getBytes(StandardCharsets.UTF_8);
    }

    /** CertificateMultiBinding writes credentials.getKeyStore().store(out, password): the PKCS#12 store, stored again. */
    private static byte[] keyStore(String id, String base64, String password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)), password.toCharArray());
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ks.store(out, password.toCharArray());
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new Executor.AbortException("Credentials '" + id + "': keystoreBase64 is not a PKCS#12 key store that opens with its password: " + e.getMessage());
        }
    }

    /**
     * UnbindableDir.create then createTempFile("file", null): {@code <cwd>@tmp/secretFiles/<uuid>/file<n>.tmp}, both
     * directories mode 0700, the file 0400. The uuid directory is registered for deletion.
     */
    private Path writeSecretFile(String cwd, byte[] data, Bound b) {
        Path secrets = cwd == null ? secretFilesDir : tempDir(Paths.get(cwd)).resolve("secretFiles");
        try {
            Path dir = secrets.resolve(UUID.randomUUID().toString());
            Files.createDirectories(dir);
            b.dirs.add(dir.toString());
            chmod(secrets, "rwx------");
            chmod(dir, "rwx------");
            Path p = Files.createTempFile(dir, "file", null);
            try (OutputStream out = Files.newOutputStream(p)) {
                out.write(data);
            }
            chmod(p, "r--------");
            return p;
        } catch (IOException e) {
            throw new Executor.AbortException("cannot write secret file under " + secrets + ": " + e.getMessage());
        }
    }

    /** WorkspaceList.tempDir: the sibling directory {@code <name>@tmp}. */
    private static Path tempDir(Path ws) {
        return ws.resolveSibling(ws.getFileName() + "@tmp");
    }

    private static void chmod(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort, as FilePath.deleteRecursive on a vanished directory
        }
    }

    /** environment { VAR = credentials('id') } with files under the workspace's @tmp. */
    public Bound bindEnvironment(String var, String id) {
        return bindEnvironment(var, id, null);
    }

    /**
     * environment { VAR = credentials('id') }: the withCredentials bindings pipeline-model-definition's
     * CredentialsBindingHandler implementations give for the credential's kind (StringCredentialsHandler,
     * FileCredentialsHandler, UsernamePasswordHandler: VAR = user:password, VAR_USR, VAR_PSW;
     * SSHUserPrivateKeyHandler: VAR = key file, VAR_USR, VAR_PSW), bound in directory {@code cwd}.
     */
    public Bound bindEnvironment(String var, String id, String cwd) {
        Map<String, Object> c = byId.get(id);
        // CredentialsBindingHandler.forId: a missing id is a CredentialNotFoundException with the id as its message.
        if (c == null) throw new Executor.AbortException("Could not find credentials entry with ID '" + id + "'");
        List<Binding> bindings = new ArrayList<>();
        switch (type(c)) {
            case "string":
                bindings.add(binding("string", Map.of("credentialsId", id, "variable", var)));
                break;
            case "file":
                bindings.add(binding("file", Map.of("credentialsId", id, "variable", var)));
                break;
            case "usernamePassword":
                bindings.add(binding("usernameColonPassword", Map.of("credentialsId", id, "variable", var)));
                bindings.add(binding("usernamePassword", Map.of("credentialsId", id, "usernameVariable", var + "_USR", "passwordVariable", var + "_PSW")));
                break;
            case "sshUserPrivateKey":
                bindings.add(binding("sshUserPrivateKey", Map.of("credentialsId", id, "keyFileVariable", var, "usernameVariable", var + "_USR", "passphraseVariable", var + "_PSW")));
                break;
            default: {
                // CredentialsBindingHandler.forId: the kinds without a handler (a certificate).
                Set<String> supported = new HashSet<>(List.of("StringCredentials", "FileCredentials", "StandardUsernamePasswordCredentials", "SSHUserPrivateKey"));
                throw new Executor.AbortException("No suitable binding handler could be found for type " + implementationClass(type(c))
                        + ". Supported types are " + String.join(",", supported) + ".");
            }
        }
        return bind(bindings, cwd);
    }

    /** The class of a credential of each kind as Jenkins' stock implementations have it. */
    private static String implementationClass(String type) {
        return type.equals("certificate") ? "com.cloudbees.plugins.credentials.impl.CertificateCredentialsImpl" : type;
    }
}
