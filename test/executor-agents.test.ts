/**
 * Agents as Jenkins runs them, in the local executor (runner/executor, Agents.java and Pod.java), on the host's Docker
 * engine with tiny FROM-scratch busybox images (no registry):
 *
 * - docker agents with docker-workflow's `docker run` argv (DockerClient.run: `-t -d -u uid:gid [args] -w ws -v
 *   ws:ws:rw,z -v ws@tmp:ws@tmp:rw,z -e … image cat`), the build's user inside, the image's ENTRYPOINT kept and
 *   WithContainerStep's `docker top` check of `cat`;
 * - Jenkins' workspace allocation: `<ws>@2` for a stage agent without `reuseNode`, the pipeline's with it;
 * - kubernetes agents as a pod: jnlp + the pod's containers in one network namespace, the workspace volume at
 *   /home/jenkins/agent, defaultContainer (else jnlp), `container('b') {}`, env and runAsUser from the spec, an
 *   emptyDir shared only by its containers, a sidecar on localhost; unschedulable pods (requests, arch) fail;
 * - the `--agent-image FROM=TO` warning when TO provides step tools FROM lacks, and `jslc run`'s reading of it.
 *
 * Needs Java 17 and Maven (the jar), Docker and /bin/busybox (Debian busybox-static); .ci/run installs them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentImageWarnings } from '../src/runner/local/agent-image-warnings.js';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures', 'executor');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');
const BUSYBOX = '/bin/busybox';

function dockerRuns(): boolean {
  return spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 }).status === 0;
}

const java = javaHome();
const ready = java && onPath('mvn') && onPath('docker') && existsSync(BUSYBOX) && dockerRuns() ? java : undefined;
const it = whenTool('Java 17, Maven, a running Docker engine and /bin/busybox (Debian busybox-static)', ready);

let tmp = '';

/** Builds a local image from a Dockerfile text, in a context that holds the static busybox. */
function image(tag: string, dockerfile: string): void {
  const ctx = join(tmp, `ctx-${tag.replace(/[^a-z0-9]/g, '-')}`);
  mkdirSync(ctx, { recursive: true });
  cpSync(BUSYBOX, join(ctx, 'busybox'));
  writeFileSync(join(ctx, 'Dockerfile'), dockerfile);
  execFileSync('docker', ['build', '-q', '-t', tag, ctx], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** A Dockerfile line that puts fake step tools (scripts that print their name) on the PATH. */
function fakeTools(tools: string[]): string {
  const script = tools.map((t) => `printf '#!/bin/sh\\necho fake-${t}\\n' > /usr/local/bin/${t} && chmod +x /usr/local/bin/${t}`).join(' && ');
  return `RUN ["/bin/sh", "-c", "mkdir -p /usr/local/bin && ${script}"]\n`;
}

beforeAll(() => {
  if (!ready) return;
  execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  tmp = mkdtempSync(join(tmpdir(), 'jslc-executor-agents-'));
  const base = 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n';
  image('jslc-test-busybox:agents', base);
  // An ENTRYPOINT that leaves a marker, then runs the command it is given (as official images' entrypoints do).
  image(
    'jslc-test-entrypoint:agents',
    'FROM jslc-test-busybox:agents\nRUN ["/bin/mkdir", "-m", "1777", "/tmp"]\n' +
      'ENTRYPOINT ["/bin/sh", "-c", "echo entrypoint-ran > /tmp/entrypoint-marker; exec \\"$@\\"", "--"]\n',
  );
  // An ENTRYPOINT that ignores its command: cat never runs.
  image('jslc-test-nocat:agents', 'FROM jslc-test-busybox:agents\nENTRYPOINT ["/bin/sh", "-c", "exec sleep 1000"]\n');
  image('jslc-test-from:agents', `FROM jslc-test-busybox:agents\n${fakeTools(['go', 'git'])}`);
  image('jslc-test-tools:agents', `FROM jslc-test-busybox:agents\n${fakeTools(['go', 'git', 'docker', 'cosign'])}`);
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  log: string;
  workspace: string;
  audit: { step: string; argv: string[] }[];
}

let runs = 0;

/** Runs the executor on a fixture with a fresh workspace and an audit file. */
function execute(jenkinsfile: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Run {
  const dir = join(tmp, `run-${++runs}`);
  const workspace = join(dir, 'workspace');
  const audit = join(dir, 'audit.jsonl');
  const r = spawnSync(join(java!, 'bin', 'java'), ['-jar', JAR, '--workspace', workspace, '--audit', audit, ...extra, join(FIXTURES, jenkinsfile)], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...env },
  });
  const lines = existsSync(audit) ? readFileSync(audit, 'utf8').trim().split('\n').filter(Boolean) : [];
  return { code: r.status, log: r.stdout + r.stderr, workspace, audit: lines.map((l) => JSON.parse(l) as { step: string; argv: string[] }) };
}

/** The `docker run` argv of each agent container, in start order. */
function runs_(r: Run): string[][] {
  return r.audit.filter((l) => l.step === 'agent').map((l) => l.argv);
}

/** The argv with each `-e NAME` pair removed (the build's variables, by name), for exact comparison. */
function withoutEnv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-e') i++;
    else out.push(argv[i]!);
  }
  return out;
}

