package dev.jslc.executor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Agents as Jenkins runs them, on this host and its Docker engine.
 *
 * <ul>
 *   <li>Node allocation (Jenkins' WorkspaceList.allocate): a node block takes the job's workspace, or
 *       {@code <ws>@2}, {@code @3} … when another node block of the build holds it; so a stage agent inside a
 *       pipeline agent gets {@code <ws>@2}, unless it is a docker agent with {@code reuseNode true}.</li>
 *   <li>{@code agent { docker }} as docker-workflow's WithContainerStep and DockerClient.run
 *       (jenkinsci/docker-workflow-plugin, src/main/java/org/jenkinsci/plugins/docker/workflow/WithContainerStep.java
 *       and client/DockerClient.java): {@code docker run -t -d -u <uid>:<gid> [args] -w <ws> -v <ws>:<ws>:rw,z -v
 *       <ws>@tmp:<ws>@tmp:rw,z -e … <image> cat}, the image's ENTRYPOINT kept, then {@code docker top <id> -eo
 *       pid,comm} checks that {@code cat} runs; {@code docker exec [--workdir dir] --env NAME… <id> …} for each
 *       process, PATH not passed; {@code docker stop --time=1} and {@code docker rm -f --volumes} at the end.</li>
 *   <li>{@code agent { kubernetes }} as a pod ({@link Pod}): a {@code jnlp} container holding the pod's network
 *       namespace, the user's containers joined to it ({@code --network container:<jnlp>}), the workspace volume at
 *       {@code /home/jenkins/agent} in all of them, emptyDir and hostPath volumes, securityContext.runAsUser; steps
 *       run in {@code defaultContainer} (else jnlp), {@code container('x') {}} switches. A pod whose requests exceed
 *       the machine, or whose {@code kubernetes.io/arch} selector is not the machine's, is unschedulable.</li>
 * </ul>
 *
 * Environment values reach {@code docker run}/{@code docker exec} by name only ({@code -e NAME}, {@code --env NAME}:
 * the docker client takes the value from its own environment), so no value, secret or not, is on a command line.
 * Images a machine cannot pull can be substituted ({@code --agent-image FROM=TO}), with a warning naming the tools
 * the substitute provides that the original lacks.
 */
final class Agents {
    /** The tools jslc's generated steps run (assets/scripts/*.sh: go, git, docker, cosign; gcc for cgo and -race). */
    static final List<String> STEP_TOOLS = List.of("go", "git", "docker", "cosign", "gcc");

    private final Executor build;
    /** --agent-image FROM=TO: image FROM runs as local image TO. */
    final Map<String, String> imageMap = new LinkedHashMap<>();
    /** Workspaces a node block of this build holds now. */
    private final Set<Path> locked = Collections.synchronizedSet(new HashSet<>());
    /** The running agents, by the handle runtime.groovy keeps (a String: CPS locals must serialize). */
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    /** FROM images whose substitution was already checked for tools. */
    private final Set<String> toolsChecked = Collections.synchronizedSet(new HashSet<>());
    /** How processes run in each agent container: its id → paths as the container sees them. */
    static final Map<String, ExecInfo> EXEC = new ConcurrentHashMap<>();

    Agents(Executor build) {
        this.build = build;
    }

    /** What one docker agent needs: image, its docker run arguments, reuseNode. */
    static final class Spec {
        String kind;
        String image;
        String args;
        boolean reuseNode;
        Pod pod;
    }

    /** How a container sees the host's paths: {@code hostRoot} is mounted at {@code podRoot} (identity when null). */
    static final class ExecInfo {
        final String hostRoot;
        final String podRoot;
        /** The container's working directory (docker run -w): docker exec needs no --workdir for it. */
        final String workdir;
        /** The job's workspace as the container sees it (WORKSPACE of its processes), for pods. */
        final String podWorkspace;
        final boolean dropPath;

        ExecInfo(String hostRoot, String podRoot, String workdir, String podWorkspace, boolean dropPath) {
            this.hostRoot = hostRoot;
            this.podRoot = podRoot;
            this.workdir = workdir;
            this.podWorkspace = podWorkspace;
            this.dropPath = dropPath;
        }

