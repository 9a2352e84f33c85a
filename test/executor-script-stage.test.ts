/**
 * Script stages (`stage.sh`) run through the local executor (runner/executor/, groovy-cps 1.31, no Docker): the
 * library of fixtures/executor/script-stage/library.ts is compiled, then its pipeline runs with a hostile build
 * parameter. Proves: run-time values (BUILD_NUMBER, JOB_NAME) and the parameter reach the script as environment
 * variables; the parameter's `$(touch …)`, quotes and newline are data, never executed; `dir` runs the script in
 * a subdirectory of the workspace; allowExitCodes accepts exit status 3 and fails the build on 4, with the status
 * in the message. The jar is built (cached) by scripts/build-executor.sh, as in test/executor.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synth } from '../src/driver/driver.js';
import type { LibraryIR } from '../src/ir/types.js';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'fixtures', 'executor', 'script-stage');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');

const tools = javaHome() && onPath('mvn') ? { java: javaHome() } : undefined;
const it = whenTool('Java 17 and Maven (to build and run runner/executor/target/jslc-executor.jar)', tools);

let tmp = '';
let lib = '';

beforeAll(async () => {
  if (!tools) return;
  execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  tmp = mkdtempSync(join(tmpdir(), 'jslc-script-stage-'));
  lib = join(tmp, 'scripts');
  const ir = ((await import('../fixtures/executor/script-stage/library.js')) as { default: LibraryIR }).default;
  for (const [path, text] of synth(ir, { source: 'fixtures/executor/script-stage/library.ts' })) {
    mkdirSync(dirname(join(lib, path)), { recursive: true });
    writeFileSync(join(lib, path), text);
  }
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function execute(params: readonly string[], n: number, extra: readonly string[] = []): { code: number | null; log: string; workspace: string } {
  const workspace = join(tmp, `ws-${n}`, 'workspace');
  const creds = join(tmp, 'credentials.json');
  writeFileSync(
    creds,
    JSON.stringify({
      registry: { type: 'usernamePassword', username: 'ci-bot', password: 'p4ss-w0rd-xyz' },
      'deploy-key': { type: 'file', fileName: 'id_ed25519', content: 'line one\nline two\n' },
    }),
  );
  const args = [
    '-jar',
    JAR,
    '--workspace',
    workspace,
    '--library',
    `scripts=${lib}`,
    '--credentials',
    creds,
    '--env',
    'BUILD_NUMBER=42',
    '--env',
    'JOB_NAME=team/app',
  ];
  for (const p of params) args.push('--param', p);
  args.push(...extra);
  const r = spawnSync(join(tools!.java!, 'bin', 'java'), ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', ...args, join(FIXTURE, 'Jenkinsfile')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, log: r.stdout + r.stderr, workspace };
}

describe('stage.sh under the executor', () => {
  it('passes values only by environment, runs in dir, and accepts the allowed exit codes', () => {
    const pwned = join(tmp, 'pwned');
    const hostile = `$(touch ${pwned}) \`touch ${pwned}\` it's "quoted" \\ $HOME\n; touch ${pwned} #`;
    const r = execute([`NOTE=${hostile}`], 1);
    expect(r.log).toMatch(/Finished: SUCCESS\s*$/);
    expect(r.code).toBe(0);
    // Run-time values reached the script through its environment.
    expect(r.log).toContain('build=42 job=team/app');
    // The hostile parameter is data: nothing ran, and the script received it byte for byte.
    expect(existsSync(pwned)).toBe(false);
    expect(readFileSync(join(r.workspace, 'note.txt'), 'utf8')).toBe(hostile);
    expect(r.log).toContain(`note bytes: ${Buffer.byteLength(hostile)}`);
    // dir: the second script ran in sub/dir of the workspace.
    expect(r.log).toContain(`in: ${join(r.workspace, 'sub', 'dir')}`);
    expect(readFileSync(join(r.workspace, 'sub', 'dir', 'marker.txt'), 'utf8')).toBe('here\n');
    expect(existsSync(join(r.workspace, 'marker.txt'))).toBe(false);
    // Scoped credentials: the script got the password (its hash is the real one's) and the key file, the log shows
    // neither the password nor the file's path, and the next stage does not see them.
    expect(readFileSync(join(r.workspace, 'pass.sha'), 'utf8').trim()).toBe(
      execFileSync('sh', ['-c', 'printf %s p4ss-w0rd-xyz | sha256sum | cut -c1-12'], { encoding: 'utf8' }).trim(),
    );
    expect(r.log).toContain('user ci-bot pass ****');
    expect(r.log).not.toContain('p4ss-w0rd-xyz');
    expect(r.log).toContain('key lines: 2');
    expect(r.log).toContain('after: [unset]');
    // A capture: the trimmed output of one stage, read by a later one through its environment.
    expect(r.log).toContain('captured: [v9.8.7-42]');
    // when on a captured value (a regular expression over env) and a REGEXP branch comparator, under the executor.
    expect(r.log).toContain('Stage "Release only" skipped due to when conditional');
    expect(r.log).not.toContain('NOT ON THIS BRANCH');
    // Exit status 3 is allowed: the build goes on.
    expect(r.log).toContain('exiting 3');
    expect(r.log).toContain('exiting 0');
  });

  it('build parameters override the call for one build, also as the strings Jenkinsfile Runner passes', () => {
    expect(execute(['NOTE=x'], 3).log).toContain('mode=fast loud=false');
    expect(execute(['NOTE=x', 'mode=full', 'loud=true'], 4).log).toContain('mode=full loud=true');
    expect(execute(['NOTE=x', 'loud=false', 'mode=full'], 5, ['--params-as-strings']).log).toContain('mode=full loud=false');
  });

  it('fails the stage on an exit status outside allowExitCodes, naming the status', () => {
    const r = execute(['NOTE=x', 'FAIL_WITH=4'], 2);
    expect(r.log).toContain('exiting 4');
    expect(r.log).toContain('ERROR: shellScript: status exited with status 4; allowed: 0, 3');
    expect(r.log).toMatch(/Finished: FAILURE\s*$/);
    expect(r.code).toBe(2);
  });
});