function uidGid(): string {
  return `${execFileSync('id', ['-u'], { encoding: 'utf8' }).trim()}:${execFileSync('id', ['-g'], { encoding: 'utf8' }).trim()}`;
}

describe('executor docker agents as docker-workflow runs them', () => {
  it("runs docker run with DockerClient.run's argv, as the build's user, the ENTRYPOINT kept, and a @2 workspace for a stage agent unless reuseNode", () => {
    const r = execute('container-agents/workspaces.Jenkinsfile');
    expect(r.log).toMatch(/Finished: SUCCESS\s*$/);
    const ws = r.workspace;
    const [top, own, reuse] = runs_(r);
    expect(withoutEnv(top!)).toEqual([
      'docker',
      'run',
      '-t',
      '-d',
      '-u',
      uidGid(),
      '--add-host',
      'jslc.invalid:127.0.0.1',
      '-w',
      ws,
      '-v',
      `${ws}:${ws}:rw,z`,
      '-v',
      `${ws}@tmp:${ws}@tmp:rw,z`,
      'jslc-test-entrypoint:agents',
      'cat',
    ]);
    // The build's variables by name only; the log shows them masked, as docker-workflow's addMasked does.
    expect(top!.filter((a, i) => top![i - 1] === '-e')).toContain('WORKSPACE');
    expect(r.log).toContain(`-v ${ws}@tmp:${ws}@tmp:rw,z -e ******** `);
    for (const argv of runs_(r)) {
      expect(argv).not.toContain('--network');
      expect(argv).not.toContain('--entrypoint');
    }
    expect(r.log).toContain(`user ${uidGid()}`);
    expect(r.log).toContain('marker entrypoint-ran');
    expect(r.log).toContain(`$ docker top `);
    expect(r.log).not.toContain("didn't run the expected command");
    expect(r.log).toContain(`top ws ${ws} ${ws}`);
    // A stage agent is a second node block of the build: Jenkins gives it <ws>@2 (WorkspaceList.allocate).
    expect(r.log).toContain(`Running on built-in in ${ws}@2`);
    expect(own).toContain(`${ws}@2:${ws}@2:rw,z`);
    expect(r.log).toContain(`own ws ${ws}@2 ${ws}@2`);
    expect(r.log).toContain('own has no top.txt');
    // reuseNode true: a new container on the pipeline's node and workspace.
    expect(reuse).toContain(`${ws}:${ws}:rw,z`);
    expect(r.log).toContain(`reuse ws ${ws} ${ws} top`);
    // docker exec: --workdir only off the container's -w, environment by name, PATH never.
    const execs = r.audit.filter((l) => l.step === 'sh').map((l) => l.argv);
    expect(execs.length).toBe(3);
    for (const argv of execs) {
      expect(argv.slice(0, 2)).toEqual(['docker', 'exec']);
      expect(argv).not.toContain('--workdir');
      expect(argv.filter((a, i) => argv[i - 1] === '--env').every((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) && n !== 'PATH')).toBe(true);
    }
  }, 300_000);

  it("logs WithContainerStep's error when the image's ENTRYPOINT does not run cat, and still runs the steps", () => {
    const r = execute('container-agents/no-cat.Jenkinsfile');
    expect(r.log).toContain(
      "ERROR: The container started but didn't run the expected command. Please double check your ENTRYPOINT does execute the command passed as docker run argument",
    );
    expect(r.log).toContain("Alternatively you can force image entrypoint to be disabled by adding option `--entrypoint=''`.");
    expect(r.log).toContain('still runs');
    expect(r.code).toBe(0);
  }, 300_000);
});

