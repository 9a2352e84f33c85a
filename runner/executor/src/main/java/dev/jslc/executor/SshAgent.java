package dev.jslc.executor;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code sshagent(credentials: ['id', …], ignoreMissing: false) { … }} as the ssh-agent plugin runs it
 * (SSHAgentStepExecution with exec/ExecRemoteAgent): a real {@code ssh-agent}, each key of each
 * {@code sshUserPrivateKey} credential added with {@code ssh-add} (the key in a {@code private_key_*.key} file of
 * {@code <dir>@tmp}, mode 0600, deleted right after; a passphrase through a self-deleting {@code SSH_ASKPASS}
 * script and {@code SSH_PASSPHRASE} in ssh-add's environment, never on a command line), {@code SSH_AUTH_SOCK} and
 * {@code SSH_AGENT_PID} in the body's environment, {@code ssh-agent -k} when the body ends.
 *
 * <p>One difference: the agent's socket is created in {@code <dir>@tmp} ({@code ssh-agent -a}) rather than under
 * {@code /tmp}, because the executor runs ssh-agent on the host and container agents mount {@code <dir>@tmp} at the
 * same path (Jenkins starts ssh-agent inside the container). A path too long for a socket falls back to ssh-agent's
 * default.
 */
public final class SshAgent implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest socket path ssh-agent accepts (sun_path is 108 bytes with the terminating NUL). */
    private static final int MAX_SOCKET_PATH = 100;

    /** SSH_AUTH_SOCK and SSH_AGENT_PID, as parsed from ssh-agent's output. */
    private final Map<String, String> agentEnv;
    /** The directory holding the socket (deleted after ssh-agent -k), or null. */
    private final String socketDir;
    private boolean stopped;

    private SshAgent(Map<String, String> agentEnv, String socketDir) {
        this.agentEnv = agentEnv;
        this.socketDir = socketDir;
    }

    /** The variables of the body's environment (SSHAgentStepExecution.ExpanderImpl). */
    public List<String> envEntries() {
        return agentEnv.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList());
    }

    /** SSHAgentStepExecution.initRemoteAgent: the credentials' keys, in order, duplicates once. */
    static SshAgent start(Executor build, List<Map<String, Object>> keys, String cwd) {
        for (Map<String, Object> k : keys) build.log("[ssh-agent] Using credentials " + description(k));
        Path tmp = tempDir(cwd == null ? build.workspace : Paths.get(cwd));
        String socketDir = null;
        List<String> argv = new ArrayList<>(List.of("ssh-agent"));
        try {
            Files.createDirectories(tmp);
            Path dir = Files.createTempDirectory(tmp, "ssh-");
            Path socket = dir.resolve("agent.sock");
            if (socket.toString().length() <= MAX_SOCKET_PATH) {
                socketDir = dir.toString();
                argv.addAll(List.of("-a", socket.toString()));
            } else {
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new Executor.AbortException("Failed to run ssh-agent: cannot create " + tmp + ": " + e.getMessage());
        }
        build.log("$ " + String.join(" ", argv));
        Result r = run(build, "sshagent", argv, Map.of(), tmp, "Failed to run ssh-agent: ");
        if (r.code != 0) throw new Executor.AbortException("Failed to run ssh-agent: " + r.out);
        Map<String, String> env = new LinkedHashMap<>();
        for (String var : List.of("SSH_AUTH_SOCK", "SSH_AGENT_PID")) {
            String v = agentValue(r.out, var);
            if (v == null) throw new Executor.AbortException("Failed to run ssh-agent: no " + var + " in its output: " + r.out);
            env.put(var, v);
            build.log(var + "=" + v);
        }
        SshAgent agent = new SshAgent(env, socketDir);
        try {
            for (Map<String, Object> k : keys) {
                Object pp = k.get("passphrase");
                for (String key : Credentials.privateKeysOf(k)) agent.addIdentity(build, key, pp == null ? null : String.valueOf(pp), tmp);
            }
        } catch (RuntimeException e) {
            agent.stop();
            throw e;
        }
        build.log("[ssh-agent] Started.");
        return agent;
    }

    /** SSHAgentBuildWrapper.description: the user name, and the description in parentheses when there is one. */
    private static String description(Map<String, Object> k) {
        Object d = k.get("description");
        String desc = d == null ? "" : String.valueOf(d).trim();
        return k.get("username") + (desc.isEmpty() ? "" : " (" + desc + ")");
    }

    /** ExecRemoteAgent.addIdentity. */
    private void addIdentity(Executor build, String privateKey, String passphrase, Path tmp) {
        Path keyFile = null;
        Path askpass = null;
        try {
            keyFile = Files.createTempFile(tmp, "private_key_", ".key");
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(keyFile, privateKey, StandardCharsets.UTF_8);
            Map<String, String> env = new LinkedHashMap<>(agentEnv);
            if (passphrase != null) {
                askpass = Files.createTempFile(tmp, "askpass_", ".sh");
                Files.writeString(askpass, "#!/bin/sh\necho \"$SSH_PASSPHRASE\"\nrm \"$0\"\n", StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
                env.put("SSH_PASSPHRASE", passphrase);
                env.put("DISPLAY", "bogus"); // just to force using SSH_ASKPASS
                env.put("SSH_ASKPASS", askpass.toString());
                env.put("SSH_ASKPASS_REQUIRE", "force"); // OpenSSH 8.4+: use it even without a display
            }
            build.log("Running ssh-add (command line suppressed)");
            Result r = run(build, "sshagent", List.of("ssh-add", keyFile.toString()), env, tmp, "Failed to run ssh-add: ");
            for (String line : r.out.split("\n", -1)) {
                if (!line.isEmpty()) build.log(line);
            }
            if (r.code != 0) throw new Executor.AbortException("Failed to run ssh-add");
        } catch (IOException e) {
            throw new Executor.AbortException("Failed to run ssh-add: " + e.getMessage());
        } finally {
            try {
                if (askpass != null) Files.deleteIfExists(askpass);
                if (keyFile != null) Files.deleteIfExists(keyFile);
            } catch (IOException ignored) {
                // best effort, as FilePath.delete
            }
        }
    }

    /** ExecRemoteAgent.stop: ssh-agent -k with the agent's environment; then its socket directory is removed. */
    public void stop() {
        if (stopped) return;
        stopped = true;
        Executor build = Executor.running();
        try {
            build.log("$ ssh-agent -k");
            Result r = run(build, "sshagent", List.of("ssh-agent", "-k"), agentEnv, build.workspace, "Failed to run ssh-agent -k: ");
            for (String line : r.out.split("\n", -1)) {
                if (!line.isEmpty()) build.log(line);
            }
            if (r.code != 0) throw new Executor.AbortException("Failed to run ssh-agent -k");
            build.log("[ssh-agent] Stopped.");
        } finally {
            if (socketDir != null) deleteTree(Paths.get(socketDir));
        }
    }

    private static final class Result {
        final int code;
        final String out;

        Result(int code, String out) {
            this.code = code;
            this.out = out;
        }
    }

    /** One process with the host's environment plus {@code env}, stdout and stderr together, at most a minute. */
    private static Result run(Executor build, String step, List<String> argv, Map<String, String> env, Path cwd, String failure) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(cwd.toFile());
        pb.environment().putAll(env);
        build.audit.record(step, argv, cwd, env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new Executor.AbortException(failure + "timed out after 1 minute");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            // ssh-agent or ssh-add is not installed where the build runs.
            throw new Executor.AbortException(failure + e.getMessage() + " (install OpenSSH's client tools, e.g. the openssh-client package, where the executor runs)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Executor.AbortException(failure + "interrupted");
        }
    }

    /** ExecRemoteAgent.getAgentValue: {@code VAR=value;} in ssh-agent's Bourne shell output. */
    private static String agentValue(String out, String var) {
        int at = out.indexOf(var + "=");
        if (at < 0) return null;
        int pos = at + var.length() + 1;
        int end = out.indexOf(';', pos);
        return end < 0 ? null : out.substring(pos, end);
    }

    private static Path tempDir(Path ws) {
        return ws.resolveSibling(ws.getFileName() + "@tmp");
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
