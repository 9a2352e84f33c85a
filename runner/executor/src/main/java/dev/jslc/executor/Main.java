package dev.jslc.executor;

import com.cloudbees.groovy.cps.Continuable;
import com.cloudbees.groovy.cps.CpsTransformer;
import com.cloudbees.groovy.cps.NonCPS;
import com.cloudbees.groovy.cps.Outcome;
import com.cloudbees.groovy.cps.TransformerConfiguration;
import dev.jslc.executor.sandbox.CheckedInvoker;
import dev.jslc.executor.sandbox.RejectedAccessException;
import dev.jslc.executor.sandbox.Sandbox;
import dev.jslc.executor.sandbox.SandboxTransformer;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.ImportCustomizer;

/**
 * java -jar jslc-executor.jar --library name=DIR [--library-version TAG] --workspace DIR [--credentials FILE.json]
 * [--param k=v]... [--env K=V]... [--audit FILE] [--artifacts DIR] [--scm URL] [--previous-result R]
 * [--library-trust trusted|untrusted] [--no-sandbox] [--no-serialization-check] [--params-as-strings]
 * [--lockable-resource NAME=LABELS]... [--input ID=proceed|abort]... Jenkinsfile
 *
 * Exit status: the build result as Jenkinsfile Runner reports it (SUCCESS 0, UNSTABLE 1, FAILURE 2, NOT_BUILT 3,
 * ABORTED 4); 255 for bad command-line input or a script that does not compile.
 */
public final class Main {
    private Main() {}

    static final Pattern LIBRARY = Pattern.compile("@Library\\s*\\(\\s*(\\[[^\\]]*\\]|'[^']*'|\"[^\"]*\")\\s*\\)\\s*(_\\b)?");

    public static void main(String[] argv) throws Exception {
        System.exit(run(argv, System.out));
    }

    private static int usage(String msg) {
        System.err.println("jslc-executor: " + msg);
        System.err.println("usage: java -jar jslc-executor.jar --library name=DIR [--library-version TAG] --workspace DIR"
                + " [--credentials FILE.json] [--param k=v]... [--env K=V]... [--audit FILE] [--artifacts DIR] [--scm URL]"
                + " [--previous-result RESULT] [--agent-image FROM=TO]... [--trace-exec] [--library-trust trusted|untrusted]"
                + " [--no-sandbox] [--no-serialization-check] [--params-as-strings] [--lockable-resource NAME=LABELS]..."
                + " [--input ID=proceed[:NAME=value,...]|ID=abort]... Jenkinsfile");
        return 255;
    }

