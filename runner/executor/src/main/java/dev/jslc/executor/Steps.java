package dev.jslc.executor;

import com.cloudbees.groovy.cps.Continuable;
import dev.jslc.executor.Executor.AbortException;
import dev.jslc.executor.Executor.Interrupted;
import groovy.lang.Closure;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The steps that are plain (non-CPS) functions. Blocking ones suspend their branch with a BlockingWork request. */
final class Steps {
    private final Executor build;

    static final java.util.List<String> STEP_NAMES = java.util.List.of("archiveArtifacts", "catchError", "checkout", "deleteDir", "dir",
            "echo", "error", "file", "fileExists", "fingerprint", "git", "input", "isUnix", "junit", "libraryResource", "lock", "milestone", "node", "parallel",
            "pwd", "readFile", "retry", "script", "sh", "sleep", "stage", "stash", "string", "timeout", "timestamps", "unstable",
            "unstash", "sshUserPrivateKey", "usernameColonPassword", "usernamePassword", "warnError", "withCredentials", "withEnv", "writeFile", "ws");

    /** Like java.lang.NoSuchMethodError from workflow-cps' DSL, as a build failure with a message. */
    static final class NoSuchStep extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSuchStep(String m) {
            super(m);
        }

        @Override
        public String toString() {
            return "java.lang.NoSuchMethodError: " + getMessage();
        }
    }
    private final AtomicInteger scriptCounter = new AtomicInteger();
    private final Map<String, Path> stashes = new LinkedHashMap<>();

    Steps(Executor build) {
        this.build = build;
    }

    /** Named arguments: a single Map argument, or the first positional argument as {@code positional}. */
    private static Map<String, Object> named(Object[] args, String positional) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (args.length >= 1 && args[0] instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) args[0]).entrySet()) m.put(String.valueOf(e.getKey()), e.getValue());
        } else if (args.length >= 1 && positional != null) {
            m.put(positional, args[0]);
        }
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static boolean bool(Object o, boolean dflt) {
        if (o == null) return dflt;
        if (o instanceof Boolean) return (Boolean) o;
        return Boolean.parseBoolean(o.toString());
    }

    Object invoke(String name, Object[] args) {
        Branch b = build.currentBranch();
        switch (name) {
            case "echo": {
                build.log("[Pipeline] echo");
                build.log(str(named(args, "message").get("message")));
                StepSupport.activity(b);
                return null;
            }
            case "error": {
                build.log("[Pipeline] error");
                throw new AbortException(str(named(args, "message").get("message")));
            }
            case "unstable": {
                build.log("[Pipeline] unstable");
                // workflow-basic-steps UnstableStep: the message is required (Util.fixEmptyAndTrim).
                Object um = named(args, "message").get("message");
                if (um == null || str(um).trim().isEmpty()) throw new IllegalArgumentException("A non-empty message is required");
                build.log("WARNING: " + str(um).trim());
                build.results.worsen(BuildResult.UNSTABLE);
                // workflow-basic-steps UnstableStep: also a WarningAction(UNSTABLE) on the step, so the stage shows unstable.
                build.stages.warn(BuildResult.UNSTABLE);
                return null;
            }
            case "sh":
                return sh(b, named(args, "script"));
            case "isUnix":
                return true;
            case "pwd": {
                Map<String, Object> m = named(args, null);
                if (bool(m.get("tmp"), false)) return b.cwd.resolveSibling(b.cwd.getFileName() + "@tmp").toString();
                return b.cwd.toString();
            }
            case "writeFile": {
                Map<String, Object> m = named(args, null);
                build.log("[Pipeline] writeFile");
                Path p = b.cwd.resolve(str(m.get("file")));
                try {
                    if (p.getParent() != null) Files.createDirectories(p.getParent());
                    if ("Base64".equals(m.get("encoding"))) Files.write(p, java.util.Base64.getDecoder().decode(str(m.get("text"))));
                    else Files.writeString(p, str(m.get("text")), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new AbortException("writeFile: " + e);
                }
                return null;
            }
            case "readFile": {
                Map<String, Object> m = named(args, "file");
                build.log("[Pipeline] readFile");
                Path p = b.cwd.resolve(str(m.get("file")));
                try {
                    if ("Base64".equals(m.get("encoding"))) return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p));
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new AbortException("readFile: " + p + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
                }
            }
            case "fileExists": {
                Map<String, Object> m = named(args, "file");
                build.log("[Pipeline] fileExists");
                return Files.exists(b.cwd.resolve(str(m.get("file"))));
            }
            case "libraryResource": {
                Map<String, Object> m = named(args, "resource");
                build.log("[Pipeline] libraryResource");
                String r = str(m.get("resource"));
                for (Path lib : build.libraryDirs) {
                    Path root = lib.resolve("resources");
                    Path p = root.resolve(r).normalize();
                    if (!p.startsWith(root) || !Files.isRegularFile(p)) continue;
                    try {
                        return Files.readString(p, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new AbortException("libraryResource: " + e);
                    }
                }
                throw new AbortException("No such library resource " + r + " could be found.");
            }
            case "deleteDir": {
                build.log("[Pipeline] deleteDir");
                deleteTree(b.cwd);
                return null;
            }
            case "sleep": {
                Map<String, Object> m = named(args, "time");
                long t = ((Number) m.get("time")).longValue();
                TimeUnit unit = m.get("unit") == null ? TimeUnit.SECONDS : TimeUnit.valueOf(str(m.get("unit")));
                build.log("[Pipeline] sleep");
                // workflow-basic-steps SleepStep: "Sleeping for " + Util.getTimeSpanString(the duration).
                build.log("Sleeping for " + StepSupport.timeSpan(unit.toMillis(t)));
                StepSupport.activity(b);
                return Continuable.suspend((Scheduler.BlockingWork) br -> {
                    long end = System.currentTimeMillis() + unit.toMillis(t);
                    while (System.currentTimeMillis() < end) {
                        if (br.interruption != null && !br.interruptDelivered) throw br.interruption;
                        long deadline = StepSupport.deadline(br);
                        if (System.currentTimeMillis() >= deadline) {
                            build.logWithPrefix(br.logPrefix, "Cancelling nested steps due to timeout");
                            throw StepSupport.timeoutExceeded();
                        }
                        Thread.sleep(Math.max(1, Math.min(100, Math.min(end, deadline) - System.currentTimeMillis())));
                    }
                    return null;
                });
            }
            case "archiveArtifacts":
                return archive(b, named(args, "artifacts"));
            case "fingerprint": {
                Map<String, Object> m = named(args, "targets");
                build.log("[Pipeline] fingerprint");
                try {
                    for (Path p : Glob.files(b.cwd, str(m.get("targets")), null)) build.log("Recording fingerprint of " + p);
                } catch (IOException e) {
                    throw new AbortException("fingerprint: " + e);
                }
                return null;
            }
            case "junit":
                return junit(b, named(args, "testResults"));
            case "stash":
                return stash(b, named(args, "name"));
            case "unstash":
                return unstash(b, named(args, "name"));
            case "string":
            case "file":
            case "usernamePassword":
            case "usernameColonPassword":
            case "sshUserPrivateKey":
                return new Credentials.Binding(name, named(args, null));
            case "milestone":
                return milestone(b, named(args, "ordinal"));
            case "input":
                return InputAnswers.input(build, named(args, "message"));
            case "booleanParam":
            case "choice":
            case "text":
            case "password": {
                // Parameter definitions for input's parameters (string(...) is the credentials binding's, read the same way).
                Map<String, Object> def = named(args, null);
                def.put("$param", name);
                return def;
            }
            case "checkout":
                return checkout(b, args.length > 0 ? args[0] : null);
            case "git":
                return git(b, named(args, "url"));
            case "parallel":
                return parallel(args);
            case "properties":
            case "buildDiscarder":
            case "logRotator":
            case "disableConcurrentBuilds":
            case "skipDefaultCheckout":
            case "timestamps":
                return null;
            default:
                throw new NoSuchStep("No such DSL method '" + name + "' found among steps " + STEP_NAMES + " or globals " + build.globals.names());
        }
    }

    /** The ordinal of the last milestone passed (MilestoneStepExecution's OrdinalAction), or null before the first. */
    private Integer lastMilestone;

    // pipeline-milestone-step MilestoneStepExecution: not inside parallel ("Using a milestone step inside parallel is
    // not allowed", unless unsafe: true), an ordinal must be greater than the previous one ("Invalid ordinal N, as the
    // previous one was M"), without one it is the previous + 1 (0 first); logs "Trying to pass milestone N". Older
    // builds it would cancel do not exist in a local run. The label shows as "milestone (label)".
    private Object milestone(Branch b, Map<String, Object> m) {
        String label = str(m.get("label"));
        build.log("[Pipeline] milestone" + (label != null && !label.isEmpty() ? " (" + label + ")" : ""));
        if (b.memberOf != null && !bool(m.get("unsafe"), false)) throw new AbortException("Using a milestone step inside parallel is not allowed");
        Integer ordinal = m.get("ordinal") == null ? null : Integer.valueOf(str(m.get("ordinal")));
        int next;
        synchronized (this) {
            if (ordinal != null) {
                if (lastMilestone != null && lastMilestone >= ordinal) {
                    throw new AbortException(String.format("Invalid ordinal %s, as the previous one was %s", ordinal, lastMilestone));
                }
                next = ordinal;
            } else {
                next = lastMilestone == null ? 0 : lastMilestone + 1;
            }
            lastMilestone = next;
        }
        build.log("Trying to pass milestone " + next);
        return null;
    }

    // ---------- sh ----------
    private Object sh(Branch b, Map<String, Object> m) {
        String script = str(m.get("script"));
        if (script == null) throw new AbortException("sh: missing script");
        // workflow-durable-task-step DurableTaskStep: returnStdout captures stdout (returned as it is, trailing newline
        // included), returnStatus returns the exit code instead of failing; given both, returnStatus wins at run time
        // (handleExit) and stdout is captured, not logged (only the form validation says "You may not select both
        // returnStdout and returnStatus."). encoding is the charset of the output (Util.fixEmpty; Charset.forName).
        boolean returnStdout = bool(m.get("returnStdout"), false);
        boolean returnStatus = bool(m.get("returnStatus"), false);
        String enc = str(m.get("encoding"));
        java.nio.charset.Charset charset;
        try {
            charset = enc == null || enc.isEmpty() ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc);
        } catch (IllegalArgumentException e) {
            throw new AbortException("sh: unrecognized encoding " + enc + " (a Java charset name, e.g. UTF-8 or ISO-8859-1)");
        }
        // The label (Util.fixEmptyAndTrim, at most MAX_LABEL_LENGTH = 100 characters) is a LabelAction: the step's
        // display function name becomes "sh (label)" (workflow-api FlowNode#getDisplayFunctionName).
        String label = str(m.get("label"));
        if (label != null) label = label.trim().isEmpty() ? null : label.trim();
        if (label != null && label.length() > 100) label = label.substring(0, 100);
        build.log("[Pipeline] sh" + (label != null ? " (" + label + ")" : ""));
        int n = scriptCounter.incrementAndGet();
        Path tmp = b.cwd.resolveSibling(b.cwd.getFileName() + "@tmp").resolve("durable-" + n);
        Path file = tmp.resolve("script.sh");
        List<String> argv = new ArrayList<>();
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(b.cwd);
            Files.writeString(file, script, StandardCharsets.UTF_8);
            if (script.startsWith("#!")) {
                file.toFile().setExecutable(true);
                String first = script.substring(2, script.indexOf('\n') < 0 ? script.length() : script.indexOf('\n')).trim();
                argv.addAll(Arrays.asList(first.split("\\s+")));
                argv.add(file.toString());
            } else {
                argv.addAll(List.of("/bin/sh", "-xe", file.toString()));
            }
        } catch (IOException e) {
            throw new AbortException("sh: " + e);
        }
        Map<String, String> env = b.effectiveEnv();
        Path cwd = b.cwd;
        if (build.traceDir != null) {
            // Every process the script starts, with its argv and environment, as strace sees its execve calls.
            List<String> traced = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=execve", "-e", "signal=none", "-v", "-xx",
                    "-s", "1048576", "-o", build.traceDir.resolve("sh-" + n + ".trace").toString()));
            traced.addAll(argv);
            argv.clear();
            argv.addAll(traced);
        }
        if (b.container != null) {
            List<String> inner = new ArrayList<>(argv);
            argv.clear();
            argv.addAll(Agents.exec(b.container, b.jenkinsEnv().keySet(), cwd, inner));
        }
        long deadline = b.deadline();
        String prefix = b.logPrefix;
        build.audit.record("sh", argv, cwd, env);
        return Continuable.suspend((Scheduler.BlockingWork) br -> {
            try {
                ProcResult r = run(br, argv, cwd, env, deadline, prefix, returnStdout, charset);
                if (r.timedOut) {
                    build.logWithPrefix(prefix, "Cancelling nested steps due to timeout");
                    throw StepSupport.timeoutExceeded();
                }
                if (r.interrupted) throw br.interruption;
                if (returnStatus) return r.code;
                if (r.code != 0) {
                    // handleExit: with returnStdout, the captured output is written to the log as a diagnostic.
                    if (returnStdout && !r.stdout.isEmpty()) {
                        for (String l : r.stdout.split("\n", -1)) {
                            if (!l.isEmpty()) build.logWithPrefix(prefix, l);
                        }
                    }
                    throw new AbortException("script returned exit code " + r.code);
                }
                return returnStdout ? r.stdout : null;
            } finally {
                deleteTree(tmp);
            }
        });
    }

    static final class ProcResult {
        int code;
        String stdout;
        boolean timedOut;
        boolean interrupted;
    }

    /** Runs a process to its end (off the CPS thread), logging its output line by line, masked. */
    ProcResult run(Branch br, List<String> argv, Path cwd, Map<String, String> env, long deadline, String prefix, boolean captureStdout) throws Exception {
        return run(br, argv, cwd, env, deadline, prefix, captureStdout, StandardCharsets.UTF_8);
    }

    /** {@link #run}, reading the process's output in {@code charset}. */
    ProcResult run(Branch br, List<String> argv, Path cwd, Map<String, String> env, long deadline, String prefix, boolean captureStdout,
                   java.nio.charset.Charset charset) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        if (!captureStdout) pb.redirectErrorStream(true);
        Process p = pb.start();
        br.process = p;
        if (br.interruption != null && !br.interruptDelivered) {
            br.killedProcess = p;
            p.destroyForcibly();
        }
        p.getOutputStream().close();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread errPump = null;
        if (captureStdout) {
            errPump = pump(br, p.getErrorStream(), prefix, charset);
            Thread outCopy = new Thread(() -> {
                try {
                    p.getInputStream().transferTo(captured);
                } catch (IOException ignored) {
                    // process killed
                }
            });
            outCopy.start();
            errPump.start();
            errPump = outCopy; // joined below together with the stderr pump
        } else {
            errPump = pump(br, p.getInputStream(), prefix, charset);
            errPump.start();
        }
        ProcResult r = new ProcResult();
        while (true) {
            // The timeouts' end, activity timeouts included (their end moves with each line of output).
            long dl = Math.min(deadline, StepSupport.deadline(br));
            long wait = dl == Long.MAX_VALUE ? 1000 : Math.max(1, Math.min(1000, dl - System.currentTimeMillis()));
            if (p.waitFor(wait, TimeUnit.MILLISECONDS)) break;
            if (System.currentTimeMillis() >= Math.min(deadline, StepSupport.deadline(br))) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                r.timedOut = true;
                p.waitFor();
                break;
            }
        }
        errPump.join(5000);
        r.code = p.exitValue();
        r.interrupted = br.interruption != null && br.killedProcess == p;
        r.stdout = captured.toString(charset);
        return r;
    }

    private Thread pump(Branch br, InputStream in, String prefix, java.nio.charset.Charset charset) {
        return new Thread(() -> {
            try (BufferedReader rd = new BufferedReader(new InputStreamReader(in, charset))) {
                String line;
                while ((line = rd.readLine()) != null) {
                    build.logWithPrefix(prefix, line);
                    StepSupport.activity(br);
                }
            } catch (IOException ignored) {
                // process killed
            }
        });
    }

    /** A command run as part of a step (git), synchronously on a pool thread; fails the step on a non-zero exit. */
    private String cmd(Branch br, String step, Path cwd, String... argv) throws Exception {
        Map<String, String> env = br.effectiveEnv();
        build.audit.record(step, List.of(argv), cwd, env);
        build.logWithPrefix(br.logPrefix, " > " + String.join(" ", argv));
        ProcResult r = run(br, List.of(argv), cwd, env, br.deadline(), br.logPrefix, true);
        if (r.interrupted) throw br.interruption;
        if (r.code != 0) throw new AbortException(step + ": command \"" + String.join(" ", argv) + "\" returned status code " + r.code);
        return r.stdout;
    }

    // ---------- git / checkout ----------
    private Object checkout(Branch b, Object scm) {
        build.log("[Pipeline] checkout");
        String url = null;
        String branch = null;
        if (scm instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) scm;
            url = str(m.get("url"));
            if (url == null && m.get("userRemoteConfigs") instanceof List) {
                Object first = ((List<?>) m.get("userRemoteConfigs")).get(0);
                if (first instanceof Map) url = str(((Map<?, ?>) first).get("url"));
            }
            if (m.get("branches") instanceof List && !((List<?>) m.get("branches")).isEmpty()) {
                Object first = ((List<?>) m.get("branches")).get(0);
                if (first instanceof Map) branch = str(((Map<?, ?>) first).get("name"));
            }
        }
        if (url == null) throw new AbortException("checkout: no repository URL (run the executor with --scm URL for checkout scm)");
        return clone(b, url, branch);
    }

    private Object git(Branch b, Map<String, Object> m) {
        build.log("[Pipeline] git");
        return clone(b, str(m.get("url")), str(m.get("branch")));
    }

    private Object clone(Branch b, String url, String branch) {
        Path cwd = b.cwd;
        String ref = branch == null ? "HEAD" : branch.replaceFirst("^\\*/", "");
        return Continuable.suspend((Scheduler.BlockingWork) br -> {
            Files.createDirectories(cwd);
            if (!Files.isDirectory(cwd.resolve(".git"))) cmd(br, "git", cwd, "git", "init", "-q");
            // As the git plugin does: origin is the repository, so later `git fetch`/`git remote` in sh steps work.
            cmd(br, "git", cwd, "git", "config", "remote.origin.url", url);
            cmd(br, "git", cwd, "git", "config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*");
            cmd(br, "git", cwd, "git", "fetch", "-q", "--tags", "--force", "origin", "+refs/heads/*:refs/remotes/origin/*");
            cmd(br, "git", cwd, "git", "fetch", "-q", "--force", "origin", ref);
            cmd(br, "git", cwd, "git", "checkout", "-q", "-f", "FETCH_HEAD");
            String commit = cmd(br, "git", cwd, "git", "rev-parse", "HEAD").trim();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("GIT_COMMIT", commit);
            out.put("GIT_URL", url);
            if (branch != null) out.put("GIT_BRANCH", branch);
            return out;
        });
    }

    // ---------- parallel ----------
    @SuppressWarnings("unchecked")
    private Object parallel(Object[] args) {
        Map<String, Closure> branches = new LinkedHashMap<>();
        boolean failFast = false;
        if (args.length == 1 && args[0] instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) args[0]).entrySet()) {
                String k = str(e.getKey());
                if (k.equals("failFast")) failFast = bool(e.getValue(), false);
                else if (e.getValue() instanceof Closure) branches.put(k, (Closure) e.getValue());
                else throw new AbortException("parallel: branch " + k + " is not a closure");
            }
        } else throw new AbortException("parallel: expected a map of branch name to closure");
        build.log("[Pipeline] parallel");
        return Continuable.suspend(new Scheduler.Parallel(branches, failFast));
    }

    // ---------- artifacts, stash, junit ----------
    /**
     * Ant's default excludes (org.apache.tools.ant.DirectoryScanner#getDefaultExcludes, Ant 1.10), which Jenkins'
     * DirScanner.Glob and ArtifactArchiver's ListFiles add unless useDefaultExcludes/defaultExcludes is false.
     */
    static final String ANT_DEFAULT_EXCLUDES = String.join(",", "**/*~", "**/#*#", "**/.#*", "**/%*%", "**/._*", "**/CVS", "**/CVS/**",
            "**/.cvsignore", "**/SCCS", "**/SCCS/**", "**/vssver.scc", "**/.svn", "**/.svn/**", "**/.DS_Store", "**/.git", "**/.git/**",
            "**/.gitattributes", "**/.gitignore", "**/.gitmodules", "**/.hg", "**/.hg/**", "**/.hgignore", "**/.hgsub", "**/.hgsubstate",
            "**/.hgtags", "**/.bzr", "**/.bzr/**", "**/.bzrignore");

    /** The excludes with Ant's default excludes added when {@code useDefaults}. */
    static String withDefaultExcludes(String excludes, boolean useDefaults) {
        if (!useDefaults) return excludes;
        return excludes == null || excludes.trim().isEmpty() ? ANT_DEFAULT_EXCLUDES : excludes + "," + ANT_DEFAULT_EXCLUDES;
    }

    // Jenkins core hudson.tasks.ArtifactArchiver#perform (core/src/main/java/hudson/tasks/ArtifactArchiver.java,
    // Messages.properties ArtifactArchiver.*): onlyIfSuccessful skips when the build is worse than UNSTABLE; excludes
    // and the default excludes (defaultExcludes, default true) apply; no match is an error (NoMatchFound) unless
    // allowEmptyArchive, and no error at all when the build already failed; fingerprint records the files too.
    private Object archive(Branch b, Map<String, Object> m) {
        build.log("[Pipeline] archiveArtifacts");
        String artifacts = str(m.get("artifacts"));
        if (artifacts == null || artifacts.isEmpty()) {
            throw new AbortException("No artifacts are configured for archiving.\nYou probably forgot to set the file pattern, so please go back to"
                    + " the configuration and specify it.\nIf you really did mean to archive all the files in the workspace, please specify \"**\"");
        }
        String current = build.results.resultOrNull();
        if (bool(m.get("onlyIfSuccessful"), false) && current != null && BuildResult.valueOf(current).severity() > BuildResult.UNSTABLE.severity()) {
            build.log("Skipped archiving because build is not successful");
            return null;
        }
        build.log("Archiving artifacts");
        try {
            List<Path> files = Glob.files(b.cwd, artifacts, withDefaultExcludes(str(m.get("excludes")), bool(m.get("defaultExcludes"), true)));
            if (files.isEmpty()) {
                if (current != null && BuildResult.valueOf(current).severity() > BuildResult.UNSTABLE.severity()) return null;
                String msg = "No artifacts found that match the file pattern \"" + artifacts + "\". Configuration error?";
                if (bool(m.get("allowEmptyArchive"), false)) {
                    build.log(msg);
                    return null;
                }
                throw new AbortException(msg);
            }
            for (Path rel : files) {
                Path dst = build.artifactsDir.resolve(rel.toString());
                Files.createDirectories(dst.getParent());
                Files.copy(b.cwd.resolve(rel), dst, StandardCopyOption.REPLACE_EXISTING);
            }
            if (bool(m.get("fingerprint"), false)) {
                // Fingerprinter: records an MD5 per file; here only its log line.
                build.log("Recording fingerprints");
            }
        } catch (IOException e) {
            throw new AbortException("archiveArtifacts: " + e);
        }
        return null;
    }

    /** Jenkins.checkGoodName, which StashManager applies to a stash's name (the characters it rejects). */
    private static void checkStashName(String step, String name) {
        if (name == null || name.trim().isEmpty()) throw new AbortException(step + ": a name is required, e.g. " + step + " name: 'build'");
        for (char c : name.toCharArray()) {
            if ("?*/\\%!@#$^&|<>[]:;".indexOf(c) >= 0) {
                throw new AbortException("‘" + c + "’ is an unsafe character");
            }
        }
    }

    // workflow-basic-steps StashStep and workflow-api StashManager#stash: includes (default all, "**"), excludes,
    // useDefaultExcludes (default true: Ant's default excludes), allowEmpty; an empty stash fails with
    // "No files included in stash ‘name’"; a second stash of a name replaces it ("Warning: overwriting stash ‘name’").
    private Object stash(Branch b, Map<String, Object> m) {
        String name = str(m.get("name"));
        build.log("[Pipeline] stash");
        checkStashName("stash", name);
        try {
            String includes = m.get("includes") == null || str(m.get("includes")).isEmpty() ? "**" : str(m.get("includes"));
            List<Path> files = Glob.files(b.cwd, includes, withDefaultExcludes(str(m.get("excludes")), bool(m.get("useDefaultExcludes"), true)));
            if (files.isEmpty() && !bool(m.get("allowEmpty"), false)) throw new AbortException("No files included in stash \u2018" + name + "\u2019");
            Path dir = Files.createTempDirectory("jslc-stash-");
            for (Path rel : files) {
                Path dst = dir.resolve(rel.toString());
                Files.createDirectories(dst.getParent());
                Files.copy(b.cwd.resolve(rel), dst, StandardCopyOption.REPLACE_EXISTING);
            }
            Path old;
            synchronized (stashes) {
                old = stashes.put(name, dir);
            }
            if (old != null) {
                build.log("Warning: overwriting stash \u2018" + name + "\u2019");
                deleteTree(old);
            }
            build.log("Stashed " + files.size() + " file(s)");
        } catch (IOException e) {
            throw new AbortException("stash: " + e);
        }
        return null;
    }

    // StashManager#unstash: "No such saved stash ‘name’" for a name never stashed in this build.
    private Object unstash(Branch b, Map<String, Object> m) {
        String name = str(m.get("name"));
        build.log("[Pipeline] unstash");
        checkStashName("unstash", name);
        Path dir;
        synchronized (stashes) {
            dir = stashes.get(name);
        }
        if (dir == null) throw new AbortException("No such saved stash \u2018" + name + "\u2019");
        try {
            for (Path rel : Glob.files(dir, "**", null)) {
                Path dst = b.cwd.resolve(rel.toString());
                Files.createDirectories(dst.getParent());
                Files.copy(dir.resolve(rel), dst, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new AbortException("unstash: " + e);
        }
        return null;
    }

    private Object junit(Branch b, Map<String, Object> m) {
        build.log("[Pipeline] junit");
        build.log("Recording test results");
        int total = 0;
        int failed = 0;
        int skipped = 0;
        try {
            List<Path> files = Glob.files(b.cwd, str(m.get("testResults")), null);
            if (files.isEmpty() && !bool(m.get("allowEmptyResults"), false)) {
                throw new AbortException("No test report files were found. Configuration error?");
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            for (Path rel : files) {
                Document d = f.newDocumentBuilder().parse(b.cwd.resolve(rel).toFile());
                NodeList cases = d.getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    Element tc = (Element) cases.item(i);
                    total++;
                    if (tc.getElementsByTagName("failure").getLength() > 0 || tc.getElementsByTagName("error").getLength() > 0) {
                        failed++;
                        build.log("FAILED: " + tc.getAttribute("classname") + "." + tc.getAttribute("name"));
                    } else if (tc.getElementsByTagName("skipped").getLength() > 0) skipped++;
                }
            }
        } catch (AbortException e) {
            throw e;
        } catch (Exception e) {
            throw new AbortException("junit: cannot parse test results: " + e.getMessage());
        }
        build.log("Tests: " + total + ", failures: " + failed + ", skipped: " + skipped);
        if (failed > 0 && !bool(m.get("skipMarkingBuildUnstable"), false)) {
            build.log("[Checks API] No suitable checks publisher found.");
            build.log("Build marked UNSTABLE: " + failed + " test failure(s)");
            build.results.worsen(BuildResult.UNSTABLE);
            // junit's JUnitResultsStepExecution adds a WarningAction(UNSTABLE) too: the stage shows unstable.
            build.stages.warn(BuildResult.UNSTABLE);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalCount", total);
        out.put("failCount", failed);
        out.put("skipCount", skipped);
        out.put("passCount", total - failed - skipped);
        return out;
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
