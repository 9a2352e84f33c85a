package dev.jslc.executor;

import dev.jslc.executor.SectionRecorder.Directive;
import java.util.List;
import java.util.Map;

/**
 * The parts of the Declarative interpreter (runtime.groovy) that are plain Java: the built-in when conditions, agents,
 * and parameters {} defaults. Result tests (post conditions, skipped stages) are {@link ResultTracker}'s.
 */
public final class DeclarativeSupport {
    private final Executor build;

    DeclarativeSupport(Executor build) {
        this.build = build;
    }

    /**
     * A when condition that needs no closure run (branch, tag, buildingTag, changeRequest, environment, equals, …),
     * against the current branch's environment (BRANCH_NAME, TAG_NAME, CHANGE_*).
     */
    public boolean builtInCondition(Directive c) {
        Map<String, String> e = build.currentBranch().effectiveEnv();
        switch (c.name) {
            case "branch": {
                // BranchConditionalScript / BranchConditional.branchMatches (pipeline-model-definition, when/impl):
                // BRANCH_NAME, else GIT_LOCAL_BRANCH; both empty matches, one empty does not.
                Object p = c.named("pattern") != null ? c.named("pattern") : c.arg(0) instanceof Map ? null : c.arg(0);
                String br = e.get("BRANCH_NAME");
                if (br == null || br.isEmpty()) br = e.get("GIT_LOCAL_BRANCH");
                boolean noBranch = br == null || br.isEmpty();
                boolean noPattern = p == null || String.valueOf(p).isEmpty();
                if (noBranch && noPattern) return true;
                if (noBranch || noPattern) return false;
                return Glob.matchesAnt(String.valueOf(p), br, c.named("comparator"));
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
                throw new Executor.AbortException("when: unsupported condition " + c.name);
        }
    }

    /**
     * agent { any / label / node / docker / kubernetes } ({@code agent} null for any): allocates the node (see
     * {@link Agents}: the job's workspace, or {@code @2} when another node block holds it; a docker agent with
     * {@code reuseNode true} stays on the current node), starts its container or pod, and makes the current branch
     * run there. Returns the handle {@link #stopAgent} takes. {@code inner} is the recorded closure of the docker or
     * kubernetes directive, if any.
     */
    public String startAgent(SectionRecorder agent, SectionRecorder inner) {
        String label = null;
        Agents.Spec spec = null;
        if (agent != null) {
            for (Directive c : agent.directives) {
                if (c.name.equals("label") || c.name.equals("node")) {
                    Object l = c.arg(0) instanceof String ? c.arg(0) : c.named("label");
                    label = String.valueOf(l);
                }
            }
            if (label == null) spec = build.agents.spec(agent, inner);
        }
        return build.agents.begin(build.currentBranch(), spec, label);
    }

    /** Ends the agent {@link #startAgent} started (its containers removed, the branch's node put back). */
    public void stopAgent(String handle) {
        build.agents.end(build.currentBranch(), handle);
    }

    /** container('name') { }: makes the named container of the current pod the branch's; returns the one to restore. */
    public String enterContainer(String name) {
        Branch b = build.currentBranch();
        String saved = b.container;
        b.container = build.agents.podContainer(b, name);
        return saved;
    }

    /** The end of container('name') { }. */
    public void exitContainer(String saved) {
        build.currentBranch().container = saved;
    }

    /** Whether the build has a repository to check out (--scm): then Declarative adds its Checkout SCM stage. */
    public boolean hasScm() {
        return build.scmUrl != null;
    }

    /** parameters {}: a parameter not given with --param gets its default, as on a first build. */
    public void applyParameterDefaults(SectionRecorder parameters) {
        for (Directive c : parameters.directives) {
            Object name = c.named("name");
            if (name == null || build.params.containsKey(String.valueOf(name))) continue;
            Object dflt = c.named("defaultValue");
            if (c.name.equals("choice")) {
                Object choices = c.named("choices");
                if (choices instanceof List && !((List<?>) choices).isEmpty()) dflt = ((List<?>) choices).get(0);
                else if (choices != null) dflt = String.valueOf(choices).split("\n")[0];
            }
            if (c.name.equals("booleanParam") && dflt == null) dflt = false;
            String v = dflt == null ? "" : String.valueOf(dflt);
            build.params.put(String.valueOf(name), v);
            build.buildEnv.put(String.valueOf(name), v);
        }
    }
}