    static int run(String[] argv, PrintStream out) throws Exception {
        Map<String, Path> libraries = new LinkedHashMap<>();
        String defaultVersion = null;
        Path workspace = null;
        Path credentials = null;
        Path audit = null;
        Path artifacts = null;
        String scm = null;
        BuildResult previous = null;
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> agentImages = new LinkedHashMap<>();
        Path jenkinsfile = null;
        boolean noSerialCheck = false;
        boolean traceExec = false;
        // Every library trusted (a global library) or untrusted (a folder-level library: sandboxed, as the Jenkinsfile).
        boolean librariesTrusted = true;
        boolean jenkinsfileSandboxed = true;
        boolean paramsAsStrings = false;
        // --input ID=proceed[:NAME=value[,NAME=value]...] | ID=abort: the answers to input steps (InputAnswers).
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            String v = i + 1 < argv.length ? argv[i + 1] : null;
            switch (a) {
                case "--library": {
                    if (v == null || !v.contains("=")) return usage("--library needs name=DIR");
                    libraries.put(v.substring(0, v.indexOf('=')), Paths.get(v.substring(v.indexOf('=') + 1)).toAbsolutePath());
                    i++;
                    break;
                }
                case "--library-version": defaultVersion = v; i++; break;
                case "--workspace": workspace = v == null ? null : Paths.get(v).toAbsolutePath(); i++; break;
                case "--credentials": credentials = v == null ? null : Paths.get(v); i++; break;
                case "--audit": audit = v == null ? null : Paths.get(v).toAbsolutePath(); i++; break;
                case "--artifacts": artifacts = v == null ? null : Paths.get(v).toAbsolutePath(); i++; break;
                case "--scm": scm = v; i++; break;
                case "--agent-image": {
                    if (v == null || !v.contains("=")) return usage("--agent-image needs FROM=TO");
                    agentImages.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
                    i++;
                    break;
                }
                case "--no-serialization-check": noSerialCheck = true; break;
                case "--trace-exec": traceExec = true; break;
                // The Jenkinsfile unsandboxed, as an inline pipeline script an administrator approved
                // (workflow-cps' CpsFlowDefinition(script, false)); upstream tests that run so need it.
                case "--no-sandbox": jenkinsfileSandboxed = false; break;
                case "--library-trust": {
                    if (!"trusted".equals(v) && !"untrusted".equals(v)) return usage("--library-trust needs trusted or untrusted");
                    librariesTrusted = v.equals("trusted");
                    i++;
                    break;
                }
                case "--params-as-strings": paramsAsStrings = true; break;
                case "--lockable-resource": {
                    if (v == null || v.isEmpty()) return usage("--lockable-resource needs NAME or NAME=LABEL[ LABEL...]");
                    Locks.configure(v);
                    i++;
                    break;
                }
                case "--input": {
                    if (v == null) return usage("--input needs ID=proceed or ID=abort");
                    String err = InputAnswers.check(v);
                    if (err != null) return usage(err);
                    inputs.add(v);
                    i++;
                    break;
                }
                case "--previous-result": previous = BuildResult.valueOf(v); i++; break;
                case "--param":
                case "--env": {
                    if (v == null || !v.contains("=")) return usage(a + " needs k=v");
                    (a.equals("--param") ? params : env).put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
                    i++;
                    break;
                }
                default:
                    if (a.startsWith("--")) return usage("unknown option " + a);
                    if (jenkinsfile != null) return usage("more than one Jenkinsfile");
                    jenkinsfile = Paths.get(a);
            }
        }
        if (jenkinsfile == null) return usage("no Jenkinsfile");
        if (!Files.isRegularFile(jenkinsfile)) return usage("no such Jenkinsfile: " + jenkinsfile);
        if (workspace == null) return usage("--workspace is required");
        Files.createDirectories(workspace);
        if (artifacts == null) artifacts = workspace.resolveSibling("artifacts");

