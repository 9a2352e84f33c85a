package dev.jslc.executor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Container agents, as docker-workflow and the kubernetes plugin run them, on the host's Docker engine:
 * {@code agent { docker { image … } }} and {@code agent { kubernetes { yaml …; defaultContainer … } }} start one
 * long-running container ({@code docker run -d -t … --entrypoint cat image}) with the workspace and its {@code @tmp}
 * directory mounted at the same paths, and every {@code sh} of that agent runs in it with {@code docker exec}. The
 * environment reaches {@code docker exec} by name only ({@code --env NAME}; the value is taken from the docker
 * client's own environment), so no value, secret or not, is ever on a command line. A pod's {@code hostPath}
 * volumes become bind mounts. Images a machine cannot pull can be substituted ({@code --agent-image FROM=TO}).
 */
final class Agents {
    private final Executor build;
    /** --agent-image FROM=TO: image FROM runs as local image TO. */
    final Map<String, String> imageMap = new LinkedHashMap<>();

    Agents(Executor build) {
        this.build = build;
    }

    /** What one container agent needs: image, extra docker run arguments, environment, volume binds. */
    static final class Spec {
        String kind;
        String image;
        final List<String> runArgs = new ArrayList<>();
        final Map<String, String> env = new LinkedHashMap<>();
        final List<String> binds = new ArrayList<>();
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
        if (args != null) s.runArgs.addAll(splitArgs(String.valueOf(args)));
        return s;
    }

    @SuppressWarnings("unchecked")
    private Spec kubernetes(SectionRecorder.Directive c, SectionRecorder inner) {
        Spec s = new Spec();
        s.kind = "kubernetes";
        Object yamlText = value(c, inner, "yaml");
        if (yamlText == null) throw new Executor.AbortException("agent kubernetes: the jslc local executor needs a pod in yaml");
        Object dc = value(c, inner, "defaultContainer");
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(String.valueOf(yamlText));
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) doc).get("spec");
        if (spec == null) throw new Executor.AbortException("agent kubernetes: the pod yaml has no spec");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) spec.get("containers");
        Map<String, Object> chosen = null;
        for (Map<String, Object> ct : containers == null ? List.<Map<String, Object>>of() : containers) {
            if (dc != null ? String.valueOf(dc).equals(ct.get("name")) : !"jnlp".equals(ct.get("name"))) {
                chosen = ct;
                break;
            }
        }
        if (chosen == null) {
            throw new Executor.AbortException("agent kubernetes: no container " + (dc != null ? "named " + dc : "other than jnlp") + " in the pod");
        }
        s.image = String.valueOf(chosen.get("image"));
        List<Map<String, Object>> env = (List<Map<String, Object>>) chosen.get("env");
        if (env != null) {
            for (Map<String, Object> e : env) {
                if (e.get("value") != null) s.env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
            }
        }
        Map<String, String> hostPaths = new LinkedHashMap<>();
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) spec.get("volumes");
        if (volumes != null) {
            for (Map<String, Object> v : volumes) {
                Map<String, Object> hp = (Map<String, Object>) v.get("hostPath");
                if (hp != null) hostPaths.put(String.valueOf(v.get("name")), String.valueOf(hp.get("path")));
            }
        }
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) chosen.get("volumeMounts");
        if (mounts != null) {
            for (Map<String, Object> m : mounts) {
                String host = hostPaths.get(String.valueOf(m.get("name")));
                if (host == null) {
                    throw new Executor.AbortException("agent kubernetes: volume " + m.get("name") + " is not a hostPath volume (the only kind the jslc local executor mounts)");
                }
                s.binds.add(host + ":" + m.get("mountPath") + (Boolean.TRUE.equals(m.get("readOnly")) ? ":ro" : ""));
            }
        }
        return s;
    }

    /** Splits docker run arguments the way docker-workflow does: on whitespace, honouring simple quotes. */
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

    /** Starts the agent's container; returns its id. */
    String start(Spec s, Path workspace) {
        String image = imageMap.getOrDefault(s.image, s.image);
        Path tmp = workspace.resolveSibling(workspace.getFileName() + "@tmp");
        try {
            Files.createDirectories(workspace);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new Executor.AbortException("agent " + s.kind + ": " + e);
        }
        List<String> argv = new ArrayList<>(List.of("docker", "run", "-t", "-d", "--network", "host",
                "-w", workspace.toString(),
                "-v", workspace + ":" + workspace + ":rw",
                "-v", tmp + ":" + tmp + ":rw"));
        String run = System.getenv("JSLC_RUN_ID");
        if (run != null && !run.isEmpty()) {
            // The local runner removes every container of its run by this label, even after a kill.
            argv.add("--label");
            argv.add("dev.jslc.run=" + run);
        }
        for (String b : s.binds) {
            argv.add("-v");
            argv.add(b);
        }
        for (Map.Entry<String, String> e : s.env.entrySet()) {
            argv.add("-e");
            argv.add(e.getKey() + "=" + e.getValue());
        }
        argv.addAll(s.runArgs);
        argv.addAll(List.of("--entrypoint", "cat", image));
        build.log(s.kind.equals("docker") ? "[Pipeline] withDockerContainer" : "[Pipeline] podTemplate");
        build.log((image.equals(s.image) ? "" : "Image " + s.image + " substituted by " + image + " (--agent-image); ")
                + "$ " + String.join(" ", argv));
        build.audit.record("agent", argv, workspace, System.getenv());
        String out = runQuiet(argv);
        String id = out.trim();
        if (!id.matches("[0-9a-f]{12,64}")) {
            throw new Executor.AbortException("agent " + s.kind + ": docker run failed: " + out.trim());
        }
        build.log("Running in container " + id.substring(0, 12) + " (image " + image + ")");
        return id;
    }

    /** Removes an agent's container. */
    void stop(String id) {
        build.log("$ docker rm -f " + id.substring(0, 12));
        runQuiet(List.of("docker", "rm", "-f", id));
    }

    /** Wraps a process of an agent: {@code docker exec --env NAME… --workdir cwd id argv…}. */
    static List<String> exec(String id, Iterable<String> envNames, Path cwd, List<String> argv) {
        List<String> out = new ArrayList<>(List.of("docker", "exec"));
        for (String n : envNames) {
            out.add("--env");
            out.add(n);
        }
        out.add("--workdir");
        out.add(cwd.toString());
        out.add(id);
        out.addAll(argv);
        return out;
    }

    private static String runQuiet(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
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