describe('executor kubernetes agents as a pod', () => {
  it('a file credential is readable in the pod where its variable points, also under dir()', () => {
    const creds = join(tmp, 'pod-creds.json');
    writeFileSync(creds, JSON.stringify({ kubeconfig: { type: 'file', fileName: 'config', content: 'apiVersion: v1\n' } }));
    const r = execute('pod-containers/credentials.Jenkinsfile', ['--credentials', creds]);
    expect(r.log).toMatch(/^bytes 15$/m);
    expect(r.log).toMatch(/^readable in sub$/m);
    expect(r.log).toMatch(/Finished: SUCCESS\s*$/);
  }, 300_000);

  it("runs a jnlp container and the pod's containers in one network and workspace, defaultContainer, container('b'), emptyDir, runAsUser, a sidecar on localhost", () => {
    const r = execute('pod-containers/Jenkinsfile');
    expect(r.log).toMatch(/Finished: SUCCESS\s*$/);
    const podWs = '/home/jenkins/agent/workspace/jslc-local';
    const started = runs_(r);
    // Pod: jnlp, a, b, web; second pod: jnlp, a.
    expect(started).toHaveLength(6);
    const [jnlp, a, b, web] = started;
    expect(jnlp).not.toContain('--network');
    expect(jnlp).toContain('--entrypoint');
    for (const c of [a!, b!, web!]) {
      const net = c[c.indexOf('--network') + 1]!;
      expect(net).toMatch(/^container:[0-9a-f]{64}$/);
      expect(c.some((x) => x.endsWith(':/home/jenkins/agent:rw'))).toBe(true);
    }
    // Each container's own env and user; emptyDir only where mounted.
    expect(b![b!.indexOf('-u') + 1]).toBe('4321');
    expect(a).not.toContain('-u');
    expect(r.log).toContain(`in a as 0 at ${podWs} ws ${podWs}`);
    expect(r.log).toContain(`in b as 4321 pod container b at ${podWs}: shared-by-a from-a`);
    expect(r.log).toContain('in jnlp: cname=none');
    expect(r.log).toContain('jnlp has no scratch');
    expect(r.log).toMatch(/^shared-by-a$/m);
    // The sidecar listens on the pod's 127.0.0.1 only: the default container reaches it there.
    expect(r.log).toMatch(/^sidecar-says-hi$/m);
    // Without defaultContainer the steps run in jnlp (no CNAME); container('a') switches.
    expect(r.log).toContain('without defaultContainer: cname=none');
    expect(r.log).toContain('container a: cname=a');
    // Every container of both pods is gone, and the pods' volumes with them.
    const ids = [...r.log.matchAll(/^\$ docker rm -f --volumes ([0-9a-f]{64})$/gm)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(6);
    for (const id of ids) expect(spawnSync('docker', ['inspect', id], { encoding: 'utf8' }).status).not.toBe(0);
    expect(existsSync(`${r.workspace}@pods`) ? spawnSync('ls', ['-A', `${r.workspace}@pods`], { encoding: 'utf8' }).stdout.trim() : '').toBe('');
  }, 300_000);

  it("fails an unschedulable pod with the scheduler's message: requests above the machine, another architecture", () => {
    const r = execute('pod-unschedulable/Jenkinsfile');
    expect(r.code).toBe(2);
    expect(r.log).toMatch(/\[Warning\]\[jenkins\/[^\]]+\]\[FailedScheduling\] 0\/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory\./);
    expect(r.log).toMatch(/Pod \[Pending\]\[Unschedulable\] 0\/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory\./);
    expect(r.log).toContain("lower the pod's resource requests");
    expect(r.log).not.toContain('+ echo NOT REACHED');
    expect(runs_(r)).toHaveLength(0);
    expect(r.log).toMatch(/Finished: FAILURE\s*$/);
    const machine = process.arch === 'x64' ? 'amd64' : process.arch;
    const other = machine === 'arm64' ? 'amd64' : 'arm64';
    const arch = execute('pod-unschedulable/arch.Jenkinsfile', [], { OTHER_ARCH: other });
    expect(arch.code).toBe(2);
    expect(arch.log).toContain("[FailedScheduling] 0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.");
    expect(arch.log).toContain(`architecture ${machine}`);
    const same = execute('pod-unschedulable/arch.Jenkinsfile', [], { OTHER_ARCH: machine });
    // With the machine's own architecture the same pod schedules and its step runs.
    expect(same.code).toBe(0);
    expect(same.log).toContain('+ echo NOT REACHED');
  }, 300_000);

  it('gives a pod the host network only with hostNetwork: true', () => {
    const r = execute('pod-containers/host-network.Jenkinsfile');
    expect(r.log).toMatch(/Finished: SUCCESS\s*$/);
    const [jnlp, a] = runs_(r);
    expect(jnlp!.slice(jnlp!.indexOf('--network'), jnlp!.indexOf('--network') + 2)).toEqual(['--network', 'host']);
    expect(jnlp).not.toContain('--hostname');
    expect(a![a!.indexOf('--network') + 1]).toMatch(/^container:[0-9a-f]{64}$/);
    expect(r.log).toContain(`pod hostname ${execFileSync('hostname', { encoding: 'utf8' }).trim()}`);
  }, 300_000);

  it("fails container('x') outside a pod as KubernetesNodeContext does", () => {
    const r = execute('pod-containers/outside.Jenkinsfile');
    expect(r.code).toBe(2);
    expect(r.log).toContain('ERROR: Node is not a Kubernetes node: built-in');
    expect(r.log).not.toContain('+ echo NOT REACHED');
  }, 300_000);
});

