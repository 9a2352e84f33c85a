package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets bound by withCredentials or credentials() are replaced by **** in every log line, process output too. */
class SecretMaskingTest {
    @TempDir
    Path tmp;

    @Test
    void everyRegisteredSecretIsMaskedLongestFirst() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Log log = new Log(new PrintStream(out, true, StandardCharsets.UTF_8));
        log.addSecret("abc");
        log.addSecret("abcdef");
        log.addSecret("abc");
        log.addSecret("");
        log.addSecret(null);
        assertEquals("x **** y **** z", log.mask("x abcdef y abc z"));
        assertEquals("****:****", log.mask("abc:abcdef"));
        assertEquals("nothing secret", log.mask("nothing secret"));
        log.line("token=abcdef");
        assertEquals("token=****\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withCredentialsMasksTheSecretsInEchoAndProcessOutput() throws Exception {
        Path creds = LocalBuild.write(tmp, "credentials.json", String.join("\n",
                "{\"tok\": {\"type\": \"string\", \"secret\": \"s3cr3t-T0KEN\"},",
                " \"user\": {\"type\": \"usernamePassword\", \"username\": \"deployer\", \"password\": \"pa55-W0RD\"}}"));
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "    withCredentials([string(credentialsId: 'tok', variable: 'TOKEN'),",
                "                     usernameColonPassword(credentialsId: 'user', variable: 'USERPASS')]) {",
                "        sh 'echo \"token is $TOKEN\"; echo \"pair is $USERPASS\"'",
                "        echo \"groovy sees ${env.TOKEN}\"",
                "    }",
                "    sh 'echo \"outside: ${TOKEN:-unset}\"'",
                "}"), "--credentials", creds.toString());
        assertEquals(0, r.exitCode(), r.log());
        assertFalse(r.log().contains("s3cr3t-T0KEN"), r.log());
        assertFalse(r.log().contains("pa55-W0RD"), r.log());
        assertTrue(r.lines().contains("token is ****"), r.log());
        assertTrue(r.lines().contains("pair is ****"), r.log());
        assertTrue(r.lines().contains("groovy sees ****"), r.log());
        assertTrue(r.lines().contains("outside: unset"), r.log());
    }

    @Test
    void environmentCredentialsMaskThePasswordAndThePairButNotTheUserName() throws Exception {
        Path creds = LocalBuild.write(tmp, "credentials.json",
                "{\"user\": {\"type\": \"usernamePassword\", \"username\": \"deployer\", \"password\": \"pa55-W0RD\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "pipeline {",
                "    agent any",
                "    environment { REGISTRY = credentials('user') }",
                "    stages {",
                "        stage('Use') {",
                "            steps { sh 'echo \"all=$REGISTRY user=$REGISTRY_USR password=$REGISTRY_PSW\"' }",
                "        }",
                "    }",
                "}"), "--credentials", creds.toString());
        assertEquals(0, r.exitCode(), r.log());
        assertFalse(r.log().contains("pa55-W0RD"), r.log());
        assertTrue(r.lines().contains("all=**** user=deployer password=****"), r.log());
    }

    @Test
    void aMissingCredentialFailsTheBuildWithJenkinsMessage() throws Exception {
        Path creds = LocalBuild.write(tmp, "credentials.json", "{}");
        LocalBuild.Run r = LocalBuild.run(tmp,
                "withCredentials([string(credentialsId: 'nope', variable: 'X')]) { echo 'not reached' }",
                "--credentials", creds.toString());
        assertEquals(2, r.exitCode(), r.log());
        assertTrue(r.lines().contains("ERROR: Could not find credentials entry with ID 'nope'"), r.log());
    }
}
