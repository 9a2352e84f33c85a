package dev.jslc.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A Kubernetes pod of {@code agent { kubernetes { yaml … } }}, read from its YAML as the kubernetes plugin's
 * {@code PodTemplateBuilder} completes it (jenkinsci/kubernetes-plugin,
 * src/main/java/org/csanchez/jenkins/plugins/kubernetes/PodTemplateBuilder.java): a {@code jnlp} container is added
 * when the YAML has none (image {@link #DEFAULT_JNLP_IMAGE}), every container gets the {@code workspace-volume} at
 * {@link #AGENT_DIR} and that directory as its working directory unless it names one
 * (ContainerTemplate.DEFAULT_WORKING_DIR). Also the scheduling facts a node checks: the sum of the containers'
 * resource requests, and the {@code kubernetes.io/arch} node selector.
 */
final class Pod {
    /** ContainerTemplate.DEFAULT_WORKING_DIR: where the workspace volume is mounted in every container. */
    static final String AGENT_DIR = "/home/jenkins/agent";
    /** The image PodTemplateBuilder gives the jnlp container (from the plugin's bundled Dockerfile). */
    static final String DEFAULT_JNLP_IMAGE = "jenkins/inbound-agent:3355.v388858a_47b_33-3-jdk21";
    /** KubernetesCloud.JNLP_NAME. */
    static final String JNLP = "jnlp";

    /** One container of the pod. */
    static final class Container {
        String name;
        String image;
        /** Kubernetes' command (replaces the image's ENTRYPOINT) and args (replace its CMD); null when not given. */
        List<String> command;
        List<String> args;
        String workingDir;
        final Map<String, String> env = new LinkedHashMap<>();
        /** volume name → mount path (":ro" appended for readOnly). */
        final Map<String, String> mounts = new LinkedHashMap<>();
        Long runAsUser;
        Long runAsGroup;
        double cpuRequest;
        long memoryRequest;
        boolean tty;
    }

    final List<Container> containers = new ArrayList<>();
    /** volume name → host path (hostPath volumes). */
    final Map<String, String> hostPaths = new LinkedHashMap<>();
    /** hostPath volumes whose type is DirectoryOrCreate (created before the pod starts, as the kubelet does). */
    final List<String> createDirs = new ArrayList<>();
    /** emptyDir volume names. */
    final List<String> emptyDirs = new ArrayList<>();
    final Map<String, String> nodeSelector = new LinkedHashMap<>();
    boolean hostNetwork;
    String defaultContainer;

    /** The container of this name, or null. */
    Container container(String name) {
        for (Container c : containers) if (c.name.equals(name)) return c;
        return null;
    }

    @SuppressWarnings("unchecked")
    static Pod parse(String yamlText, String defaultContainer) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (RuntimeException e) {
            throw new Executor.AbortException("agent kubernetes: the pod yaml does not parse: " + e.getMessage());
        }
        if (!(doc instanceof Map)) throw new Executor.AbortException("agent kubernetes: the pod yaml is not a mapping (expected apiVersion/kind/spec)");
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) doc).get("spec");
        if (spec == null) throw new Executor.AbortException("agent kubernetes: the pod yaml has no spec");
        Pod pod = new Pod();
        pod.defaultContainer = defaultContainer;
        pod.hostNetwork = Boolean.TRUE.equals(spec.get("hostNetwork"));
        Map<String, Object> podSecurity = map(spec.get("securityContext"));
        for (Map.Entry<String, Object> e : map(spec.get("nodeSelector")).entrySet()) pod.nodeSelector.put(e.getKey(), String.valueOf(e.getValue()));
        for (Object o : list(spec.get("volumes"))) {
            Map<String, Object> v = map(o);
            String name = String.valueOf(v.get("name"));
            if (v.get("hostPath") != null) {
                Map<String, Object> hp = map(v.get("hostPath"));
                pod.hostPaths.put(name, String.valueOf(hp.get("path")));
                if ("DirectoryOrCreate".equals(hp.get("type"))) pod.createDirs.add(name);
            } else if (v.containsKey("emptyDir")) {
                pod.emptyDirs.add(name);
            } else {
                throw new Executor.AbortException("agent kubernetes: volume " + name
                        + " is neither hostPath nor emptyDir (the kinds the jslc local executor emulates)");
            }
        }
        for (Object o : list(spec.get("containers"))) {
            Map<String, Object> m = map(o);
            Container c = new Container();
            c.name = String.valueOf(m.get("name"));
            c.image = m.get("image") == null ? null : String.valueOf(m.get("image"));
            c.command = m.get("command") == null ? null : strings(m.get("command"));
            c.args = m.get("args") == null ? null : strings(m.get("args"));
            c.workingDir = m.get("workingDir") == null ? AGENT_DIR : String.valueOf(m.get("workingDir"));
            c.tty = Boolean.TRUE.equals(m.get("tty"));
            for (Object eo : list(m.get("env"))) {
                Map<String, Object> e = map(eo);
                if (e.get("value") != null) c.env.put(String.valueOf(e.get("name")), String.valueOf(e.get("value")));
            }
            for (Object mo : list(m.get("volumeMounts"))) {
                Map<String, Object> vm = map(mo);
                String vname = String.valueOf(vm.get("name"));
                if (!pod.hostPaths.containsKey(vname) && !pod.emptyDirs.contains(vname)) {
                    throw new Executor.AbortException("agent kubernetes: container " + c.name + " mounts volume " + vname + ", which the pod does not define");
                }
                c.mounts.put(vname, vm.get("mountPath") + (Boolean.TRUE.equals(vm.get("readOnly")) ? ":ro" : ""));
            }
            Map<String, Object> sc = map(m.get("securityContext"));
            c.runAsUser = number(sc.get("runAsUser"), number(podSecurity.get("runAsUser"), null));
            c.runAsGroup = number(sc.get("runAsGroup"), number(podSecurity.get("runAsGroup"), null));
            Map<String, Object> requests = map(map(m.get("resources")).get("requests"));
            if (requests.get("cpu") != null) c.cpuRequest = cpu(String.valueOf(requests.get("cpu")));
            if (requests.get("memory") != null) c.memoryRequest = memory(String.valueOf(requests.get("memory")));
            if (c.image == null && !c.name.equals(JNLP)) throw new Executor.AbortException("agent kubernetes: container " + c.name + " has no image");
            pod.containers.add(c);
        }
        if (pod.container(JNLP) == null) {
            // PodTemplateBuilder adds the agent container when the template has none.
            Container j = new Container();
            j.name = JNLP;
            j.workingDir = AGENT_DIR;
            pod.containers.add(0, j);
        }
        if (pod.container(JNLP).image == null) pod.container(JNLP).image = DEFAULT_JNLP_IMAGE;
        if (defaultContainer != null && pod.container(defaultContainer) == null) {
            throw new Executor.AbortException("agent kubernetes: defaultContainer '" + defaultContainer + "' is not a container of the pod (containers: "
                    + String.join(", ", pod.names()) + ")");
        }
        return pod;
    }

    List<String> names() {
        List<String> out = new ArrayList<>();
        for (Container c : containers) out.add(c.name);
        return out;
    }

    /**
     * Why no node of this machine can run the pod, as the scheduler's FailedScheduling event says it (0/1 nodes are
     * available: 1 Insufficient cpu. …), or null when it fits: requests above the machine's CPU cores or memory
     * (/proc/meminfo MemTotal), or a {@code kubernetes.io/arch} selector other than this machine's architecture.
     */
    String unschedulable(int cores, long memoryBytes, String arch) {
        double cpu = 0;
        long mem = 0;
        for (Container c : containers) {
            cpu += c.cpuRequest;
            mem += c.memoryRequest;
        }
        List<String> reasons = new ArrayList<>();
        if (cpu > cores) reasons.add("1 Insufficient cpu");
        if (mem > memoryBytes) reasons.add("1 Insufficient memory");
        String wanted = nodeSelector.get("kubernetes.io/arch");
        if (wanted != null && !wanted.equals(arch)) reasons.add("1 node(s) didn't match Pod's node affinity/selector");
        if (reasons.isEmpty()) return null;
        return "0/1 nodes are available: " + String.join(", ", reasons) + ".";
    }

    /** This machine's architecture as Kubernetes names it (kubernetes.io/arch: GOARCH). */
    static String machineArch() {
        String a = System.getProperty("os.arch");
        switch (a) {
            case "amd64":
            case "x86_64":
                return "amd64";
            case "aarch64":
            case "arm64":
                return "arm64";
            case "arm":
                return "arm";
            case "ppc64le":
                return "ppc64le";
            case "s390x":
                return "s390x";
            default:
                return a;
        }
    }

    /** MemTotal of /proc/meminfo, in bytes (Long.MAX_VALUE when it cannot be read). */
    static long machineMemory() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no limit
        }
        return Long.MAX_VALUE;
    }

    /** A Kubernetes CPU quantity ("2", "500m", "0.5") in cores. */
    static double cpu(String q) {
        try {
            if (q.endsWith("m")) return Double.parseDouble(q.substring(0, q.length() - 1)) / 1000.0;
            return Double.parseDouble(q);
        } catch (NumberFormatException e) {
            throw new Executor.AbortException("agent kubernetes: cpu request '" + q + "' is not a Kubernetes quantity (e.g. 2, 500m)");
        }
    }

    /** A Kubernetes memory quantity ("4Gi", "512Mi", "1G", "1000") in bytes. */
    static long memory(String q) {
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
        try {
            for (String[] u : units) {
                if (q.endsWith(u[0])) return (long) (Double.parseDouble(q.substring(0, q.length() - u[0].length())) * Long.parseLong(u[1]));
            }
            return (long) Double.parseDouble(q);
        } catch (NumberFormatException e) {
            throw new Executor.AbortException("agent kubernetes: memory request '" + q + "' is not a Kubernetes quantity (e.g. 4Gi, 512Mi)");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : new LinkedHashMap<>();
    }

    private static List<?> list(Object o) {
        return o instanceof List ? (List<?>) o : List.of();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List) {
            for (Object x : (List<?>) o) out.add(String.valueOf(x));
        } else {
            out.add(String.valueOf(o));
        }
        return out;
    }

    private static Long number(Object o, Long dflt) {
        if (o instanceof Number) return ((Number) o).longValue();
        if (o != null) return Long.parseLong(String.valueOf(o));
        return dflt;
    }

    /** The host directory that holds a pod's volumes: the workspace volume and its emptyDirs. */
    static Path volumeDir(Path podDir, String name) {
        return podDir.resolve("volumes").resolve(name);
    }
}
