package dev.jslc.executor;

import com.cloudbees.groovy.cps.Continuable;
import com.cloudbees.groovy.cps.Outcome;
import com.cloudbees.groovy.cps.impl.CpsCallableInvocation;
import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * One build: the global state (result, env, credentials, library vars) and the CPS scheduler. All CPS code runs on
 * the thread that calls {@link #runMain}; processes run on pool threads and hand their outcome back as events.
 */
public final class Executor {
    private static Executor instance;

    public static Executor get() {
        return instance;
    }

    // ---------- results ----------
    public enum Result {
        SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED;

        int severity() {
            switch (this) {
                case SUCCESS: return 0;
                case UNSTABLE: return 1;
                case FAILURE: return 2;
                case NOT_BUILT: return 3;
                default: return 4;
            }
        }

        int exitCode() {
            return ordinal();
        }

        Result combine(Result o) {
            return o.severity() > severity() ? o : this;
        }
    }

    /** Like hudson.AbortException: a step failure reported by its message only. */
    public static final class AbortException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AbortException(String message) {
            super(message);
        }
    }

    /** Like FlowInterruptedException: the build (or branch) was interrupted with a result. */
    public static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final Result result;
        /**
         * Interrupted because another branch of a failFast parallel failed (Jenkins' FailFastCause). Such an
         * interruption does not make the build ABORTED: the failing branch's error decides (JENKINS-55459).
         */
        public final boolean failFast;

        public Interrupted(String message, Result result) {
            this(message, result, false);
        }

        public Interrupted(String message, Result result, boolean failFast) {
            super(message);
            this.result = result;
            this.failFast = failFast;
        }
    }

    // ---------- configuration ----------
    final Path workspace;
    final Path artifactsDir;
    final Map<String, String> params;
    final Map<String, String> buildEnv = Collections.synchronizedMap(new LinkedHashMap<>());
    final Credentials credentials;
    final Log logger;
    final Audit audit;
    final Result previousResult;
    final String scmUrl;
    /** The loaded libraries' directories, in @Library order (libraryResource looks in each). */
    final List<Path> libraryDirs = new ArrayList<>();
    final Map<String, Class<?>> varClasses = new LinkedHashMap<>();
    final Map<String, Object> varInstances = new LinkedHashMap<>();
    ExecScript runtime;
    groovy.lang.Binding binding = new groovy.lang.Binding();

    volatile Result result = Result.SUCCESS;
    /** With --trace-exec: where each sh step's strace of execve calls goes (WORKSPACE@tmp/exec-trace). */
    Path traceDir;
    /** Serialize the program at each suspension, as Jenkins saves it (off with --no-serialization-check). */
    boolean checkSerializable = true;
    final EnvGlobal env = new EnvGlobal();
    final CurrentBuild currentBuild = new CurrentBuild();
    final Steps steps;
    final Agents agents = new Agents(this);

    Executor(Path workspace, Path artifactsDir, Map<String, String> params, Map<String, String> extraEnv, Credentials credentials,
             Log logger, Audit audit, Result previousResult, String scmUrl) {
        this.workspace = workspace;
        this.artifactsDir = artifactsDir;
        this.params = params;
        this.credentials = credentials;
        this.logger = logger;
        this.audit = audit;
        this.previousResult = previousResult;
        this.scmUrl = scmUrl;
        buildEnv.put("WORKSPACE", workspace.toString());
        buildEnv.put("BUILD_NUMBER", "1");
        buildEnv.put("BUILD_ID", "1");
        buildEnv.put("JOB_NAME", "jslc-local");
        buildEnv.put("BUILD_TAG", "jenkins-jslc-local-1");
        buildEnv.put("NODE_NAME", "built-in");
        buildEnv.put("JENKINS_URL", "http://localhost/");
        buildEnv.putAll(params);
        buildEnv.putAll(extraEnv);
        this.steps = new Steps(this);
        instance = this;
    }

    // ---------- logging ----------
    public void log(String line) {
        Branch b = current;
        logger.line((b == null ? "" : b.prefix) + line);
    }

    public void logRaw(String prefix, String line) {
        logger.line(prefix + line);
    }

    // ---------- result ----------
    public synchronized void setResult(Result r) {
        result = result.combine(r);
    }

    public void setResult(String r) {
        setResult(Result.valueOf(r));
    }

    public Result resultOf(Throwable t) {
        if (t instanceof Interrupted) return ((Interrupted) t).result;
        return Result.FAILURE;
    }

    /** Declarative's post condition test, with the build result combined with the stage's (or pipeline's) error. */
    public boolean postMatches(String cond, Throwable err) {
        Result combined = result;
        if (err != null) combined = combined.combine(resultOf(err));
        Result prev = previousResult;
        switch (cond) {
            case "always":
            case "cleanup":
                return true;
            case "success": return combined == Result.SUCCESS;
            case "failure": return combined == Result.FAILURE;
            case "unstable": return combined == Result.UNSTABLE;
            case "aborted": return combined == Result.ABORTED;
            case "notBuilt": return combined == Result.NOT_BUILT;
            case "unsuccessful": return combined != Result.SUCCESS;
            case "changed": return prev != null && prev != combined;
            case "fixed": return prev != null && combined == Result.SUCCESS && (prev == Result.FAILURE || prev == Result.UNSTABLE);
            case "regression": return prev != null && combined.severity() > prev.severity() && prev.severity() <= 1 && combined != Result.ABORTED;
            default: throw new AbortException("unknown post condition " + cond);
        }
    }

    public boolean earlierFailure() {
        return result.severity() >= Result.FAILURE.severity();
    }

    // ---------- global variables ----------
    public Object globalVariable(String name) {
        switch (name) {
            case "env": return env;
            case "params": return Collections.unmodifiableMap(typedParams());
            case "currentBuild": return currentBuild;
            case "scm": {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("$class", "GitSCM");
                m.put("url", scmUrl);
                return m;
            }
            default:
                return varInstance(name);
        }
    }

    Map<String, Object> typedParams() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            out.put(e.getKey(), v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : v);
        }
        return out;
    }

    synchronized Object varInstance(String name) {
        Object o = varInstances.get(name);
        if (o != null) return o;
        Class<?> c = varClasses.get(name);
        if (c == null) return null;
        try {
            ExecScript s = (ExecScript) c.getDeclaredConstructor().newInstance();
            s.setBinding(binding);
            varInstances.put(name, s);
            return s;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate library var " + name, e);
        }
    }

    public List<String> globalNames() {
        List<String> out = new ArrayList<>(List.of("currentBuild", "env", "params", "scm"));
        out.addAll(varClasses.keySet());
        Collections.sort(out);
        return out;
    }

    // ---------- dispatch ----------
    public Object dispatch(ExecScript from, String name, Object[] args) {
        Object var = varInstance(name);
        if (var != null) {
            return InvokerHelper.invokeMethod(var, "call", args);
        }
        if (runtime != null && ExecScript.definesMethod(runtime, name)) {
            return InvokerHelper.invokeMethod(runtime, name, args);
        }
        return steps.invoke(name, args);
    }

    // ---------- scheduler ----------
    /** A thread of CPS execution: the main program or one parallel branch. */
    public final class Branch {
        final String name;
        Continuable continuable;
        Outcome pending;
        Map<String, String> overrides;
        Path cwd;
        List<Long> deadlines;
        String prefix;
        Branch parent;
        Join join;
        Join waitingOn;
        volatile Process process;
        volatile Interrupted cancelled;
        /** The interrupt was thrown into this branch's code once (later steps, e.g. in finally, run normally). */
        volatile boolean interruptDelivered;
        volatile Process killedProcess;
        boolean done;
        Outcome outcome;
        /** The container agent this branch's processes run in (docker exec), or null for the host. */
        String container;

        Branch(String name, Branch parent) {
            this.name = name;
            this.parent = parent;
            if (parent == null) {
                overrides = new LinkedHashMap<>();
                cwd = workspace;
                deadlines = new ArrayList<>();
                prefix = "";
            } else {
                overrides = new LinkedHashMap<>(parent.overrides);
                cwd = parent.cwd;
                container = parent.container;
                deadlines = new ArrayList<>(parent.deadlines);
                prefix = "[" + name + "] ";
            }
        }

        public Map<String, String> pushEnv(List<?> entries) {
            Map<String, String> saved = overrides;
            Map<String, String> next = new LinkedHashMap<>(overrides);
            for (Object o : entries) {
                String s = String.valueOf(o);
                int eq = s.indexOf('=');
                if (eq < 0) throw new AbortException("withEnv: expected VAR=value, got " + s);
                String k = s.substring(0, eq);
                String v = s.substring(eq + 1);
                int plus = k.indexOf('+');
                if (plus > 0) {
                    String base = k.substring(0, plus);
                    String old = effectiveEnv().get(base);
                    next.put(base, old == null || old.isEmpty() ? v : v + java.io.File.pathSeparator + old);
                } else {
                    next.put(k, v);
                }
            }
            overrides = next;
            return saved;
        }

        public void restoreEnv(Map<String, String> saved) {
            overrides = saved;
        }

        /** Returns the previous directory as a String (it is kept in a CPS local, so it must be serializable). */
        public String pushDir(String path) {
            String saved = cwd.toString();
            cwd = cwd.resolve(path).normalize();
            try {
                Files.createDirectories(cwd);
            } catch (IOException e) {
                throw new AbortException("dir: cannot create " + cwd + ": " + e.getMessage());
            }
            return saved;
        }

        public void restoreDir(String saved) {
            cwd = java.nio.file.Paths.get(saved);
        }

        public String getCwd() {
            return cwd.toString();
        }

        public Object pushTimeout(Map<?, ?> args) {
            Object t = args.get("time");
            long time = t instanceof Number ? ((Number) t).longValue() : Long.parseLong(String.valueOf(t));
            Object u = args.get("unit");
            TimeUnit unit = u == null ? TimeUnit.MINUTES : TimeUnit.valueOf(String.valueOf(u));
            List<Long> saved = deadlines;
            deadlines = new ArrayList<>(deadlines);
            deadlines.add(System.currentTimeMillis() + unit.toMillis(time));
            return saved;
        }

        @SuppressWarnings("unchecked")
        public void popTimeout(Object saved) {
            deadlines = (List<Long>) saved;
        }

        long deadline() {
            long d = Long.MAX_VALUE;
            for (long x : deadlines) d = Math.min(d, x);
            return d;
        }

        public String getContainer() {
            return container;
        }

        public void setContainer(String id) {
            container = id;
        }

        /** The build's own variables (not the executor's inherited environment): what a container agent gets. */
        public Map<String, String> jenkinsEnv() {
            Map<String, String> e;
            synchronized (buildEnv) {
                e = new LinkedHashMap<>(buildEnv);
            }
            e.putAll(overrides);
            e.put("WORKSPACE", workspace.toString());
            return e;
        }

        /** The environment a process started now in this branch gets. */
        public Map<String, String> effectiveEnv() {
            Map<String, String> e = new LinkedHashMap<>(System.getenv());
            synchronized (buildEnv) {
                e.putAll(buildEnv);
            }
            e.putAll(overrides);
            e.put("WORKSPACE", workspace.toString());
            return e;
        }

        void cancel(Interrupted why) {
            if (done || cancelled != null) return;
            cancelled = why;
            Process p = process;
            if (p != null) {
                killedProcess = p;
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            if (waitingOn != null) for (Branch c : waitingOn.children) c.cancel(why);
        }
    }

    /** The parent of parallel branches waits on one of these. */
    final class Join {
        final Branch parent;
        final List<Branch> children = new ArrayList<>();
        final boolean failFast;
        Throwable firstError;
        final Map<String, Object> results = new LinkedHashMap<>();

        Join(Branch parent, boolean failFast) {
            this.parent = parent;
            this.failFast = failFast;
        }
    }

    /** What a step hands to the scheduler by suspending its branch. */
    public interface Request {}

    /** Work that blocks (a process): run off the CPS thread, then resume the branch with its result. */
    public interface Async extends Request {
        Object run(Branch b) throws Exception;
    }

    public static final class Parallel implements Request {
        final Map<String, Closure> branches;
        final boolean failFast;

        Parallel(Map<String, Closure> branches, boolean failFast) {
            this.branches = branches;
            this.failFast = failFast;
        }
    }

    private record Event(Branch branch, Outcome outcome) {}

    volatile Branch current;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final java.util.ArrayDeque<Branch> runnable = new java.util.ArrayDeque<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jslc-step");
        t.setDaemon(true);
        return t;
    });

    public Branch current() {
        return current;
    }

    Outcome runMain(Continuable main) throws InterruptedException {
        Branch m = new Branch("main", null);
        m.continuable = main;
        m.pending = new Outcome(null, null);
        runnable.add(m);
        while (!m.done) {
            Branch b = runnable.poll();
            if (b == null) {
                if (inFlight == 0 && events.isEmpty()) {
                    throw new IllegalStateException("executor deadlock: no runnable branch and no step in progress");
                }
                Event ev = events.take();
                inFlight--;
                b = ev.branch;
                b.process = null;
                b.pending = ev.outcome;
                if (b.cancelled != null && ev.outcome.getAbnormal() == b.cancelled) b.interruptDelivered = true;
            }
            Outcome in = b.pending;
            b.pending = null;
            if (b.cancelled != null && !b.interruptDelivered && in.isSuccess()) {
                in = new Outcome(null, b.cancelled);
                b.interruptDelivered = true;
            }
            current = b;
            Outcome out;
            try {
                out = b.continuable.run0(in);
            } finally {
                current = null;
            }
            if (b.continuable.isResumable()) {
                java.io.NotSerializableException nse = checkSerializable ? Pickles.check(b.continuable) : null;
                if (nse != null) {
                    logger.line(b.prefix + "ERROR: the program state cannot be saved (Jenkins would fail here too): " + nse);
                    b.pending = new Outcome(null, nse);
                    runnable.add(b);
                    continue;
                }
                handle(b, out.getNormal());
            } else {
                finished(b, out);
            }
        }
        pool.shutdownNow();
        return m.outcome;
    }

    private int inFlight;

    private void handle(Branch b, Object req) {
        if (req instanceof Async) {
            Async a = (Async) req;
            inFlight++;
            pool.submit(() -> {
                Outcome o;
                try {
                    o = new Outcome(a.run(b), null);
                } catch (Throwable t) {
                    o = new Outcome(null, t);
                }
                events.add(new Event(b, o));
            });
        } else if (req instanceof Parallel) {
            Parallel p = (Parallel) req;
            Join j = new Join(b, p.failFast);
            b.waitingOn = j;
            for (Map.Entry<String, Closure> e : p.branches.entrySet()) {
                Branch c = new Branch(e.getKey(), b);
                c.join = j;
                j.children.add(c);
                j.results.put(e.getKey(), null);
            }
            if (j.children.isEmpty()) {
                b.waitingOn = null;
                b.pending = new Outcome(j.results, null);
                runnable.add(b);
                return;
            }
            int i = 0;
            for (Map.Entry<String, Closure> e : p.branches.entrySet()) {
                Branch c = j.children.get(i++);
                Closure body = e.getValue();
                logger.line(b.prefix + "[Pipeline] { (Branch: " + c.name + ")");
                try {
                    current = c;
                    Object r = body.call();
                    // A non-CPS closure finished at once.
                    c.continuable = null;
                    finished(c, new Outcome(r, null));
                    continue;
                } catch (CpsCallableInvocation inv) {
                    c.continuable = new Continuable(inv.asBlock(), com.cloudbees.groovy.cps.Envs.empty(new ExecInvoker()));
                } catch (Throwable t) {
                    finished(c, new Outcome(null, t));
                    continue;
                } finally {
                    current = null;
                }
                c.pending = new Outcome(null, null);
                runnable.add(c);
            }
        } else {
            finished(b, new Outcome(null, new IllegalStateException("unexpected suspension value " + req)));
        }
    }

    private void finished(Branch b, Outcome out) {
        if (b.done) return;
        b.done = true;
        b.outcome = out;
        Join j = b.join;
        if (j == null) return;
        logger.line(j.parent.prefix + "[Pipeline] } (Branch: " + b.name + ")");
        if (out.isFailure()) {
            Throwable t = out.getAbnormal();
            if (j.firstError == null) j.firstError = t;
            if (j.failFast) {
                Interrupted why = new Interrupted("Failed in branch " + b.name, Result.ABORTED, true);
                for (Branch s : j.children) if (s != b) s.cancel(why);
            }
        } else {
            j.results.put(b.name, out.getNormal());
        }
        for (Branch c : j.children) if (!c.done) return;
        Branch p = j.parent;
        p.waitingOn = null;
        p.pending = j.firstError != null ? new Outcome(null, j.firstError) : new Outcome(j.results, null);
        runnable.add(p);
    }

    static String message(Throwable t) {
        if (t instanceof AbortException || t instanceof Interrupted) return t.getMessage();
        if (t instanceof Steps.NoSuchStep) return t.toString();
        return t.toString();
    }

    // ---------- helpers used by the CPS runtime ----------
    public boolean whenSimple(Rec.Call c) {
        Map<String, String> e = current.effectiveEnv();
        switch (c.name) {
            case "branch": {
                String pattern = String.valueOf(c.named("pattern") != null ? c.named("pattern") : c.arg(0));
                String br = e.get("BRANCH_NAME");
                if (br == null) return false;
                return Glob.matchesAnt(pattern, br, c.named("comparator"));
            }
            case "tag": {
                String tag = e.get("TAG_NAME");
                if (tag == null) return false;
                Object p = c.named("pattern") != null ? c.named("pattern") : (c.args.isEmpty() || c.arg(0) instanceof Map ? "*" : c.arg(0));
                return Glob.matchesAnt(String.valueOf(p), tag, c.named("comparator"));
            }
            case "buildingTag":
                return e.get("TAG_NAME") != null;
            case "changeRequest":
                if (e.get("CHANGE_ID") == null) return false;
                for (Object a : c.args) {
                    if (a instanceof Map) {
                        for (Map.Entry<?, ?> kv : ((Map<?, ?>) a).entrySet()) {
                            if (kv.getKey().equals("comparator")) continue;
                            String key = "CHANGE_" + String.valueOf(kv.getKey()).replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
                            String have = e.get(key);
                            if (have == null || !Glob.matchesAnt(String.valueOf(kv.getValue()), have, ((Map<?, ?>) a).get("comparator"))) return false;
                        }
                    }
                }
                return true;
            case "environment": {
                String name = String.valueOf(c.named("name"));
                String value = String.valueOf(c.named("value"));
                Object ic = c.named("ignoreCase");
                String have = e.get(name);
                if (have == null) return false;
                return Boolean.TRUE.equals(ic) ? have.equalsIgnoreCase(value) : have.equals(value);
            }
            case "equals": {
                Object exp = c.named("expected");
                Object act = c.named("actual");
                return String.valueOf(exp).equals(String.valueOf(act));
            }
            case "isRestartedRun":
                return false;
            case "changelog":
            case "changeset":
            case "triggeredBy":
                return false;
            default:
                throw new AbortException("when: unsupported condition " + c.name);
        }
    }

    /** Binds withCredentials/environment credentials: returns env entries; files go to a temp dir. */
    public Credentials.Bound bindCredentials(List<?> bindings) {
        return credentials.bind(bindings, this);
    }

    public Credentials.Bound bindEnvironmentCredential(String var, String id) {
        return credentials.bindEnvironment(var, id, this);
    }

    /**
     * agent { label/node/docker/kubernetes }: label agents run on this host; docker and kubernetes agents start a
     * container (see {@link Agents}) and return its id, which the caller makes the current branch's container.
     */
    public String agentFrom(Rec r, Rec inner) {
        for (Rec.Call c : r.calls) {
            if (c.name.equals("label") || c.name.equals("node")) {
                log("[Pipeline] node");
                log("Running on built-in in " + workspace + " (label " + (c.arg(0) instanceof String ? c.arg(0) : c.named("label")) + " on the host)");
                return null;
            }
        }
        Agents.Spec spec = agents.spec(r, inner);
        if (spec == null) return null;
        log("[Pipeline] node");
        log("Running on built-in in " + workspace);
        return agents.start(spec, workspace);
    }

    public void stopAgent(String id) {
        if (id != null) agents.stop(id);
    }

    public boolean hasScm() {
        return scmUrl != null;
    }

    /** parameters {}: a parameter not given with --param gets its default, as on a first build. */
    public void parameterDefaults(Rec r) {
        for (Rec.Call c : r.calls) {
            Object name = c.named("name");
            if (name == null || params.containsKey(String.valueOf(name))) continue;
            Object dflt = c.named("defaultValue");
            if (c.name.equals("choice")) {
                Object choices = c.named("choices");
                if (choices instanceof List && !((List<?>) choices).isEmpty()) dflt = ((List<?>) choices).get(0);
                else if (choices != null) dflt = String.valueOf(choices).split("\n")[0];
            }
            if (c.name.equals("booleanParam") && dflt == null) dflt = false;
            String v = dflt == null ? "" : String.valueOf(dflt);
            params.put(String.valueOf(name), v);
            buildEnv.put(String.valueOf(name), v);
        }
    }

    /** env: the build's environment variables (withEnv overrides of the current branch first). */
    public final class EnvGlobal extends GroovyObjectSupport implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object getProperty(String name) {
            Branch b = current;
            if (b != null) return b.effectiveEnv().get(name);
            synchronized (buildEnv) {
                if (buildEnv.containsKey(name)) return buildEnv.get(name);
            }
            return System.getenv(name);
        }

        @Override
        public void setProperty(String name, Object value) {
            buildEnv.put(name, value == null ? null : String.valueOf(value));
            Branch b = current;
            if (b != null && b.overrides.containsKey(name)) {
                Map<String, String> m = new LinkedHashMap<>(b.overrides);
                m.put(name, String.valueOf(value));
                b.overrides = m;
            }
        }

        public Object getAt(String name) {
            return getProperty(name);
        }

        public void putAt(String name, Object value) {
            setProperty(name, value);
        }

        public Map<String, String> getEnvironment() {
            Branch b = current;
            return b != null ? b.effectiveEnv() : new LinkedHashMap<>(buildEnv);
        }

        @Override
        public String toString() {
            return "env";
        }
    }

    /** currentBuild: result (only gets worse), currentResult, number. */
    public final class CurrentBuild extends GroovyObjectSupport implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        String description;
        String displayName = "#1";

        @Override
        public Object getProperty(String name) {
            switch (name) {
                case "result": return result == Result.SUCCESS ? null : result.name();
                case "currentResult": return result.name();
                case "number": return 1;
                case "id": return "1";
                case "displayName": return displayName;
                case "description": return description;
                case "fullDisplayName": return "jslc-local " + displayName;
                case "projectName":
                case "fullProjectName": return "jslc-local";
                case "previousBuild": return null;
                case "durationString": return "";
                case "absoluteUrl": return "http://localhost/job/jslc-local/1/";
                default: return super.getProperty(name);
            }
        }

        @Override
        public void setProperty(String name, Object value) {
            switch (name) {
                case "result": setResult(Result.valueOf(String.valueOf(value))); return;
                case "description": description = String.valueOf(value); return;
                case "displayName": displayName = String.valueOf(value); return;
                default: super.setProperty(name, value);
            }
        }

        public boolean resultIsBetterOrEqualTo(String r) {
            return result.severity() <= Result.valueOf(r).severity();
        }

        public boolean resultIsWorseOrEqualTo(String r) {
            return result.severity() >= Result.valueOf(r).severity();
        }
    }
}
