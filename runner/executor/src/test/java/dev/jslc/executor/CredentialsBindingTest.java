package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential kinds as credentials-binding binds them (string, file, usernamePassword, usernameColonPassword,
 * sshUserPrivateKey, certificate) and as pipeline-model-definition's CredentialsBindingHandlers bind
 * {@code credentials('id')} in {@code environment {}}. Each test names the upstream test it follows.
 */
class CredentialsBindingTest {
    @TempDir
    Path tmp;

    /** The secret-file layout: {@code <ws>@tmp/secretFiles/<uuid>/file<n>.tmp}. */
    private static final String SECRET_FILE = ".*/workspace@tmp/secretFiles/[-0-9a-f]{36}/file[0-9]+\\.tmp";

    private Path creds(String json) throws Exception {
        return LocalBuild.write(tmp, "credentials.json", json);
    }

    private Path ws(String name) {
        return tmp.resolve("workspace").resolve(name);
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * BindingStepTest#cleanupAfterRestart and CertificateMultiBindingTest#basicsPipeline (its step scripts check the
     * layout and modes): the file is written with the credential's content, under a name of Jenkins' own, mode 0400
     * in 0700 directories; its path is a secret; the uuid directory is gone after the block.
     */
    @Test
    void aSecretFileIsWrittenWhereJenkinsWritesItAndRemovedAfter() throws Exception {
        Path c = creds("{\"creds\": {\"type\": \"file\", \"fileName\": \"secret.txt\", \"content\": \"s3cr3t\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "  withCredentials([file(variable: 'SECRET', credentialsId: 'creds')]) {",
                "    sh 'cp \"$SECRET\" key; echo \"$SECRET\" > path; D=$(dirname \"$SECRET\"); stat -c %a \"$SECRET\" \"$D\" \"$(dirname \"$D\")\" > modes'",
                "    echo \"path is $SECRET\"",
                "  }",
                "}"), "--credentials", c.toString());
        assertEquals(0, r.exitCode(), r.log());
        assertEquals("s3cr3t", Files.readString(ws("key")));
        String path = Files.readString(ws("path")).trim();
        assertTrue(path.matches(SECRET_FILE), path);
        assertFalse(path.contains("secret.txt"), path);
        assertEquals(List.of("400", "700", "700"), Files.readAllLines(ws("modes")));
        assertTrue(r.lines().contains("path is ****"), r.log());
        assertTrue(r.lines().contains("Masking supported pattern matches of $SECRET"), r.log());
        assertFalse(r.log().contains("s3cr3t"), r.log());
        Path secretFiles = tmp.resolve("workspace@tmp").resolve("secretFiles");
        assertTrue(Files.isDirectory(secretFiles));
        assertEquals(List.of(), list(secretFiles));
    }

    /** UnbindableDir.create(workspace): the FilePath context is the current directory, so dir('sub') uses sub@tmp. */
    @Test
    void insideDirTheFilesGoToThatDirectorysTmp() throws Exception {
        Path c = creds("{\"creds\": {\"type\": \"file\", \"content\": \"s3cr3t\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "  dir('sub') {",
                "    withCredentials([file(variable: 'SECRET', credentialsId: 'creds')]) {",
                "      sh 'echo \"$SECRET\" > path'",
                "    }",
                "  }",
                "}"), "--credentials", c.toString());
        assertEquals(0, r.exitCode(), r.log());
        String path = Files.readString(ws("sub").resolve("path")).trim();
        assertTrue(path.startsWith(ws("sub") + "@tmp/secretFiles/"), path);
        assertEquals(List.of(), list(ws("sub@tmp").resolve("secretFiles")));
    }

    /** The unbinder runs when the body fails too (BindingStep's Callback on failure). */
    @Test
    void theFilesAreRemovedWhenTheBlockFails() throws Exception {
        Path c = creds("{\"creds\": {\"type\": \"file\", \"content\": \"s3cr3t\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "  withCredentials([file(variable: 'SECRET', credentialsId: 'creds')]) {",
                "    sh 'echo \"$SECRET\" > path'",
                "    error 'boom'",
                "  }",
                "}"), "--credentials", c.toString());
        assertEquals(2, r.exitCode(), r.log());
        assertTrue(r.lines().contains("ERROR: boom"), r.log());
        String path = Files.readString(ws("path")).trim();
        assertFalse(Files.exists(Path.of(path)), path);
        assertEquals(List.of(), list(tmp.resolve("workspace@tmp").resolve("secretFiles")));
    }

