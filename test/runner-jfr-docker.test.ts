/**
 * The Jenkinsfile Runner backend against a real Docker engine, with a stand-in image
 * (fixtures/jfr/standin/: a FROM-scratch image of Debian's static busybox whose launcher checks what
 * the real one needs; not Jenkins, which this machine cannot pull). It proves what only a real
 * engine can:
 * - the run home named by `--runHome` exists and is empty in the container (JenkinsLauncher.java
 *   refuses anything else), the JCasC file, the secrets (0700 / 0400) and the Jenkinsfile are there
 *   before the launcher starts: `putArchive` into the created container works;
 * - an "agent" container started with `--volumes-from` the JFR container, as docker-workflow's
 *   WithContainerStep does, sees none of the secrets, the JCasC directory or the run home, and does
 *   share the run directory: the `<ws>@2` workspace the JFR container made, and the workspace;
 * - the plugin check lists the image's real plugins directory with a short-lived container;
 * - a launcher exiting 1 without `Finished:` is a crash, not UNSTABLE.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JenkinsfileRunner, JenkinsfileRunnerCrash } from '../src/runner/jenkinsfile-runner/index.js';
import { onPath, whenTool } from './support/tools.js';

const BUSYBOX = '/bin/busybox';
const IMAGE = 'jslc-test-jfr-standin:1';
const AGENT_IMAGE = 'jslc-test-busybox:jfr';

function dockerRuns(): boolean {
  return spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 }).status === 0;
}
const docker = onPath('docker') && existsSync(BUSYBOX) && dockerRuns() ? 'docker' : undefined;
const itDocker = whenTool('a running Docker engine and /bin/busybox (Debian busybox-static)', docker);

describe('jenkinsfile-runner backend with a real Docker engine (stand-in image)', () => {
  let tmp = '';
  let lib = '';
  beforeAll(() => {
    if (docker === undefined) return;
    tmp = mkdtempSync(join(tmpdir(), 'jslc-jfr-docker-'));
    const ctx = join(tmp, 'image');
    cpSync(join(process.cwd(), 'fixtures', 'jfr', 'standin'), ctx, { recursive: true });
    cpSync(BUSYBOX, join(ctx, 'busybox'));
    execFileSync('docker', ['build', '-q', '-t', IMAGE, ctx], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    const agent = join(tmp, 'agent-image');
    mkdirSync(agent);
    cpSync(BUSYBOX, join(agent, 'busybox'));
    writeFileSync(join(agent, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n');
    execFileSync('docker', ['build', '-q', '-t', AGENT_IMAGE, agent], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    lib = join(tmp, 'lib');
    mkdirSync(join(lib, 'vars'), { recursive: true });
    writeFileSync(join(lib, 'vars', 'greet.groovy'), "def call() { sh 'echo hi' }\n");
    execFileSync('git', ['init', '-q', '-b', 'main', lib]);
  }, 300_000);
  afterAll(() => {
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  });

  const jenkinsfile = (name: string, text: string): string => {
    const p = join(tmp, name);
    writeFileSync(p, text);
    return p;
  };

  itDocker(
    'secrets, JCasC and run home are copied in, not inherited by a --volumes-from agent; the run directory (ws@2) is shared',
    async () => {
      const ws = join(tmp, 'run', 'ws');
      let agentOut = '';
      const result = await new JenkinsfileRunner({ image: IMAGE, pull: false, dockerSocket: null, env: {} }).run({
        jenkinsfile: jenkinsfile('Jenkinsfile', "@Library('jfr-lib') _\npipeline { agent any; stages { stage('A') { steps { greet() } } } }\n"),
        libraries: [{ name: 'jfr-lib', repository: lib }],
        workspace: ws,
        params: { SIGN: 'false' },
        credentials: { tok: { type: 'string', secret: 's3cr3t-t0ken' } },
        timeoutMs: 120_000,
        onLog: (line) => {
          if (!line.startsWith('container=')) return;
          // The container's own id (with network mode host its hostname is the host's): the one running the stand-in.
          const id = execFileSync(
            'docker',
            ['ps', '-q', '--no-trunc', '--filter', 'label=io.jslc.runner=jenkinsfile-runner', '--filter', `ancestor=${IMAGE}`],
            {
              encoding: 'utf8',
            },
          ).trim();
          expect(id).toMatch(/^[0-9a-f]{64}$/);
          const r = spawnSync(
            'docker',
            [
              'run',
              '--rm',
              '--volumes-from',
              id,
              AGENT_IMAGE,
              'sh',
              '-c',
              `for p in /run/jslc-secrets /jslc/casc /jslc/home /workspace/Jenkinsfile; do test -e $p && echo "VISIBLE $p"; done; echo "ws2=$(cat '${ws}@2/from-jfr')"; echo agent-was-here > '${ws}/agent-done'`,
            ],
            { encoding: 'utf8', timeout: 60_000 },
          );
          agentOut = r.stdout + r.stderr;
        },
      });
      if (result.result !== 'SUCCESS') process.stderr.write(result.log);
      expect(result.result).toBe('SUCCESS');
      expect(result.log).toContain('modes home=755 secrets=700 secret=400\n');
      expect(result.log).toContain('secret is ****\n');
      expect(result.log).not.toContain('s3cr3t-t0ken');
      expect(result.log).toContain('jcasc ok: /jslc/casc/jenkins.yaml\n');
      expect(result.log).toContain('jenkinsfile ok\n');
      expect(result.log).toContain('param SIGN=false\n');
      expect(result.stages.map((s) => s.name)).toEqual(['Check', 'Agent']);
      // The agent container: nothing of the JFR container's own layer, but the run directory.
      expect(agentOut).toBe('ws2=from-jfr\n');
      expect(result.log).toContain('agent saw: agent-was-here\n');
      expect(readFileSync(join(ws, 'agent-done'), 'utf8')).toBe('agent-was-here\n');
    },
    180_000,
  );

  itDocker(
    "the plugin check lists the image's plugins directory; a missing plugin stops the run before the build container",
    async () => {
      const runner = new JenkinsfileRunner({ image: IMAGE, pull: false, dockerSocket: null, env: {} });
      const file = jenkinsfile('Jenkinsfile.junit', "pipeline { agent any; stages { stage('T') { steps { junit 'r.xml' } } } }\n");
      await expect(runner.run({ jenkinsfile: file, libraries: [], workspace: join(tmp, 'run2', 'ws') })).rejects.toThrow(
        `jenkinsfile-runner: the image ${IMAGE} lacks a plugin the run needs (plugins read from ${IMAGE}:/usr/share/jenkins/ref/plugins):\n  - junit (step junit in Jenkinsfile)\n`,
      );
      expect(existsSync(join(tmp, 'run2', 'ws'))).toBe(false);
    },
    120_000,
  );

  itDocker(
    'a launcher that exits 1 without a Finished line is a crash (JenkinsfileRunnerCrash), not UNSTABLE',
    async () => {
      const runner = new JenkinsfileRunner({ image: IMAGE, pull: false, dockerSocket: null, env: {} });
      const err = await runner
        .run({ jenkinsfile: jenkinsfile('Jenkinsfile.crash', 'node { }\n'), libraries: [], workspace: join(tmp, 'run3', 'ws'), env: { STANDIN_CRASH: '1' } })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(JenkinsfileRunnerCrash);
      expect((err as JenkinsfileRunnerCrash).outcome).toMatchObject({ kind: 'crashed', crash: 'exception', exitCode: 1 });
      expect((err as JenkinsfileRunnerCrash).message).toContain('java.lang.IllegalStateException: stand-in crash');
    },
    120_000,
  );
});
