package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets bound by withCredentials or credentials() are replaced by **** in every log line, process output too, as
 * credentials-binding's SecretPatterns masks them: every encoded form of 3 characters or more, longest first.
 */
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

    private static Log logWith(String... secrets) {
        Log log = new Log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        log.addSecrets(List.of(secrets));
        return log;
    }

    /** SecretPatterns.MINIMUM_ENCODED_LENGTH (3): shorter forms are left as they are; longer encoded forms still count. */
    @Test
    void formsShorterThanThreeCharactersAreNotMasked() {
        // BindingStepTest#maskingOfOneCharSecretShouldNotMangleOutput (JENKINS-72412): a one-character secret.
        Log one = logWith("a");
        assertEquals("+ echo a > oops", one.mask("+ echo a > oops"));
        Log two = logWith("ab");
        assertEquals("ab cab abc", two.mask("ab cab abc"));
        // The secret's own Base64 form is 4 characters: upstream masks it although the secret is shorter than 3.
        assertEquals("ab ****", two.mask("ab " + Base64.getEncoder().encodeToString("ab".getBytes(StandardCharsets.UTF_8))));
        Log three = logWith("s3c");
        assertEquals("x **** y", three.mask("x s3c y"));
        assertTrue(SecretPatterns.maskedForms(List.of("ab")).stream().allMatch(f -> f.length() >= 3));
    }

    /**
     * credentials-binding's test.Base64PatternTest#checkSecretDetected / #checkSecretNotDetected: some Base64 form of
     * the secret occurs in the Base64 of any text that contains it, at any byte offset, and none of a text that does not.
     */
    @Test
    void base64FormsCoverEveryByteOffset() {
        String[] around = {"", "1", "12", "123"};
        for (String secret : List.of("abcde", "abcd", "bcd", "ab1cde", "ab1cd", "b1cd")) {
            boolean inText = "abcde".contains(secret);
            for (String before : around) {
                for (String after : around) {
                    String text = Base64.getEncoder().encodeToString((before + "abcde" + after).getBytes(StandardCharsets.UTF_8));
                    boolean found = SecretPatterns.base64Forms(secret).stream().anyMatch(text::contains);
                    assertEquals(inText, found, secret + " in " + text);
                }
            }
        }
    }

    /** Base64SecretPatternFactoryTest#base64SecretsAreMaskedInLogs: echo -n $PASSWORD | base64 prints ****. */
    @Test
    void base64OfASecretIsMaskedInProcessOutput() throws Exception {
        String password = "}#T14'GAz&H!{$U_";
        Path creds = LocalBuild.write(tmp, "credentials.json",
                "{\"c\": {\"type\": \"usernamePassword\", \"username\": \"user\", \"password\": " + Json.str(password) + "}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "node {",
                "  withCredentials([usernamePassword(credentialsId: 'c', usernameVariable: 'USERNAME', passwordVariable: 'PASSWORD')]) {",
                "    sh 'printf %s \"$PASSWORD\" | base64; printf %s \"$PASSWORD\" | base64 | tr +/ -_; printf %s \"x$PASSWORD\" | base64'",
                "  }",
                "}"), "--credentials", creds.toString());
        assertEquals(0, r.exitCode(), r.log());
        String b64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        assertFalse(r.log().contains(password), r.log());
        assertFalse(r.log().contains(b64), r.log());
        assertFalse(r.log().contains(Base64.getUrlEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))), r.log());
        assertTrue(r.lines().contains("****"), r.log());
        // Shifted by one byte ("x" before it): the form starting at offset 1 is masked, the first characters stay.
        String shifted = Base64.getEncoder().encodeToString(("x" + password).getBytes(StandardCharsets.UTF_8));
        assertTrue(r.lines().stream().anyMatch(l -> l.endsWith("****") && shifted.startsWith(l.substring(0, l.length() - 4))), r.log());
    }

    /** BashSecretPatternFactory and AlmquistShellSecretPatternFactory: how sh -x prints a quoted secret. */
    @Test
    void shellQuotedFormsAreMaskedBeforeTheBareSecret() {
        String secret = "a'b\"c\\d(e)#";
        Set<String> forms = SecretPatterns.encodedForms(secret);
        assertTrue(forms.contains("a'\\''b\"c\\d(e)#"), forms.toString()); // bash: ' as '\''
        assertTrue(forms.contains("'a'\\''b\"c\\d(e)#'"), forms.toString()); // bash, quoted
        assertTrue(forms.contains("a'\"'\"'b\"c\\d(e)#"), forms.toString()); // ash/dash: ' as '"'"'
        assertTrue(forms.contains("a'b\"cd(e)#"), forms.toString()); // one level of backslashes removed
        Log log = logWith(secret);
        // The quoted form is longer than the secret: masked whole, so no quote is left to show it was quoted.
        assertEquals("+ : ****", log.mask("+ : 'a'\\''b\"c\\d(e)#'"));
        // AlmquistShellSecretPatternFactory has no surrounded form: the outer quotes stay.
        assertEquals("+ : '****'", log.mask("+ : 'a'\"'\"'b\"c\\d(e)#'"));
        // DollarSecretPatternFactory: a $ doubled.
        assertEquals("****", logWith("s$cr3t").mask("s$$cr3t"));
    }

    /**
     * BashSecretPatternFactoryTest#credentialsAreMaskedInLogs under the real /bin/sh -xe: the secret, quoted by the
     * shell's trace, is masked whole.
     */
    @Test
    void shTraceOfAQuotedSecretIsMasked() throws Exception {
        for (String secret : List.of("}#T14'GAz&H!{$U_", "a'b\"c\\d(e)#", "'\"'(foo)'\"'")) {
            Path dir = tmp.resolve("q" + Integer.toHexString(secret.hashCode()));
            java.nio.file.Files.createDirectories(dir);
            String json = "{\"c\": {\"type\": \"string\", \"secret\": " + Json.str(secret) + "}}";
            Path creds = LocalBuild.write(dir, "credentials.json", json);
            // The upstream test's shell is bash (its -x quotes); /bin/sh (dash here) prints words unquoted.
            LocalBuild.Run r = LocalBuild.run(dir, String.join("\n",
                    "node {",
                    "  withCredentials([string(credentialsId: 'c', variable: 'CREDENTIALS')]) {",
                    "    sh '#!/bin/bash -xe\\n: \"$CREDENTIALS\"'",
                    "    sh '#!/bin/bash -xe\\n: \"< $CREDENTIALS >\"'",
                    "    sh ': \"< $CREDENTIALS >\"'",
                    "  }",
                    "}"), "--credentials", creds.toString());
            assertEquals(0, r.exitCode(), r.log());
            assertTrue(r.lines().contains("+ : ****"), r.log());
            assertTrue(r.lines().contains("+ : '< **** >'"), r.log());
            assertTrue(r.lines().contains("+ : < **** >"), r.log());
            assertFalse(r.log().contains(secret), r.log());
        }
    }

    /** BindingStepTest#grabEnv (JENKINS-27389): the console filter covers the block's body only. */
    @Test
    void aSecretIsMaskedWhileItsBlockRunsOnly() throws Exception {
        Path creds = LocalBuild.write(tmp, "credentials.json", "{\"creds\": {\"type\": \"string\", \"secret\": \"s3cr3t\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "def extract(id) {",
                "  def v",
                "  withCredentials([string(credentialsId: id, variable: 'temp')]) {",
                "    echo \"inside: ${env.temp}\"",
                "    v = env.temp",
                "  }",
                "  v",
                "}",
                "node {",
                "  echo \"got: ${extract('creds')}\"",
                "}"), "--credentials", creds.toString());
        assertEquals(0, r.exitCode(), r.log());
        assertTrue(r.lines().contains("inside: ****"), r.log());
        assertTrue(r.lines().contains("got: s3cr3t"), r.log());
        assertTrue(r.lines().contains("Masking supported pattern matches of $temp"), r.log());
    }

    /** Two open blocks bind the same secret: it stays masked until the last one ends. */
    @Test
    void aSecretOfTwoOpenBlocksStaysMaskedUntilBothEnd() {
        Log log = logWith("s3cr3t");
        log.addSecrets(List.of("s3cr3t"));
        log.removeSecrets(List.of("s3cr3t"));
        assertEquals("****", log.mask("s3cr3t"));
        log.removeSecrets(List.of("s3cr3t"));
        assertEquals("s3cr3t", log.mask("s3cr3t"));
    }

    /** BindingStepTest#maskingExceptionInError, #maskingExceptionInNestedError, #maskingExceptionInSuppressedError. */
    @Test
    void errorsLeavingTheBlockAreMasked() throws Exception {
        // Upstream runs the nested and suppressed cases unsandboxed (CpsFlowDefinition(script, false)): --no-sandbox.
        Path creds = LocalBuild.write(tmp, "credentials.json", "{\"creds\": {\"type\": \"string\", \"secret\": \"s3cr3t\"}}");
        LocalBuild.Run error = LocalBuild.run(tmp, String.join("\n",
                "withCredentials([string(credentialsId: 'creds', variable: 'SECRET')]) {",
                "    error(/should not mention $SECRET/)",
                "}"), "--credentials", creds.toString());
        assertEquals(2, error.exitCode(), error.log());
        assertFalse(error.log().contains("s3cr3t"), error.log());
        assertTrue(error.lines().contains("ERROR: should not mention ****"), error.log());

        LocalBuild.Run nested = LocalBuild.run(tmp, String.join("\n",
                "withCredentials([string(credentialsId: 'creds', variable: 'SECRET')]) {",
                "    try {",
                "        error(/nested exception should not mention $SECRET/)",
                "    } catch (err) {",
                "        throw new Exception(\"normal exception should not mention $SECRET\", err)",
                "    }",
                "}"), "--credentials", creds.toString(), "--no-sandbox");
        assertEquals(2, nested.exitCode(), nested.log());
        assertFalse(nested.log().contains("s3cr3t"), nested.log());
        assertTrue(nested.log().contains(MaskedException.UPSTREAM_CLASS + ": normal exception should not mention ****"), nested.log());
        assertTrue(nested.log().contains("nested exception should not mention ****"), nested.log());

        LocalBuild.Run suppressed = LocalBuild.run(tmp, String.join("\n",
                "withCredentials([string(credentialsId: 'creds', variable: 'SECRET')]) {",
                "    def main = new Exception(\"normal exception should not mention $SECRET\")",
                "    main.addSuppressed(new Exception(\"suppressed exception should not mention $SECRET\"))",
                "    throw main",
                "}"), "--credentials", creds.toString(), "--no-sandbox");
        assertEquals(2, suppressed.exitCode(), suppressed.log());
        assertFalse(suppressed.log().contains("s3cr3t"), suppressed.log());
        assertTrue(suppressed.log().contains("suppressed exception should not mention ****"), suppressed.log());
        assertTrue(suppressed.log().contains("normal exception should not mention ****"), suppressed.log());
    }

    /** BindingStepTest#emptyOrBlankCredsOnExceptions (JENKINS-75914): an empty secret masks nothing. */
    @Test
    void anEmptySecretMasksNothing() throws Exception {
        Path creds = LocalBuild.write(tmp, "credentials.json", "{\"creds\": {\"type\": \"string\", \"secret\": \"\"}}");
        LocalBuild.Run r = LocalBuild.run(tmp, String.join("\n",
                "withCredentials([string(credentialsId: 'creds', variable: 'SECRET')]) {",
                "    error(/random String/)",
                "}"), "--credentials", creds.toString());
        assertEquals(2, r.exitCode(), r.log());
        assertFalse(r.log().contains("****"), r.log());
        // The variable is still a secret one (BindingStep prints the line for every secret variable, empty or not).
        assertTrue(r.lines().contains("Masking supported pattern matches of $SECRET"), r.log());
        assertTrue(r.lines().contains("ERROR: random String"), r.log());
    }
}