    /**
     * SSHUserPrivateKeyBindingTest#basics: the key file holds each key and a newline, the passphrase is secret, the
     * user name is secret only when the credential says so (a new Jenkins credential: not).
     */
    @Test
    void anSshKeyIsWrittenToAFileWithItsUserAndPassphrase() throws Exception {
        for (boolean usernameSecret : new boolean[] {true, false}) {
            Path dir = tmp.resolve("ssh-" + usernameSecret);
            Files.createDirectories(dir);
            Path c = LocalBuild.write(dir, "credentials.json", "{\"creds\": {\"type\": \"sshUserPrivateKey\", \"username\": \"bob\","
                    + " \"privateKey\": \"the-key\", \"passphrase\": \"s3cr3t\", \"usernameSecret\": " + usernameSecret + "}}");
            LocalBuild.Run r = LocalBuild.run(dir, String.join("\n",
                    "node {",
                    "  withCredentials([sshUserPrivateKey(keyFileVariable: 'THEKEY', passphraseVariable: 'THEPASS', usernameVariable: 'THEUSER', credentialsId: 'creds')]) {",
                    "    sh '''",
                    "      echo $THEUSER:$THEPASS > out.txt",
                    "      cat \"$THEKEY\" > key.txt",
                    "      stat -c %a \"$THEKEY\" > mode",
                    "      echo \"user $THEUSER\"",
                    "    '''",
                    "  }",
                    "}"), "--credentials", c.toString());
            assertEquals(0, r.exitCode(), r.log());
            Path w = dir.resolve("workspace");
            assertEquals("bob:s3cr3t", Files.readString(w.resolve("out.txt")).trim());
            assertEquals("the-key\n", Files.readString(w.resolve("key.txt")));
            assertEquals("400", Files.readString(w.resolve("mode")).trim());
            assertFalse(r.log().contains("s3cr3t"), r.log());
            assertEquals(!usernameSecret, r.lines().contains("user bob"), r.log());
            assertEquals(usernameSecret, r.lines().contains("user ****"), r.log());
            assertTrue(r.lines().contains(usernameSecret ? "Masking supported pattern matches of $THEKEY or $THEPASS or $THEUSER"
                    : "Masking supported pattern matches of $THEKEY or $THEPASS"), r.log());
        }
    }