        String text = Files.readString(jenkinsfile, StandardCharsets.UTF_8);
        Path tmpRoot = Files.createTempDirectory("jslc-executor-");
        Log log = new Log(out);
        try {
            // @Library('name@version') _ : which library (and version) this Jenkinsfile uses.
            Matcher m = LIBRARY.matcher(text);
            List<String[]> wanted = new ArrayList<>();
            StringBuilder stripped = new StringBuilder();
            while (m.find()) {
                for (String spec : m.group(1).replaceAll("[\\[\\]'\"]", "").split(",")) {
                    spec = spec.trim();
                    if (spec.isEmpty()) continue;
                    int at = spec.indexOf('@');
                    wanted.add(new String[] {at < 0 ? spec : spec.substring(0, at), at < 0 ? null : spec.substring(at + 1)});
                }
                m.appendReplacement(stripped, Matcher.quoteReplacement(m.group().replaceAll("[^\\n]", " ")));
            }
            m.appendTail(stripped);
            text = stripped.toString();

            // Two shells, as workflow-cps' CpsGroovyShell/CpsFlowExecution: trusted code (the runtime, trusted
            // libraries) is compiled by the plain CPS transformer; untrusted code (the Jenkinsfile, as a Pipeline from
            // SCM always is; untrusted libraries) by the sandbox transformer, in a loader whose parent is the trusted one.
            GroovyClassLoader trustedLoader = new GroovyClassLoader(Main.class.getClassLoader(), compilerConfiguration(new JslcCpsTransformer()));
            GroovyClassLoader untrustedLoader = new GroovyClassLoader(trustedLoader, compilerConfiguration(new SandboxTransformer()));

            // Secret files go where Jenkins puts them (WORKSPACE@tmp/secretFiles/…), so container agents see them too.
            Credentials creds;
            try {
                creds = new Credentials(credentials, workspace.resolveSibling(workspace.getFileName() + "@tmp").resolve("secretFiles"), log);
            } catch (IllegalArgumentException e) {
                // A malformed --credentials file (unknown type, missing field) is bad input, not a build.
                return usage(e.getMessage());
            }
            Audit aud = new Audit(audit);
            Executor build = new Executor(workspace, artifacts, params, env, creds, log, aud, previous, scm);
            build.agents.imageMap.putAll(agentImages);
            if (traceExec) {
                build.traceDir = workspace.resolveSibling(workspace.getFileName() + "@tmp").resolve("exec-trace");
                Files.createDirectories(build.traceDir);
            }
            build.scheduler.checkSerializable = !noSerialCheck;
            if (paramsAsStrings) {
                // A binding variable wins over the scripts' own lookup of globals (Script.getProperty reads the binding first).
                build.globals.binding.setVariable("params", new StringParams(params, new java.util.HashSet<>(params.keySet())));
            }
            for (String answer : inputs) InputAnswers.add(answer);

            log.line("Started by jslc executor");
            log.line("[Pipeline] Start of Pipeline");
            for (String[] w : wanted) {
                Path dir = libraries.get(w[0]);
                if (dir == null) {
                    log.line("ERROR: Library " + w[0] + " expected to contain at least one of src or vars directories"
                            + " (no --library " + w[0] + "=DIR given)");
                    log.line("Finished: FAILURE");
                    return BuildResult.FAILURE.exitCode();
                }
                String version = w[1] != null ? w[1] : defaultVersion;
                Path libDir = dir;
                if (version != null && Files.isDirectory(dir.resolve(".git")) || version != null && isGitRepo(dir)) {
                    libDir = tmpRoot.resolve("lib-" + w[0]);
                    Files.createDirectories(libDir);
                    String err = gitArchive(dir, version, libDir, aud);
                    if (err != null) {
                        log.line("ERROR: Could not resolve " + version + " of library " + w[0] + ": " + err);
                        log.line("Finished: FAILURE");
                        return BuildResult.FAILURE.exitCode();
                    }
                    log.line("Loading library " + w[0] + "@" + version);
                    log.line("Checked out " + dir + " at " + version + " into " + libDir);
                } else {
                    log.line("Loading library " + w[0] + (version != null ? "@" + version : "") + " from " + dir);
                }
                build.libraryDirs.add(libDir);
                GroovyClassLoader loader = librariesTrusted ? trustedLoader : untrustedLoader;
                if (Files.isDirectory(libDir.resolve("src"))) loader.addClasspath(libDir.resolve("src").toString());
                Path vars = libDir.resolve("vars");
                if (Files.isDirectory(vars)) {
                    try (Stream<Path> s = Files.list(vars)) {
                        for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                            String fn = p.getFileName().toString();
                            if (!fn.endsWith(".groovy")) continue;
                            String name = fn.substring(0, fn.length() - ".groovy".length());
                            GroovyCodeSource src = new GroovyCodeSource(Files.readString(p, StandardCharsets.UTF_8), name, "file:/lib/vars/" + fn);
                            build.globals.libraryVarClasses.put(name, loader.parseClass(src, false));
                        }
                    }
                }
            }

