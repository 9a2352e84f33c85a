/**
 * The local runner backend and `jslc run`: the container it creates (mounts, network, no secret on a command line
 * or in the environment), the log parsing both backends share, and `jslc run` itself against the real runner image
 * (the build result is the exit code; stage progress on stderr).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestedVersions } from '../src/cli/commands/run.js';
import type { RunEnvelope } from '../src/cli/run-report.js';
import { connectDocker, dockerAvailable } from '../src/runner/image/docker.js';
import { ensureRunnerImage } from '../src/runner/image/build.js';
import { containerOptions, executorArgs, type RunPaths } from '../src/runner/local/plan.js';
import { stageSpans } from '../src/runner/log.js';
import { EXIT_CODE_BY_RESULT, resultOfExitCode, type RunRequest } from '../src/runner/types.js';
import { whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const paths: RunPaths = {
  runDir: '/var/tmp/jslc-run-x',
  workspace: '/var/tmp/jslc-run-x/workspace',
  artifacts: '/var/tmp/jslc-run-x/artifacts',
  jenkinsfile: '/var/tmp/jslc-run-x/.secrets-1/Jenkinsfile',
  credentialsFile: '/var/tmp/jslc-run-x/.secrets-1/credentials.json',
};

const request: RunRequest = {
  jenkinsfile: '/src/Jenkinsfile',
  libraries: [{ name: 'go-cd', repository: '/repos/go-cd', defaultVersion: 'v1.0.0' }],
  scm: 'git://127.0.0.1:9418/go-service',
  params: { image: 'reg/app', sign: 'true' },
  env: { BRANCH_NAME: 'main' },
  credentials: {
    registry: { type: 'usernamePassword', username: 'ci-user', password: 'pa55-w0rd-registry' },
    key: { type: 'file', fileName: 'cosign.key', content: '-----BEGIN KEY-----\nc2VjcmV0LWtleQ==\n-----END KEY-----\n' },
    pass: { type: 'string', secret: 'cosign-secret-pass' },
  },
  agentImages: { 'golang:1.27.4': 'jslc-runner:abc' },
};

describe('local runner container', () => {
  test('runs the executor with the request as options, sorted, and the Jenkinsfile last', () => {
    expect(executorArgs(request, paths)).toEqual([
      'jslc-executor',
      '--workspace',
      paths.workspace,
      '--artifacts',
      paths.artifacts,
      '--library',
      'go-cd=/repos/go-cd',
      '--library-version',
      'v1.0.0',
      '--credentials',
      paths.credentialsFile,
      '--scm',
      'git://127.0.0.1:9418/go-service',
      '--param',
      'image=reg/app',
      '--param',
      'sign=true',
      '--env',
      'BRANCH_NAME=main',
      '--agent-image',
      'golang:1.27.4=jslc-runner:abc',
      paths.jenkinsfile,
    ]);
  });

  test('mounts the run directory, the libraries (read-only) and the Docker socket at their host paths, on the host network', () => {
    const o = containerOptions('jslc-runner:abc', 'run-1', request, paths);
    expect(o.Image).toBe('jslc-runner:abc');
    expect(o.HostConfig?.Binds).toEqual([
      '/var/tmp/jslc-run-x:/var/tmp/jslc-run-x:rw',
      '/var/run/docker.sock:/var/run/docker.sock',
      '/repos/go-cd:/repos/go-cd:ro',
    ]);
    expect(o.HostConfig?.NetworkMode).toBe('host');
    expect(o.Labels).toEqual({ 'dev.jslc.run': 'run-1' });
    expect(o.Env).toContain('JSLC_RUN_ID=run-1');
    expect(o.Env?.some((e) => e.startsWith('JSLC_STAGES_FILE='))).toBe(false);
    const withFile = containerOptions('jslc-runner:abc', 'run-1', request, { ...paths, stagesFile: '/var/tmp/jslc-run-x/.jslc-stages-1.jsonl' });
    expect(withFile.Env).toContain('JSLC_STAGES_FILE=/var/tmp/jslc-run-x/.jslc-stages-1.jsonl');
  });

  test('puts no credential value in the container options (command line, environment, labels)', () => {
    const json = JSON.stringify(containerOptions('jslc-runner:abc', 'run-1', request, paths));
    for (const secret of ['pa55-w0rd-registry', 'cosign-secret-pass', 'c2VjcmV0LWtleQ==', 'ci-user']) {
      expect(json).not.toContain(secret);
    }
  });

  test('passes --library-trust untrusted to the executor only for untrusted libraries, before the Jenkinsfile', () => {
    const trusted = executorArgs(request, paths);
    expect(executorArgs(request, paths, 'trusted')).toEqual(trusted);
    expect(trusted).not.toContain('--library-trust');
    expect(executorArgs(request, paths, 'untrusted')).toEqual([...trusted.slice(0, -1), '--library-trust', 'untrusted', paths.jenkinsfile]);
    expect(containerOptions('jslc-runner:abc', 'run-1', request, paths, 'untrusted').Cmd).toEqual(executorArgs(request, paths, 'untrusted'));
  });

  test('refuses two different default library versions', () => {
    const two: RunRequest = { ...request, libraries: [...request.libraries, { name: 'other', repository: '/repos/o', defaultVersion: 'v2' }] };
    expect(() => executorArgs(two, paths)).toThrow('the local runner takes one default library version, got v1.0.0, v2');
  });
});

describe('build results and @Library versions', () => {
  test('times every stage from the log, parallel branches by their [branch] prefix', () => {
    const log: [number, string][] = [
      [0, '[Pipeline] { (Checkout)'],
      [10, '[Pipeline] // stage'],
      [11, '[Pipeline] { (Quality)'],
      [12, '[Pipeline] parallel'],
      [12, '[Pipeline] { (Branch: Vet)'],
      [12, '[Pipeline] { (Branch: Test)'],
      [13, '[Vet] [Pipeline] { (Vet)'],
      [13, '[Test] [Pipeline] { (Test)'],
      [20, '[Vet] [Pipeline] // stage'],
      [20, '[Pipeline] }'],
      [50, '[Test] [Pipeline] // stage'],
      [51, '[Pipeline] // parallel'],
      [52, '[Pipeline] // stage'],
    ];
    expect(
      stageSpans(
        log.map(([, l]) => l),
        log.map(([t]) => t),
      ),
    ).toEqual([
      { name: 'Checkout', startMs: 0, endMs: 10 },
      { name: 'Quality', startMs: 11, endMs: 52 },
      { name: 'Vet', startMs: 13, endMs: 20 },
      { name: 'Test', startMs: 13, endMs: 50 },
    ]);
  });

  test('maps exit codes to build results as Jenkinsfile Runner does', () => {
    expect(EXIT_CODE_BY_RESULT).toEqual({ SUCCESS: 0, UNSTABLE: 1, FAILURE: 2, NOT_BUILT: 3, ABORTED: 4 });
    expect(resultOfExitCode(2)).toBe('FAILURE');
    expect(resultOfExitCode(137)).toBeUndefined();
  });

  test('reads the versions @Library asks for', () => {
    const jf = "@Library(['go-cd@v1.0.0', 'other@main']) _\n@Library('go-cd@v2') import foo\n@Library('go-cd') _";
    expect(requestedVersions(jf, 'go-cd')).toEqual(['v1.0.0', 'v2']);
    expect(requestedVersions(jf, 'other')).toEqual(['main']);
  });
});

const docker = connectDocker();
const dockerUp = (await dockerAvailable(docker, 3000)) ? true : undefined;
const itDocker = whenTool('a running Docker engine (for jslc run)', dockerUp);

describe('jslc run (local runner)', () => {
  let dir = '';
  beforeAll(async () => {
    if (!dockerUp) return;
    await ensureRunnerImage({ docker });
    dir = mkdtempSync(join(tmpdir(), 'jslc-run-cli-'));
  }, 1_800_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function jslcRun(jenkinsfile: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const file = join(dir, `Jenkinsfile-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, jenkinsfile);
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'jslc.js'), 'run', file, ...args], { encoding: 'utf8', timeout: 600_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  itDocker(
    'runs a Jenkinsfile with an unpublished library (vars-out) and exits with the build result',
    () => {
      const ok = jslcRun(
        "@Library('go-cd@v9.9.9') _\npipeline {\n  agent any\n  stages {\n    stage('Hello') { steps { runCommand(command: 'echo', args: ['hello from the library']) } }\n  }\n}\n",
        '--library',
        join(ROOT, 'vars-out'),
      );
      expect(ok.stdout).toContain('hello from the library');
      expect(ok.stdout).toMatch(/Finished: SUCCESS\s*$/);
      expect(ok.stderr).toMatch(/jslc run: ▶ Hello \(\+\d+\.\d s\)/);
      expect(ok.stderr).toMatch(/jslc run: ✔ Hello \d+\.\d s/);
      expect(ok.stderr).toMatch(/jslc run: SUCCESS in \d+\.\d s \(exit 0\)/);
      expect(ok.code).toBe(0);

      const failed = jslcRun(
        "pipeline {\n  agent any\n  stages {\n    stage('A') { steps { sh 'exit 3' } }\n    stage('B') { steps { echo 'never' } }\n  }\n}\n",
        '--library',
        join(ROOT, 'vars-out'),
        '--quiet',
      );
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toContain('jslc run: FAILURE');
      expect(failed.code).toBe(2);
    },
    600_000,
  );

  itDocker(
    'answers an input with --input (proceed with a value, or abort) and keeps --param values strings with --params-as-strings',
    () => {
      const jf =
        "pipeline {\n  agent any\n  stages {\n    stage('Ask') {\n      steps {\n        script {\n          def who = input(id: 'Release', message: 'Release?', parameters: [string(name: 'WHO', defaultValue: 'nobody')])\n          echo \"released by ${who}\"\n          echo \"SIGN is a ${params.SIGN.getClass().simpleName}\"\n        }\n      }\n    }\n  }\n}\n";
      const ok = jslcRun(jf, '--library', join(ROOT, 'vars-out'), '--input', 'Release=proceed:WHO=alice', '--param', 'SIGN=false', '--params-as-strings');
      expect(ok.stdout).toContain('released by alice');
      expect(ok.stdout).toContain('SIGN is a String');
      expect(ok.code).toBe(0);
      const aborted = jslcRun(jf, '--library', join(ROOT, 'vars-out'), '--input', 'Release=abort', '--param', 'SIGN=false');
      expect(aborted.stdout).toMatch(/Finished: ABORTED\s*$/);
      expect(aborted.code).toBe(4);
    },
    600_000,
  );

  itDocker(
    'reports each stage: when-skipped, failed, skipped after the failure; --json prints one envelope and no log',
    () => {
      const r = jslcRun(
        [
          'pipeline {',
          '  agent any',
          '  stages {',
          "    stage('Build') { steps { echo 'building' } }",
          "    stage('Docs') {",
          "      when { branch 'release' }",
          "      steps { echo 'never' }",
          '    }',
          "    stage('Test') { steps { sh 'exit 3' } }",
          "    stage('Deploy') { steps { echo 'never' } }",
          '  }',
          '}',
          '',
        ].join('\n'),
        '--library',
        join(ROOT, 'vars-out'),
        '--env',
        'BRANCH_NAME=main',
        '--json',
      );
      expect(r.code).toBe(2);
      // stdout is the envelope and nothing else (no log).
      const env = JSON.parse(r.stdout) as RunEnvelope;
      expect(env).toMatchObject({
        ok: false,
        command: 'run',
        exitCode: 2,
        result: 'FAILURE',
        findings: [{ severity: 'error', message: 'script returned exit code 3' }],
      });
      expect(env.stages.map((s) => [s.name, s.status])).toEqual([
        ['Build', 'success'],
        ['Docs', 'skipped-by-when'],
        ['Test', 'failed'],
        ['Deploy', 'skipped-after-failure'],
      ]);
      for (const s of env.stages) {
        expect(s.startMs).toBeGreaterThan(0);
        expect(s.durationMs).toBeGreaterThanOrEqual(0);
        expect(s.parents).toBeUndefined();
      }
      expect(env.durationMs).toBeGreaterThan(env.stages[3]!.startMs);
      // Progress on stderr: skipped stages are not shown as started.
      expect(r.stderr).toMatch(/jslc run: ▶ Build \(\+\d+\.\d s\)\njslc run: ✔ Build \d+\.\d s\n/);
      expect(r.stderr).toContain('jslc run: - Docs skipped (when)\n');
      expect(r.stderr).toMatch(/jslc run: ✘ Test \d+\.\d s \(failed\)\n/);
      expect(r.stderr).toContain('jslc run: - Deploy skipped (earlier failure)\n');
      expect(r.stderr).not.toContain('▶ Docs');
      expect(r.stderr).not.toContain('▶ Deploy');
      expect(r.stderr).toMatch(/ {2}Deploy +skipped-after-failure +-\njslc run: FAILURE in \d+\.\d s \(exit 2\)/);
    },
    600_000,
  );

  itDocker(
    'prefers the stage status file the executor writes to JSLC_STAGES_FILE over what the log shows',
    () => {
      // catchError(stageResult: 'UNSTABLE') around an error: the log shows the stage's ERROR line (the log reader
      // would call it failed), the executor's status file says unstable, as Jenkins' stage result is.
      const r = jslcRun(
        [
          'pipeline {',
          '  agent any',
          '  stages {',
          "    stage('Build') { steps { catchError(buildResult: 'SUCCESS', stageResult: 'UNSTABLE') { error('boom') } } }",
          '  }',
          '}',
          '',
        ].join('\n'),
        '--library',
        join(ROOT, 'vars-out'),
        '--json',
      );
      expect(r.code).toBe(0);
      const env = JSON.parse(r.stdout) as RunEnvelope;
      expect(env.stages.map((s) => [s.name, s.status])).toEqual([['Build', 'unstable']]);
      expect(env.stages[0]!.startMs).toBeGreaterThan(0);
    },
    600_000,
  );

  itDocker(
    'an agent image the machine cannot pull fails the build with a finding that names the image and --agent-image',
    () => {
      const image = 'jslc-test-nonexistent.invalid/x:1';
      const r = jslcRun(
        `pipeline {\n  agent none\n  stages {\n    stage('Build') {\n      agent { docker { image '${image}' } }\n      steps { echo 'never' }\n    }\n  }\n}\n`,
        '--library',
        join(ROOT, 'vars-out'),
        '--json',
      );
      expect(r.code).toBe(2);
      const env = JSON.parse(r.stdout) as RunEnvelope;
      expect(env.findings[0]).toMatchObject({ severity: 'error', code: 'agent-image-pull' });
      expect(env.findings[0]!.message).toContain(`the agent image ${image} could not be pulled`);
      expect(env.findings[0]!.message).toContain(`--agent-image ${image}=LOCAL_IMAGE`);
      expect(env.stages.map((s) => [s.name, s.status])).toEqual([['Build', 'failed']]);
      expect(r.stderr).toContain(`jslc run: error: the agent image ${image} could not be pulled`);
    },
    600_000,
  );

  test('rejects bad usage with exit 2 (the usage-error code of every jslc command), printing the help', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'jslc.js'), 'run', 'Jenkinsfile', '--runner', 'cloud'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('jslc run: no such Jenkinsfile: Jenkinsfile');
    const lib = spawnSync(process.execPath, [join(ROOT, 'bin', 'jslc.js'), 'run', join(ROOT, 'package.json'), '--runner', 'cloud', '--library', 'x'], {
      encoding: 'utf8',
    });
    expect(lib.status).toBe(2);
    expect(lib.stderr).toContain('--runner must be local or jenkinsfile-runner, got "cloud"');
  });
});