        String map(String s) {
            if (hostRoot == null || !s.startsWith(hostRoot)) return s;
            return podRoot + s.substring(hostRoot.length());
        }
    }

    /** One allocated agent: what it changed in the branch (put back when it ends) and what it started. */
    static final class Lease {
        Path savedWorkspace;
        Path savedCwd;
        String savedContainer;
        String savedPod;
        boolean savedOnNode;
        Path lockedWorkspace;
        final List<String> containers = new ArrayList<>();
        /** For a pod: container name → id. */
        final Map<String, String> podContainers = new LinkedHashMap<>();
        Path podDir;
        String kind;
    }

    /** Reads the docker or kubernetes agent of a recorded {@code agent {}} block (inner: its nested closure). */
    Spec spec(SectionRecorder agent, SectionRecorder inner) {
        for (SectionRecorder.Directive c : agent.directives) {
            if (c.name.equals("docker")) return docker(c, inner);
            if (c.name.equals("kubernetes")) return kubernetes(c, inner);
            if (c.name.equals("dockerfile")) {
                throw new Executor.AbortException("agent dockerfile is not supported by the jslc local executor yet (docker and kubernetes agents are)");
            }
        }
        return null;
    }

    private static Object value(SectionRecorder.Directive c, SectionRecorder inner, String key) {
        if (inner != null && inner.first(key) != null) return inner.first(key).arg(0);
        return c.named(key);
    }

    private Spec docker(SectionRecorder.Directive c, SectionRecorder inner) {
        Spec s = new Spec();
        s.kind = "docker";
        Object image = c.arg(0) instanceof String ? c.arg(0) : value(c, inner, "image");
        if (image == null) throw new Executor.AbortException("agent docker: no image");
        s.image = String.valueOf(image);
        Object args = value(c, inner, "args");
        if (args != null) s.args = String.valueOf(args);
        s.reuseNode = Boolean.TRUE.equals(value(c, inner, "reuseNode"));
        return s;
    }

    private Spec kubernetes(SectionRecorder.Directive c, SectionRecorder inner) {
        Spec s = new Spec();
        s.kind = "kubernetes";
        Object yamlText = value(c, inner, "yaml");
        if (yamlText == null) throw new Executor.AbortException("agent kubernetes: the jslc local executor needs a pod in yaml");
        Object dc = value(c, inner, "defaultContainer");
        s.pod = Pod.parse(String.valueOf(yamlText), dc == null ? null : String.valueOf(dc));
        return s;
    }