            String runtimeText;
            try (InputStream in = Main.class.getResourceAsStream("runtime.groovy")) {
                runtimeText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            build.globals.cpsRuntime = (ExecScript) trustedLoader.parseClass(new GroovyCodeSource(runtimeText, "JslcRuntime", "/jslc/runtime"), false)
                    .getDeclaredConstructor().newInstance();
            build.globals.cpsRuntime.setBinding(build.globals.binding);
            // The sandbox checks the untrusted call sites (CheckedInvoker) on this thread, which runs the CPS program;
            // the Jenkinsfile's constructor (field initializers) runs in it too, as GroovySandbox.checkedCreateScript.
            Outcome o;
            try (Sandbox sandbox = new Sandbox(List.of(trustedLoader, untrustedLoader), name -> isGlobalOrEnv(build, name), log::line).enter()) {
                Class<?> scriptClass = (jenkinsfileSandboxed ? untrustedLoader : trustedLoader)
                        .parseClass(new GroovyCodeSource(text, "WorkflowScript", "/jslc/Jenkinsfile"), false);
                ExecScript script = null;
                Throwable failed = null;
                try {
                    script = (ExecScript) scriptClass.getDeclaredConstructor().newInstance();
                } catch (java.lang.reflect.InvocationTargetException e) {
                    failed = e.getCause(); // e.g. a field initializer the sandbox rejects: the build fails with it
                }
                if (script != null) {
                    script.setBinding(build.globals.binding);
                    o = build.scheduler.run(new Continuable(script, com.cloudbees.groovy.cps.Envs.empty(new CheckedInvoker(new ExecInvoker()))));
                } else {
                    o = new Outcome(null, failed);
                }
            }
            if (o.isFailure()) {
                Throwable e = o.getAbnormal();
                build.results.worsen(BuildResult.of(e));
                if (e instanceof Executor.AbortException || e instanceof Executor.Interrupted || e instanceof Steps.NoSuchStep
                        || e instanceof java.io.NotSerializableException || e instanceof RejectedAccessException) {
                    log.line(e instanceof Executor.AbortException || e instanceof Executor.Interrupted ? "ERROR: " + e.getMessage() : e.toString());
                } else {
                    java.io.StringWriter sw = new java.io.StringWriter();
                    e.printStackTrace(new java.io.PrintWriter(sw));
                    for (String l : sw.toString().split("\n")) log.line(l);
                }
            }
            log.line("[Pipeline] End of Pipeline");
            log.line("Finished: " + build.results.current().name());
            return build.results.current().exitCode();
        } catch (CompilationFailedException e) {
            log.line("org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:");
            for (String l : e.getMessage().split("\n")) log.line(l);
            log.line("Finished: FAILURE");
            return BuildResult.FAILURE.exitCode();
        } finally {
            Steps.deleteTree(tmpRoot);
        }
    }

    /** The compiler configuration of a shell: ExecScript as base class, groovy-cps' star import, the given CPS transformer. */
    private static CompilerConfiguration compilerConfiguration(CpsTransformer t) {
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setScriptBaseClass(ExecScript.class.getName());
        ImportCustomizer imports = new ImportCustomizer();
        imports.addStarImports(NonCPS.class.getPackage().getName());
        cc.addCompilationCustomizers(imports);
        cc.addCompilationCustomizers(new WhenEquals());
        t.setConfiguration(new TransformerConfiguration().withSafepoint(Safepoint.class, "safepoint"));
        cc.addCompilationCustomizers(t);
        return cc;
    }

    /** What a sandboxed script may read as a bare name: a global variable, or an environment variable of the current branch. */
    private static boolean isGlobalOrEnv(Executor build, String name) {
        if (build.globals.variable(name) != null) return true;
        Branch b = build.currentBranch();
        return b != null && b.effectiveEnv().containsKey(name);
    }

    private static boolean isGitRepo(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--is-inside-work-tree")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0;
    }

    /** git archive of {@code version} extracted into {@code into}; an error message or null. */
    private static String gitArchive(Path repo, String version, Path into, Audit audit) throws IOException, InterruptedException {
        Path tar = into.resolveSibling(into.getFileName() + ".tar");
        List<String> argv = List.of("git", "-C", repo.toString(), "archive", "--format=tar", "-o", tar.toString(), version + "^{tree}");
        audit.record("library", argv, Paths.get("").toAbsolutePath(), System.getenv());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) return outText;
        Process untar = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", into.toString()).redirectErrorStream(true).start();
        String untarOut = new String(untar.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (untar.waitFor() != 0) return untarOut;
        Files.deleteIfExists(tar);
        return null;
    }
}
