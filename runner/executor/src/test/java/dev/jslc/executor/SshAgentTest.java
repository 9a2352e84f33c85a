package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sshagent { } as the ssh-agent plugin runs it (SSHAgentStepWorkflowTest#sshAgentAvailable without an SSH server:
 * the agent is asked for its keys with ssh-add -l instead), with a real ssh-agent and keys made by ssh-keygen.
 */
class SshAgentTest {
    @TempDir
    Path tmp;

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** A new ed25519 key (with a passphrase when not null): its private key text and its fingerprint. */
    private String[] newKey(String name, String passphrase) throws Exception {
        Path key = tmp.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase == null ? "" : passphrase, "-C", name, "-f", key.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Process f = new ProcessBuilder("ssh-keygen", "-l", "-f", key + ".pub").redirectErrorStream(true).start();
        String fp = new String(f.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ")[1];
        assertEquals(0, f.waitFor());
        return new String[] {Files.readString(key), fp};
    }

    @Test
    void theAgentHoldsTheKeysWhileTheBodyRunsAndIsStoppedAfter() throws Exception {
        assumeTrue(onPath("ssh-agent") && onPath("ssh-add") && onPath("ssh-keygen"), "OpenSSH client tools");
        String[] plain = newKey("plain", null);
        String[] locked = newKey("locked", "ph-R4SE-secret");
        Path creds = LocalBuild.write(tmp, "credentials.json", "{"
                + "\"deploy\": {\"type\": \"sshUserPrivateKey\", \"username\": \"git\", \"description\": \"deploy key\", \"privateKey\": " + Json.str(plain[0]) + "},"
                + "\"locked\": {\"type\": \"sshUserPrivateKey\", \"username\": \"git\", \"privateKey\": " + Json.str(locked[0]) + ", \"passphrase\": \"ph-R4SE-secret\"}}");
        Path audit = tmp.resolve("audit.jsonl");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "  sshagent(credentials: ['deploy', 'locked', 'deploy']) {",
                "    sh 'test -S \"$SSH_AUTH_SOCK\" && ssh-add -l > keys.txt && echo \"$SSH_AGENT_PID\" > pid && echo \"$SSH_AUTH_SOCK\" > sock'",
                "  }",
                // Killed: gone, or a zombie until the container's init reaps it (ssh-agent daemonizes).
                "  sh 'p=$(cat pid); if [ -d /proc/$p ] && ! grep -q \"^State:[[:space:]]*Z\" /proc/$p/status; then echo agent still running; exit 1; fi; test ! -e \"$(cat sock)\"; echo \"agent gone: ${SSH_AUTH_SOCK:-unset}\"'",
                "}"), "--credentials", creds.toString(), "--audit", audit.toString());
        assertEquals(0, r.exitCode(), r.log());
        String keys = Files.readString(tmp.resolve("workspace").resolve("keys.txt"));
        assertTrue(keys.contains(plain[1]), keys);
        assertTrue(keys.contains(locked[1]), keys);
        assertEquals(2, keys.trim().split("\n").length, keys);
        r.indexOf("[ssh-agent] Using credentials git (deploy key)");
        r.indexOf("[ssh-agent] Using credentials git");
        assertTrue(r.indexOf("Running ssh-add (command line suppressed)") < r.indexOf("[ssh-agent] Started."), r.log());
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("SSH_AUTH_SOCK=") && l.contains("workspace@tmp/ssh-")), r.log());
        assertTrue(r.lines().stream().anyMatch(l -> l.matches("SSH_AGENT_PID=[0-9]+")), r.log());
        assertTrue(r.indexOf("[ssh-agent] Started.") < r.indexOf("[Pipeline] // sshagent"), r.log());
        assertTrue(r.indexOf("$ ssh-agent -k") < r.indexOf("[ssh-agent] Stopped."), r.log());
        r.indexOf("agent gone: unset");
        assertFalse(r.log().contains("ph-R4SE-secret"), r.log());
        // The passphrase reached ssh-add by its environment only; the key files and the askpass script are gone.
        String records = Files.readString(audit);
        for (String line : records.split("\n")) {
            if (line.contains("\"argv\":[\"ssh-add\"")) assertFalse(line.substring(0, line.indexOf("\"env\"")).contains("ph-R4SE"), line);
        }
        assertTrue(records.contains("\"SSH_PASSPHRASE\":\"ph-R4SE-secret\""), records);
        try (Stream<Path> s = Files.list(tmp.resolve("workspace@tmp"))) {
            List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("private_key_") || n.startsWith("askpass_") || n.startsWith("ssh-")).toList();
            assertEquals(List.of(), left);
        }
    }

    /** SSHAgentStepExecution.initRemoteAgent: a missing credential fails, unless ignoreMissing. */
    @Test
    void aMissingCredentialFailsUnlessIgnored() throws Exception {
        assumeTrue(onPath("ssh-agent") && onPath("ssh-add"), "OpenSSH client tools");
        Path creds = LocalBuild.write(tmp, "credentials.json", "{\"tok\": {\"type\": \"string\", \"secret\": \"s3cr3t\"}}");
        LocalBuild.Run missing = LocalBuild.run(tmp, "node { sshagent(['nope']) { echo 'not reached' } }", "--credentials", creds.toString());
        assertEquals(2, missing.exitCode(), missing.log());
        missing.indexOf("ERROR: [ssh-agent] Could not find specified credentials: nope");
        // Another type is not found either (findCredentialById with SSHUserPrivateKey.class).
        LocalBuild.Run other = LocalBuild.run(tmp, "node { sshagent(['tok']) { echo 'not reached' } }", "--credentials", creds.toString());
        other.indexOf("ERROR: [ssh-agent] Could not find specified credentials: tok");
        LocalBuild.Run ignored = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "  sshagent(credentials: ['nope'], ignoreMissing: true) {",
                "    sh 'ssh-add -l || echo \"exit $?\"'",
                "  }",
                "}"), "--credentials", creds.toString());
        assertEquals(0, ignored.exitCode(), ignored.log());
        ignored.indexOf("The agent has no identities.");
        ignored.indexOf("[ssh-agent] Stopped.");
    }
}
