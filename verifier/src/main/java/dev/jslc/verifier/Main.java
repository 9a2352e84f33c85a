package dev.jslc.verifier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * {@code java -jar jslc-verifier.jar [--checks groovy,cps,sandbox,declarative-tree] <libdir>}
 *
 * <p>Checks every vars/**&#47;*.groovy and src/**&#47;*.groovy of a Jenkins shared library in one JVM and prints one
 * JSON object per line: findings {@code {"file","line","column","check","message"}} (file relative to the library),
 * declarative trees {@code {"file","check":"declarative-tree","tree"}}, and last {@code {"summary":{"files","findings","ms"}}}.
 * Exit status 0 whether or not there are findings, 2 on a usage error.
 */
public final class Main {
    static final List<String> ALL_CHECKS = List.of("groovy", "cps", "sandbox", "declarative-tree");

    private final Path libDir;
    private final Set<String> checks;
    private final PrintStream out;
    private final Compiler compiler;
    private final Whitelist whitelist;
    private final Set<String> libraryVars = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    private int findings;

    private Main(Path libDir, Set<String> checks, PrintStream out) {
        this.libDir = libDir;
        this.checks = checks;
        this.out = out;
        this.compiler = new Compiler(libDir);
        this.whitelist = checks.contains("sandbox") ? Whitelist.load() : null;
    }

    public static void main(String[] argv) {
        Set<String> checks = new LinkedHashSet<>(ALL_CHECKS);
        String lib = null;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage(null);
                System.exit(0);
            } else if (a.equals("--checks") || a.startsWith("--checks=")) {
                String list;
                if (a.equals("--checks")) {
                    if (i + 1 >= argv.length) usageError("--checks needs a comma-separated list");
                    list = argv[++i];
                } else {
                    list = a.substring("--checks=".length());
                }
                checks = new LinkedHashSet<>();
                for (String c : list.split(",")) {
                    c = c.trim();
                    if (c.isEmpty()) continue;
                    if (!ALL_CHECKS.contains(c)) usageError("unknown check '" + c + "' (known: " + String.join(",", ALL_CHECKS) + ")");
                    checks.add(c);
                }
                if (checks.isEmpty()) usageError("--checks names no check");
            } else if (a.startsWith("-")) {
                usageError("unknown option " + a);
            } else if (lib != null) {
                usageError("only one library directory, got '" + lib + "' and '" + a + "'");
            } else {
                lib = a;
            }
        }
        if (lib == null) usageError("missing <libdir>");
        Path libDir = Paths.get(lib).toAbsolutePath().normalize();
        if (!Files.isDirectory(libDir)) usageError("not a directory: " + lib);

        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        Main m = new Main(libDir, checks, out);
        List<Path> files;
        try {
            files = m.scan();
        } catch (IOException e) {
            System.err.println("jslc-verifier: cannot list " + libDir + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        for (Path f : files) m.verify(f);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("files", files.size());
        summary.put("findings", m.findings);
        summary.put("ms", sinceStart());
        out.println(Json.write(Map.of("summary", summary)));
        out.flush();
        System.exit(0);
    }

    private static long sinceStart() {
        // JVM start included (the RuntimeMXBean's start time is taken when the VM starts).
        return Math.max(0, System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    private static void usage(String error) {
        PrintStream s = error == null ? System.out : System.err;
        if (error != null) s.println("jslc-verifier: " + error);
        s.println("usage: java -jar jslc-verifier.jar [--checks " + String.join(",", ALL_CHECKS) + "] <libdir>");
    }

    private static void usageError(String error) {
        usage(error);
        System.exit(2);
    }

    /** vars/**&#47;*.groovy then src/**&#47;*.groovy, each sorted by path. */
    private List<Path> scan() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : new String[] {"vars", "src"}) {
            Path d = libDir.resolve(dir);
            if (!Files.isDirectory(d)) continue;
            TreeSet<String> sorted = new TreeSet<>();
            try (Stream<Path> s = Files.walk(d)) {
                s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".groovy"))
                        .forEach(p -> sorted.add(libDir.relativize(p).toString().replace('\\', '/')));
            }
            for (String r : sorted) files.add(libDir.resolve(r));
            if (dir.equals("vars")) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".groovy"))
                            .forEach(p -> libraryVars.add(p.getFileName().toString().replaceFirst("\\.groovy$", "")));
                }
            }
        }
        return files;
    }

    private String rel(String path) {
        Path p = Paths.get(path).toAbsolutePath().normalize();
        return p.startsWith(libDir) ? libDir.relativize(p).toString().replace('\\', '/') : path;
    }

    private void emit(Finding f) {
        if (!seen.add(f.key())) return;
        findings++;
        out.println(Json.write(f.toJson()));
    }

    private void verify(Path file) {
        String rel = rel(file.toString());
        String name = file.toFile().getPath();
        boolean groovy = checks.contains("groovy");
        boolean plainOk = true;
        try {
            if (groovy || checks.contains("sandbox") || checks.contains("declarative-tree")) {
                List<CompilationCustomizer> extra = new ArrayList<>();
                if (checks.contains("sandbox")) {
                    extra.add(new SandboxCheck(whitelist, name, libraryVars,
                            r -> emit(new Finding(rel, r.line(), r.column(), "sandbox", r.message()))));
                }
                if (checks.contains("declarative-tree")) {
                    String content = Files.readString(file, StandardCharsets.UTF_8);
                    extra.add(new DeclarativeTree(name, new SourceText(content), tree -> {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("file", rel);
                        line.put("check", "declarative-tree");
                        line.put("tree", tree);
                        out.println(Json.write(line));
                    }));
                }
                // Without the groovy check, stop where the other checks have what they need.
                int phase = groovy ? Phases.CLASS_GENERATION : checks.contains("sandbox") ? Phases.CANONICALIZATION : Phases.CONVERSION;
                Compiler.Result r = compiler.compile(file, false, extra, phase);
                plainOk = r.errors().isEmpty();
                if (groovy) for (Compiler.Error e : r.errors()) emit(new Finding(rel(e.sourcePath()), e.line(), e.column(), "groovy", e.message()));
            }
            // A file that does not compile at all would repeat its errors under cps.
            if (checks.contains("cps") && (plainOk || !groovy)) {
                Compiler.Result r = compiler.compile(file, true, List.of());
                for (Compiler.Error e : r.errors()) emit(new Finding(rel(e.sourcePath()), e.line(), e.column(), "cps", e.message()));
            }
        } catch (Throwable t) {
            emit(new Finding(rel, 1, 1, groovy ? "groovy" : checks.iterator().next(), "internal verifier error: " + t));
        }
        out.flush();
    }
}