    /**
     * CertificateMultiBindingTest#basics / #basicsPipeline: alias (the credential's description), password and the
     * key store file (the PKCS#12 store written again with its password, mode 0400), all three secret.
     */
    @Test
    void aCertificateIsWrittenAsAKeyStoreWithItsAliasAndPassword() throws Exception {
        Path p12 = tmp.resolve("certificate.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "androiddebugkey", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=jslc test",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "android", "-keypass", "android")
                .redirectErrorStream(true).start();
        String keytoolOut = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), keytoolOut);
        Path c = creds("{\"my-certificate\": {\"type\": \"certificate\", \"description\": \"androiddebugkey\", \"password\": \"android\","
                + " \"keystoreBase64\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(p12)) + "\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "  withCredentials([certificate(keystoreVariable: 'keystore', aliasVariable: 'alias', passwordVariable: 'password', credentialsId: 'my-certificate')]) {",
                "    sh 'printf $alias/$password/ > secrets.txt; if [ -f \"$keystore\" ]; then printf exists >> secrets.txt; else printf missing >> secrets.txt; fi'",
                "    sh 'cp \"$keystore\" copy.p12; stat -c %a \"$keystore\" > mode; echo \"$keystore\" > path'",
                "  }",
                "}"), "--credentials", c.toString());
        assertEquals(0, r.exitCode(), r.log());
        assertFalse(r.log().contains("android"), r.log());
        assertEquals("androiddebugkey/android/exists", Files.readString(ws("secrets.txt")).trim());
        assertEquals("400", Files.readString(ws("mode")).trim());
        assertTrue(Files.readString(ws("path")).trim().matches(SECRET_FILE));
        assertTrue(r.lines().contains("Masking supported pattern matches of $alias or $password or $keystore"), r.log());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ws("copy.p12"))) {
            ks.load(in, "android".toCharArray());
        }
        assertTrue(ks.isKeyEntry("androiddebugkey"));
    }

    /** BindingStepTest#incorrectType: the actual type's display name and the expected interface, no stack trace. */
    @Test
    void aCredentialOfAnotherTypeFailsWithBothTypes() throws Exception {
        Path c = creds("{\"creds\": {\"type\": \"string\", \"secret\": \"s3cr3t\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "  withCredentials([usernamePassword(usernameVariable: 'USERNAME', passwordVariable: 'PASSWORD', credentialsId: 'creds')]) {",
                "  }",
                "}"), "--credentials", c.toString());
        assertEquals(2, r.exitCode(), r.log());
        assertTrue(r.lines().contains("ERROR: Credentials 'creds' is of type 'Secret text' where"
                + " 'com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials' was expected"), r.log());
        assertFalse(r.log().contains("s3cr3t"), r.log());
        assertFalse(r.log().contains("\tat "), r.log());
    }

    /**
     * CredentialWrapperStepTest#usernamePassword (a user name marked secret) and UsernamePasswordHandler: VAR is
     * user:password, VAR_USR and VAR_PSW; SSHUserPrivateKeyHandler: VAR is the key file, VAR_USR, VAR_PSW (empty
     * without a passphrase); FileCredentialsHandler: VAR is the file's path, a secret.
     */
    @Test
    void environmentCredentialsBindWhatTheHandlersBind() throws Exception {
        Path c = creds(String.join("\n",
                "{\"FOOcredentials\": {\"type\": \"usernamePassword\", \"username\": \"bobby\", \"password\": \"s3cr37\", \"usernameSecret\": true},",
                " \"sshCred\": {\"type\": \"sshUserPrivateKey\", \"username\": \"git-user\", \"privateKey\": \"-----BEGIN RSA PRIVATE KEY-----\\nqwerty\\n-----END RSA PRIVATE KEY-----\"},",
                " \"fileCred\": {\"type\": \"file\", \"fileName\": \"credFile.txt\", \"content\": \"file-cred-content-is-here\"}}"));
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "pipeline {",
                "  agent any",
                "  environment {",
                "    FOO = credentials('FOOcredentials')",
                "    SSH_CRED = credentials('sshCred')",
                "    FILECRED = credentials('fileCred')",
                "  }",
                "  stages {",
                "    stage('foo') {",
                "      steps {",
                "        echo \"FOO_USR is ${env.FOO_USR}\"",
                "        sh 'echo \"FOO_PSW is $FOO_PSW\"; printf %s \"$FOO\" > combined.txt'",
                "        sh 'echo \"SSH_CRED_PSW is [$SSH_CRED_PSW]\"; cat \"$SSH_CRED\" > sshKey.txt; echo \"SSH_CRED_USR is $SSH_CRED_USR\"'",
                "        echo \"FILECRED is $FILECRED\"",
                "        sh 'cat \"$FILECRED\" > file.txt'",
                "      }",
                "    }",
                "  }",
                "}"), "--credentials", c.toString());
        assertEquals(0, r.exitCode(), r.log());
        assertTrue(r.lines().contains("FOO_USR is ****"), r.log());
        assertTrue(r.lines().contains("FOO_PSW is ****"), r.log());
        assertTrue(r.lines().contains("SSH_CRED_PSW is []"), r.log());
        assertTrue(r.lines().contains("SSH_CRED_USR is git-user"), r.log());
        assertTrue(r.lines().contains("FILECRED is ****"), r.log());
        assertTrue(r.lines().contains("Masking supported pattern matches of $FOO or $FOO_USR or $FOO_PSW or $SSH_CRED or $SSH_CRED_PSW or $FILECRED"), r.log());
        assertFalse(r.log().contains("s3cr37"), r.log());
        assertEquals("bobby:s3cr37", Files.readString(ws("combined.txt")));
        assertEquals("-----BEGIN RSA PRIVATE KEY-----\nqwerty\n-----END RSA PRIVATE KEY-----\n", Files.readString(ws("sshKey.txt")));
        assertEquals("file-cred-content-is-here", Files.readString(ws("file.txt")));
    }

    /** CredentialWrapperStepTest#noBindingAvailable: a certificate has no CredentialsBindingHandler. */
    @Test
    void aCertificateInEnvironmentHasNoBindingHandler() throws Exception {
        Path c = creds("{\"certCred1\": {\"type\": \"certificate\", \"password\": \"password\", \"keystoreBase64\": \"AAAA\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "pipeline {",
                "  agent any",
                "  environment { CRED1 = credentials('certCred1') }",
                "  stages { stage('foo') { steps { echo 'Hello' } } }",
                "}"), "--credentials", c.toString());
        assertEquals(2, r.exitCode(), r.log());
        assertFalse(r.lines().contains("Hello"), r.log());
        assertTrue(r.log().contains("No suitable binding handler could be found for type com.cloudbees.plugins.credentials.impl.CertificateCredentialsImpl. Supported types are "), r.log());
    }

    /** A credentials file with an unknown kind or a missing field is refused with the fix. */
    @Test
    void aBadCredentialsFileIsRefusedWithTheFix() throws Exception {
        Path unknown = creds("{\"x\": {\"type\": \"sshKey\", \"privateKey\": \"k\"}}");
        Log log = new Log(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8));
        Path secrets = tmp.resolve("secretFiles");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Credentials(unknown, secrets, log));
        assertTrue(e.getMessage().endsWith("credential 'x' has type 'sshKey': use one of [string, usernamePassword, file, sshUserPrivateKey, certificate]"), e.getMessage());
        Path missing = creds("{\"x\": {\"type\": \"certificate\", \"password\": \"p\"}}");
        e = assertThrows(IllegalArgumentException.class, () -> new Credentials(missing, secrets, log));
        assertTrue(e.getMessage().endsWith("credential 'x' (certificate) needs \"keystoreBase64\""), e.getMessage());
        // The executor reports it as bad input (exit 255, the usage exit), not a build and not a stack trace.
        assertEquals(255, LocalBuild.run(tmp, "echo 'x'", "--credentials", unknown.toString()).exitCode());
    }
}