describe('executor --agent-image warning', () => {
  it('names the tools the substitute provides that the original lacks, and says a green local run does not prove them', () => {
    const r = execute('container-agents/substitute.Jenkinsfile', [
      '--agent-image',
      'jslc-test-from:agents=jslc-test-tools:agents',
      '--agent-image',
      'golang:1.21.6=jslc-test-tools:agents',
      '--agent-image',
      'registry.invalid/team/tools:1=jslc-test-tools:agents',
    ]);
    expect(r.log).toMatch(/Finished: SUCCESS\s*$/);
    expect(r.log).toContain(
      'WARNING: --agent-image jslc-test-from:agents=jslc-test-tools:agents: jslc-test-tools:agents provides docker, cosign, which jslc-test-from:agents lacks (checked with command -v in both images). A green local run does not prove that jslc-test-from:agents has them',
    );
    // golang:1.21.6 is not pulled: the table of well-known images says what it ships (or command -v, where present).
    expect(r.log).toMatch(
      /WARNING: --agent-image golang:1\.21\.6=jslc-test-tools:agents: jslc-test-tools:agents provides docker, cosign, which golang:1\.21\.6 lacks/,
    );
    expect(r.log).toContain(
      'WARNING: --agent-image registry.invalid/team/tools:1=jslc-test-tools:agents: registry.invalid/team/tools:1 is not present locally, so its tools could not be checked; jslc-test-tools:agents provides go, git, docker, cosign. A green local run does not prove that registry.invalid/team/tools:1 has them.',
    );
    // jslc run reads them back from the log, once per image.
    const warnings = agentImageWarnings(r.log);
    expect(warnings.map((w) => `${w.from}=${w.to}`)).toEqual([
      'jslc-test-from:agents=jslc-test-tools:agents',
      'golang:1.21.6=jslc-test-tools:agents',
      'registry.invalid/team/tools:1=jslc-test-tools:agents',
    ]);
    expect(warnings[0]!.message).toMatch(/^--agent-image jslc-test-from:agents=jslc-test-tools:agents: .*docker, cosign/);
  }, 300_000);
});

describe('agentImageWarnings (jslc run)', () => {
  test("reads the executor's warning lines, with a parallel branch prefix, once per image, and nothing else", () => {
    const log = [
      '[Pipeline] node',
      '[Build] WARNING: --agent-image golang:1.21.6=jslc-runner:abc: jslc-runner:abc provides docker, cosign, which golang:1.21.6 lacks (x). A green local run does not prove that golang:1.21.6 has them.',
      'WARNING: --agent-image golang:1.21.6=jslc-runner:abc: again',
      'WARNING: something else',
      '+ echo WARNING: --agent-image',
    ].join('\n');
    expect(agentImageWarnings(log)).toEqual([
      {
        from: 'golang:1.21.6',
        to: 'jslc-runner:abc',
        message:
          '--agent-image golang:1.21.6=jslc-runner:abc: jslc-runner:abc provides docker, cosign, which golang:1.21.6 lacks (x). A green local run does not prove that golang:1.21.6 has them.',
      },
    ]);
  });
});