    /** Splits docker run arguments as ArgumentListBuilder.addTokenized does: on whitespace, honouring quotes. */
    static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == quote) quote = 0;
                else cur.append(ch);
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                any = true;
            } else if (Character.isWhitespace(ch)) {
                if (any || cur.length() > 0) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(ch);
            }
        }
        if (any || cur.length() > 0) out.add(cur.toString());
        return out;
    }

    // ---------- node allocation ----------

    /** WorkspaceList.allocate: the base workspace if free, else base@2, base@3 … (COMBINATOR "@"). */
    Path allocate(Path base) {
        synchronized (locked) {
            Path p = base;
            for (int i = 2; locked.contains(p); i++) p = base.resolveSibling(base.getFileName() + "@" + i);
            locked.add(p);
            return p;
        }
    }

    /**
     * Starts an agent for branch {@code b}: {@code spec} null for a node on this host (any, label), else a docker
     * agent or a pod. Returns the handle for {@link #end}.
     */
    String begin(Branch b, Spec spec, String label) {
        Lease l = new Lease();
        l.savedWorkspace = b.workspace;
        l.savedCwd = b.cwd;
        l.savedContainer = b.container;
        l.savedPod = b.pod;
        l.savedOnNode = b.onNode;
        l.kind = spec == null ? "node" : spec.kind;
        String handle = "agent-" + counter.incrementAndGet();
        leases.put(handle, l);
        try {
            if (spec != null && spec.kind.equals("kubernetes")) {
                startPod(b, l, spec.pod);
                b.pod = handle;
            } else {
                Path ws;
                if (spec != null && spec.reuseNode && b.onNode) {
                    // DockerPipelineScript: reuseNode runs the container on the current node and workspace.
                    ws = b.workspace;
                } else {
                    ws = allocate(build.workspace);
                    l.lockedWorkspace = ws;
                    build.log("[Pipeline] node");
                    build.log("Running on built-in in " + ws + (label == null ? "" : " (label " + label + " on the host)"));
                }
                b.workspace = ws;
                b.cwd = ws;
                b.container = null;
                b.pod = null;
                if (spec != null) {
                    String id = startDocker(b, spec, ws);
                    l.containers.add(id);
                    b.container = id;
                }
            }
            b.onNode = true;
            return handle;
        } catch (RuntimeException e) {
            end(b, handle);
            throw e;
        }
    }

    /** Ends an agent: removes its containers and puts the branch's node, workspace and container back. */
    void end(Branch b, String handle) {
        Lease l = handle == null ? null : leases.remove(handle);
        if (l == null) return;
        List<String> ids = new ArrayList<>(l.containers);
        Collections.reverse(ids);
        for (String id : ids) {
            if (l.kind.equals("docker")) {
                // DockerClient.stop: docker stop --time=1, then docker rm -f --volumes.
                build.log("$ docker stop --time=1 " + id);
                runQuiet(List.of("docker", "stop", "--time=1", id), null);
                build.log("$ docker rm -f --volumes " + id);
                runQuiet(List.of("docker", "rm", "-f", "--volumes", id), null);
            } else {
                build.log("$ docker rm -f --volumes " + id);
                runQuiet(List.of("docker", "rm", "-f", "--volumes", id), null);
            }
            EXEC.remove(id);
        }
        if (l.podDir != null) {
            // The pod is deleted, and with it its emptyDir volumes (the workspace volume is one).
            build.log("Deleted pod " + l.podDir.getFileName());
            deleteQuietly(l.podDir);
        }
        if (l.lockedWorkspace != null) locked.remove(l.lockedWorkspace);
        b.workspace = l.savedWorkspace;
        b.cwd = l.savedCwd;
        b.container = l.savedContainer;
        b.pod = l.savedPod;
        b.onNode = l.savedOnNode;
    }

    /** container('name') { }: the id of that container of the branch's pod (ContainerStep). */
    String podContainer(Branch b, String name) {
        Lease l = b.pod == null ? null : leases.get(b.pod);
        if (l == null || l.podDir == null) {
            // KubernetesNodeContext.getKubernetesSlave (kubernetes-plugin, pipeline/KubernetesNodeContext.java).
            throw new Executor.AbortException("Node is not a Kubernetes node: " + (b.onNode ? "built-in" : "null"));
        }
        String id = l.podContainers.get(name);
        if (id == null) {
            throw new Executor.AbortException("container '" + name + "' is not a container of pod " + l.podDir.getFileName()
                    + " (containers: " + String.join(", ", l.podContainers.keySet()) + ")");
        }
        return id;
    }

    // ---------- docker ----------

    private String startDocker(Branch b, Spec s, Path ws) {
        String image = resolveImage(s.image);
        Path tmp = ws.resolveSibling(ws.getFileName() + "@tmp");
        mkdirs(ws, false);
        mkdirs(tmp, false);
        build.log("[Pipeline] withDockerContainer");
        Map<String, String> env = new LinkedHashMap<>(b.jenkinsEnv());
        // WithContainerStep.start: the build's own variables, without PATH.
        env.remove("PATH");
        env.remove("");
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-t", "-d", "-u", whoAmI()));
        if (s.args != null) argv.addAll(splitArgs(s.args));
        argv.addAll(List.of("-w", ws.toString(), "-v", ws + ":" + ws + ":rw,z", "-v", tmp + ":" + tmp + ":rw,z"));
        secretFilesMount(argv, tmp);
        List<String> logged = new ArrayList<>(argv);
        for (String name : env.keySet()) {
            argv.add("-e");
            argv.add(name);
            logged.add("-e");
            logged.add("********");
        }
        labelRun(argv);
        labelRun(logged);
        argv.add(image);
        argv.add("cat");
        logged.add(image);
        logged.add("cat");
        build.log("$ " + String.join(" ", logged));
        build.audit.record("agent", argv, ws, env);
        String id = containerId(runQuiet(argv, env), "Failed to run image '" + image + "'. Error: ");
        EXEC.put(id, new ExecInfo(null, null, ws.toString(), null, true));
        // WithContainerStep.start: docker top checks that the container runs the command it was given.
        build.log("$ docker top " + id + " -eo pid,comm");
        String top = runQuiet(List.of("docker", "top", id, "-eo", "pid,comm"), null);
        if (!topCommands(top).contains("cat")) {
            build.log("ERROR: The container started but didn't run the expected command. "
                    + "Please double check your ENTRYPOINT does execute the command passed as docker run argument, "
                    + "as required by official docker images (see https://github.com/docker-library/official-images#consistency for entrypoint consistency requirements).\n"
                    + "Alternatively you can force image entrypoint to be disabled by adding option `--entrypoint=''`.");
        }
        return id;
    }

    /** The COMMAND column of {@code docker top … -eo pid,comm} (DockerClient.listProcess). */
    static List<String> topCommands(String out) {
        List<String> r = new ArrayList<>();
        String[] lines = out.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length >= 2) r.add(f[1]);
        }
        return r;
    }

    /** DockerClient.whoAmI: {@code id -u}:{@code id -g} of the user running the build. */
    static String whoAmI() {
        return runQuiet(List.of("id", "-u"), null).trim() + ":" + runQuiet(List.of("id", "-g"), null).trim();
    }

    // ---------- kubernetes ----------

    private void startPod(Branch b, Lease l, Pod pod) {
        int n = counter.incrementAndGet();
        String job = build.buildEnv.getOrDefault("JOB_NAME", "job").replaceAll("[^A-Za-z0-9._-]", "_");
        String podName = job + "-1-" + Integer.toHexString(0x10000 + n).substring(1) + "-pod";
        build.log("[Pipeline] podTemplate");
        build.log("[Pipeline] node");
        String why = pod.unschedulable(Runtime.getRuntime().availableProcessors(), Pod.machineMemory(), Pod.machineArch());
        if (why != null) {
            // The scheduler's FailedScheduling event and the pod condition, as the plugin's TaskListenerEventWatcher
            // and PodStatusEventHandler print them (kubernetes-plugin, TaskListenerEventWatcher.java,
            // watch/PodStatusEventHandler.java). On Jenkins the build then waits for an agent that never comes online.
            build.log("Created Pod: kubernetes jenkins/" + podName);
            build.log("[Warning][jenkins/" + podName + "][FailedScheduling] " + why);
            build.log("[PodInfo] jenkins/" + podName + "\n\tPod [Pending][Unschedulable] " + why);
            throw new Executor.AbortException("agent kubernetes: pod " + podName + " cannot be scheduled: " + why
                    + " This machine has " + Runtime.getRuntime().availableProcessors() + " CPU cores, "
                    + (Pod.machineMemory() / (1024L * 1024 * 1024)) + " GiB of memory and architecture " + Pod.machineArch()
                    + "; lower the pod's resource requests or its kubernetes.io/arch selector, or run on a machine that has them.");
        }
        Path podDir = build.workspace.resolveSibling(build.workspace.getFileName() + "@pods").resolve(podName);
        l.podDir = podDir;
        Path agentDir = Pod.volumeDir(podDir, "workspace-volume");
        Path ws = agentDir.resolve("workspace").resolve(job);
        Path tmp = ws.resolveSibling(ws.getFileName() + "@tmp");
        mkdirs(agentDir, true);
        mkdirs(agentDir.resolve("workspace"), true);
        mkdirs(ws, true);
        mkdirs(tmp, true);
        for (String e : pod.emptyDirs) mkdirs(Pod.volumeDir(podDir, e), true);
        for (String name : pod.createDirs) mkdirs(Path.of(pod.hostPaths.get(name)), false);
        String podWs = Pod.AGENT_DIR + "/workspace/" + job;
        build.log("Created Pod: kubernetes jenkins/" + podName);
        // Local-runner deviation (docs/e2e.md): JSLC_POD_NETWORK=host gives pods the host's network, so that a
        // registry on the host's 127.0.0.1 is reachable as it is from the local runner itself.
        boolean hostNet = pod.hostNetwork || "host".equals(System.getenv("JSLC_POD_NETWORK"));
        String jnlpId = null;
        for (Pod.Container c : pod.containers) {
            boolean jnlp = c.name.equals(Pod.JNLP);
            String image = jnlp ? jnlpImage(pod, c) : resolveImage(c.image);
            List<String> argv = new ArrayList<>(List.of("docker", "run", "-d"));
            if (c.tty || jnlp) argv.add("-t");
            if (jnlp) {
                // A pod's hostname is its name; with hostNetwork, the node's.
                if (hostNet) argv.addAll(List.of("--network", "host"));
                else argv.addAll(List.of("--hostname", podName));
            } else {
                argv.addAll(List.of("--network", "container:" + jnlpId));
            }
            if (c.runAsUser != null) argv.addAll(List.of("-u", c.runAsUser + (c.runAsGroup != null ? ":" + c.runAsGroup : "")));
            argv.addAll(List.of("-w", c.workingDir, "-v", agentDir + ":" + Pod.AGENT_DIR + ":rw"));
            // The same volume at its host path too: the executor's Groovy side (file steps, env.WORKSPACE) and the
            // secret files credentials-binding writes to <cwd>@tmp/secretFiles/… name host paths under it, which a
            // process in the pod must be able to open (a local-runner detail; in Jenkins both sides see the pod's path).
            argv.addAll(List.of("-v", agentDir + ":" + agentDir + ":rw"));
            for (Map.Entry<String, String> m : c.mounts.entrySet()) {
                String src = pod.hostPaths.containsKey(m.getKey()) ? pod.hostPaths.get(m.getKey()) : Pod.volumeDir(podDir, m.getKey()).toString();
                argv.addAll(List.of("-v", src + ":" + m.getValue()));
            }
            secretFilesMount(argv, null);
            if (build.traceDir != null) {
                // --trace-exec: strace writes each step's trace there (a path of the build's own @tmp).
                mkdirs(build.traceDir, false);
                argv.addAll(List.of("-v", build.traceDir + ":" + build.traceDir + ":rw"));
            }
            for (String name : c.env.keySet()) argv.addAll(List.of("-e", name));
            labelRun(argv);
            if (jnlp) {
                // The jnlp container stands for the agent (remoting): here it only holds the pod's network and volumes.
                argv.addAll(List.of("--entrypoint", "cat", image));
            } else if (c.command != null && !c.command.isEmpty()) {
                argv.addAll(List.of("--entrypoint", c.command.get(0), image));
                argv.addAll(c.command.subList(1, c.command.size()));
                if (c.args != null) argv.addAll(c.args);
            } else {
                argv.add(image);
                if (c.args != null) argv.addAll(c.args);
            }
            build.log("$ " + String.join(" ", argv));
            build.audit.record("agent", argv, ws, c.env);
            String id = containerId(runQuiet(argv, c.env), "agent kubernetes: container " + c.name + " of pod " + podName + " did not start: ");
            l.containers.add(id);
            l.podContainers.put(c.name, id);
            EXEC.put(id, new ExecInfo(agentDir.toString(), Pod.AGENT_DIR, c.workingDir, podWs, false));
            if (jnlp) jnlpId = id;
        }
        for (Pod.Container c : pod.containers) {
            String state = runQuiet(List.of("docker", "inspect", "-f", "{{.State.Running}} {{.State.ExitCode}}", l.podContainers.get(c.name)), null).trim();
            if (!state.startsWith("true")) {
                build.log("[PodInfo] jenkins/" + podName + "\n\tContainer [" + c.name + "] terminated [Error] exit code " + state.replaceAll("^\\S+\\s*", ""));
            }
        }
        build.log("Agent " + podName + " is provisioned from template " + podName);
        build.log("Running on " + podName + " in " + podWs);
        b.workspace = ws;
        b.cwd = ws;
        // Without defaultContainer, steps run in the jnlp container (KubernetesDeclarativeAgent.defaultContainer).
        b.container = l.podContainers.get(pod.defaultContainer != null ? pod.defaultContainer : Pod.JNLP);
    }

    /**
     * The jnlp container's image: the pod's (or the plugin's default), substituted by --agent-image; when it is not
     * present locally, the default container's image stands in (the container only holds the pod's network and
     * workspace here).
     */
    private String jnlpImage(Pod pod, Pod.Container jnlp) {
        String mapped = imageMap.get(jnlp.image);
        if (mapped != null) return mapped;
        if (runStatus(List.of("docker", "image", "inspect", jnlp.image)) == 0) return jnlp.image;
        Pod.Container other = pod.container(pod.defaultContainer != null ? pod.defaultContainer : Pod.JNLP);
        if (other == null || other == jnlp) {
            for (Pod.Container c : pod.containers) if (c != jnlp) other = c;
        }
        String stand = other == null || other == jnlp ? jnlp.image : resolveImage(other.image);
        build.log("The jnlp image " + jnlp.image + " is not present locally: the pod's jnlp container runs " + stand
                + " (it holds the pod's network and workspace only; give --agent-image " + jnlp.image + "=IMAGE to choose)");
        return stand;
    }

    // ---------- images and the --agent-image warning ----------

    /** The image to run for {@code from}: its --agent-image substitute (logged, and checked for tools once), or itself. */
    String resolveImage(String from) {
        String to = imageMap.get(from);
        if (to == null) return from;
        build.log("Image " + from + " substituted by " + to + " (--agent-image)");
        if (toolsChecked.add(from)) {
            String w = substitutionWarning(from, to);
            if (w != null) build.log(w);
        }
        return to;
    }

    /**
     * Well-known images and the step tools they ship, for a FROM image that is not present locally. Source: the
     * official golang images' Dockerfiles (docker-library/golang: buildpack-deps:scm with git, gcc; Go itself; no
     * docker CLI, no cosign).
     */
    static List<String> knownTools(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String repo = name.lastIndexOf(':') > name.lastIndexOf('/') ? name.substring(0, name.lastIndexOf(':')) : name;
        String tag = repo.length() < name.length() ? name.substring(repo.length() + 1) : "latest";
        if (repo.equals("golang") || repo.equals("library/golang") || repo.equals("docker.io/library/golang")) {
            // The -alpine variants have no git and no gcc.
            return tag.contains("alpine") ? List.of("go") : List.of("go", "git", "gcc");
        }
        return null;
    }

    /**
     * The warning for --agent-image FROM=TO when TO provides step tools FROM lacks (null when it provides none more):
     * compared with {@code command -v} in both images when FROM is present locally, else against the table of
     * well-known images, else it names the tools TO provides and says FROM could not be checked.
     */
    String substitutionWarning(String from, String to) {
        Set<String> toTools = toolsIn(to);
        if (toTools == null) return "WARNING: --agent-image " + from + "=" + to + ": could not list the tools of " + to + " (it has no sh)";
        String how;
        Set<String> fromTools;
        if (runStatus(List.of("docker", "image", "inspect", from)) == 0 && (fromTools = toolsIn(from)) != null) {
            how = "checked with command -v in both images";
        } else if (knownTools(from) != null) {
            fromTools = new LinkedHashSet<>(knownTools(from));
            how = from + " is not present locally; the table of well-known images says the official golang images ship go, git and gcc only";
        } else {
            return "WARNING: --agent-image " + from + "=" + to + ": " + from + " is not present locally, so its tools could not be checked; " + to
                    + " provides " + (toTools.isEmpty() ? "none of " + String.join(", ", STEP_TOOLS) : String.join(", ", toTools))
                    + ". A green local run does not prove that " + from + " has them.";
        }
        List<String> extra = new ArrayList<>();
        for (String t : toTools) if (!fromTools.contains(t)) extra.add(t);
        if (extra.isEmpty()) return null;
        return "WARNING: --agent-image " + from + "=" + to + ": " + to + " provides " + String.join(", ", extra) + ", which " + from
                + " lacks (" + how + "). A green local run does not prove that " + from + " has them: steps that run "
                + String.join(", ", extra) + " in this agent fail on Jenkins.";
    }

    /** The step tools an image provides ({@code command -v} in a throwaway container), or null without sh. */
    private static Set<String> toolsIn(String image) {
        StringBuilder script = new StringBuilder("for t in");
        for (String t : STEP_TOOLS) script.append(' ').append(t);
        script.append("; do command -v \"$t\" >/dev/null 2>&1 && echo \"$t\"; done; echo jslc-tools-listed");
        String out = runQuiet(List.of("docker", "run", "--rm", "--network", "none", "--entrypoint", "sh", image, "-c", script.toString()), null);
        if (!out.contains("jslc-tools-listed")) return null;
        Set<String> r = new LinkedHashSet<>();
        for (String line : out.split("\n")) if (STEP_TOOLS.contains(line.trim())) r.add(line.trim());
        return r;
    }

    // ---------- processes ----------

    /**
     * Wraps a process of an agent (WithContainerStep.Decorator): {@code docker exec [--workdir cwd] --env NAME… id
     * argv…}, the host's paths as the container sees them; for a pod, WORKSPACE is the pod's workspace.
     */
    static List<String> exec(String id, Iterable<String> envNames, Path cwd, List<String> argv) {
        ExecInfo x = EXEC.getOrDefault(id, new ExecInfo(null, null, null, null, false));
        List<String> out = new ArrayList<>(List.of("docker", "exec"));
        String dir = x.map(cwd.toString());
        if (!dir.equals(x.workdir)) {
            out.add("--workdir");
            out.add(dir);
        }
        for (String n : envNames) {
            if (x.dropPath && n.equals("PATH")) continue;
            if (x.podWorkspace != null && n.equals("WORKSPACE")) continue;
            out.add("--env");
            out.add(n);
        }
        if (x.podWorkspace != null) {
            out.add("--env");
            out.add("WORKSPACE=" + x.podWorkspace);
        }
        out.add(id);
        for (String a : argv) out.add(x.map(a));
        return out;
    }

    private void labelRun(List<String> argv) {
        String run = System.getenv("JSLC_RUN_ID");
        if (run != null && !run.isEmpty()) {
            // The local runner removes every container of its run by this label, even after a kill.
            argv.add("--label");
            argv.add("dev.jslc.run=" + run);
        }
    }

    /**
     * The build's secret files directory (WORKSPACE@tmp/secretFiles, where Credentials writes file credentials) at its
     * own path, for an agent whose own @tmp is elsewhere (a @2 workspace, a pod): the variable bound to a secret file
     * names that path.
     */
    private void secretFilesMount(List<String> argv, Path agentTmp) {
        Path base = build.workspace.resolveSibling(build.workspace.getFileName() + "@tmp");
        if (base.equals(agentTmp)) return;
        Path secrets = base.resolve("secretFiles");
        mkdirs(secrets, false);
        argv.add("-v");
        argv.add(secrets + ":" + secrets + ":ro");
    }

    private static String containerId(String out, String failure) {
        String id = out.trim();
        if (!id.matches("[0-9a-f]{12,64}")) throw new Executor.AbortException(failure + id);
        return id;
    }

    private static void mkdirs(Path p, boolean open) {
        try {
            Files.createDirectories(p);
            // emptyDir volumes are created world-writable (0777), so a container of any user can write them.
            if (open) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new Executor.AbortException("agent: cannot create " + p + ": " + e);
        }
    }

    private static void deleteQuietly(Path p) {
        runQuiet(List.of("rm", "-rf", p.toString()), null);
    }

    private static int runStatus(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs a short docker command; {@code env} (values passed by name) is added to its environment. */
    private static String runQuiet(List<String> argv, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            if (env != null) pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            p.getInputStream().transferTo(buf);
            p.waitFor();
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Executor.AbortException("docker: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Executor.AbortException("docker: interrupted");
        }
    }
}
