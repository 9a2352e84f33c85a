package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of container agents that need no Docker engine: docker exec's argv, docker top, images' known tools. */
class AgentsTest {
    @Test
    void dockerExecGivesNamesOnlyDropsPathAndNeedsNoWorkdirInTheContainersOwn() {
        Agents.EXEC.put("d0c", new Agents.ExecInfo(null, null, "/ws", null, true));
        assertEquals(List.of("docker", "exec", "--env", "A", "--env", "WORKSPACE", "d0c", "sh", "-c", "x"),
                Agents.exec("d0c", List.of("A", "PATH", "WORKSPACE"), Path.of("/ws"), List.of("sh", "-c", "x")));
        assertEquals(List.of("docker", "exec", "--workdir", "/ws/sub", "d0c", "true"),
                Agents.exec("d0c", List.of(), Path.of("/ws/sub"), List.of("true")));
    }

    @Test
    void aPodsProcessesSeeItsPathsAndWorkspace() {
        Agents.EXEC.put("p0d", new Agents.ExecInfo("/run/ws@pods/p/volumes/workspace-volume", "/home/jenkins/agent", "/home/jenkins/agent",
                "/home/jenkins/agent/workspace/job", false));
        assertEquals(List.of("docker", "exec", "--workdir", "/home/jenkins/agent/workspace/job", "--env", "PATH", "--env",
                        "WORKSPACE=/home/jenkins/agent/workspace/job", "p0d", "/bin/sh", "-xe", "/home/jenkins/agent/workspace/job@tmp/durable-1/script.sh"),
                Agents.exec("p0d", List.of("PATH", "WORKSPACE"), Path.of("/run/ws@pods/p/volumes/workspace-volume/workspace/job"),
                        List.of("/bin/sh", "-xe", "/run/ws@pods/p/volumes/workspace-volume/workspace/job@tmp/durable-1/script.sh")));
    }

    @Test
    void readsTheCommandColumnOfDockerTop() {
        assertEquals(List.of("sh", "cat"), Agents.topCommands("PID                 COMMAND\n4242                sh\n4250                cat\n"));
    }

    @Test
    void splitsArgsAsAddTokenizedDoes() {
        assertEquals(List.of("-e", "A=a b", "--add-host", "x:1.2.3.4", ""), Agents.splitArgs("-e 'A=a b'  --add-host x:1.2.3.4 \"\""));
    }

    @Test
    void knowsWhatTheOfficialGolangImagesShip() {
        assertEquals(List.of("go", "git", "gcc"), Agents.knownTools("golang:1.21.6"));
        assertEquals(List.of("go", "git", "gcc"), Agents.knownTools("docker.io/library/golang:1.22-bookworm"));
        assertEquals(List.of("go"), Agents.knownTools("golang:1.21.6-alpine"));
        assertNull(Agents.knownTools("registry.example/golang-tools:1"));
    }
}
