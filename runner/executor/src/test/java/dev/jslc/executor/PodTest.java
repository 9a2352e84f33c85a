package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A kubernetes agent's pod as PodTemplateBuilder completes it, and the scheduler's verdict on this machine. */
class PodTest {
    private static final String POD = String.join("\n",
            "apiVersion: v1",
            "kind: Pod",
            "spec:",
            "  nodeSelector:",
            "    kubernetes.io/arch: \"amd64\"",
            "  securityContext:",
            "    runAsUser: 1000",
            "  containers:",
            "    - name: go",
            "      image: \"golang:1.21.6\"",
            "      command: [\"sleep\"]",
            "      args: [\"infinity\"]",
            "      resources:",
            "        requests:",
            "          cpu: \"1500m\"",
            "          memory: \"4Gi\"",
            "      volumeMounts:",
            "        - name: cache",
            "          mountPath: /cache",
            "    - name: side",
            "      image: redis",
            "      securityContext:",
            "        runAsUser: 0",
            "      resources:",
            "        requests:",
            "          cpu: \"0.5\"",
            "          memory: \"512Mi\"",
            "  volumes:",
            "    - name: cache",
            "      emptyDir: {}",
            "");

    @Test
    void addsTheJnlpContainerWithThePluginsDefaultImageAndTheAgentWorkingDirectory() {
        Pod p = Pod.parse(POD, "go");
        assertEquals(List.of("jnlp", "go", "side"), p.names());
        assertEquals(Pod.DEFAULT_JNLP_IMAGE, p.container("jnlp").image);
        assertEquals("/home/jenkins/agent", p.container("go").workingDir);
        assertEquals(List.of("sleep"), p.container("go").command);
        assertEquals(List.of("infinity"), p.container("go").args);
        assertEquals("/cache", p.container("go").mounts.get("cache"));
        assertEquals(List.of("cache"), p.emptyDirs);
        // The pod's securityContext is the default, a container's own wins.
        assertEquals(1000L, p.container("go").runAsUser);
        assertEquals(0L, p.container("side").runAsUser);
    }

    @Test
    void keepsAJnlpContainerThePodNames() {
        Pod p = Pod.parse("spec:\n  containers:\n    - name: go\n      image: g\n    - name: jnlp\n      image: my/agent:1\n", null);
        assertEquals(List.of("go", "jnlp"), p.names());
        assertEquals("my/agent:1", p.container("jnlp").image);
    }

    @Test
    void schedulesWhenTheSumOfRequestsFitsAndTheArchitectureMatches() {
        Pod p = Pod.parse(POD, "go");
        assertNull(p.unschedulable(2, 8L << 30, "amd64"));
        assertEquals("0/1 nodes are available: 1 Insufficient cpu.", p.unschedulable(1, 8L << 30, "amd64"));
        assertEquals("0/1 nodes are available: 1 Insufficient memory.", p.unschedulable(2, 4L << 30, "amd64"));
        assertEquals("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector.",
                p.unschedulable(1, 1L << 30, "arm64"));
    }

    @Test
    void readsKubernetesQuantities() {
        assertEquals(0.25, Pod.cpu("250m"));
        assertEquals(2.0, Pod.cpu("2"));
        assertEquals(4L << 30, Pod.memory("4Gi"));
        assertEquals(512L << 20, Pod.memory("512Mi"));
        assertEquals(1_000_000_000L, Pod.memory("1G"));
        assertEquals(1000L, Pod.memory("1000"));
        Executor.AbortException e = assertThrows(Executor.AbortException.class, () -> Pod.cpu("two"));
        assertTrue(e.getMessage().contains("e.g. 2, 500m"), e.getMessage());
    }

    @Test
    void rejectsWhatThePodCannotHaveWithTheFix() {
        assertTrue(assertThrows(Executor.AbortException.class, () -> Pod.parse("spec:\n  containers:\n    - name: go\n      image: g\n", "golang"))
                .getMessage().contains("defaultContainer 'golang' is not a container of the pod (containers: jnlp, go)"));
        assertTrue(assertThrows(Executor.AbortException.class,
                () -> Pod.parse("spec:\n  containers:\n    - name: go\n      image: g\n      volumeMounts:\n        - name: x\n          mountPath: /x\n", null))
                .getMessage().contains("mounts volume x, which the pod does not define"));
        assertTrue(assertThrows(Executor.AbortException.class,
                () -> Pod.parse("spec:\n  containers: []\n  volumes:\n    - name: s\n      secret:\n        secretName: s\n", null))
                .getMessage().contains("neither hostPath nor emptyDir"));
    }
}
