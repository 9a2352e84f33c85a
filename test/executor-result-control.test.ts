/**
 * Result control run through the local executor (runner/executor/, groovy-cps 1.31, no Docker): the library of
 * fixtures/executor/result-control/library.ts is compiled, then each of its pipelines runs. Proves: a stage that
 * fails its first attempt passes on the second after the generated `sleep`; a failing stage with onFailure
 * 'unstable' (`catchError(buildResult: 'UNSTABLE', stageResult: 'UNSTABLE')`) leaves the build UNSTABLE and later
 * stages run; a test stage whose total coverage (50%) is below its minimum (80%) calls `unstable`, so the build is
 * UNSTABLE while later stages run. The jar is built (cached) by scripts/build-executor.sh, as in
 * test/executor.test.ts; the coverage run needs Go on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synth } from '../src/driver/driver.js';
import type { LibraryIR } from '../src/ir/types.js';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(ROOT, 'fixtures', 'executor', 'result-control');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');

const tools = javaHome() && onPath('mvn') ? { java: javaHome() } : undefined;
const it = whenTool('Java 17 and Maven (to build and run runner/executor/target/jslc-executor.jar)', tools);
const itGo = whenTool('Java 17, Maven and Go (the coverage run tests a Go module)', tools && onPath('go') ? tools : undefined);

let tmp = '';
let lib = '';

beforeAll(async () => {
  if (!tools) return;
  execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  tmp = mkdtempSync(join(tmpdir(), 'jslc-result-control-'));
  lib = join(tmp, 'results');
  const ir = ((await import('../fixtures/executor/result-control/library.js')) as { default: LibraryIR }).default;
  for (const [path, text] of synth(ir, { source: 'fixtures/executor/result-control/library.ts' })) {
    mkdirSync(dirname(join(lib, path)), { recursive: true });
    writeFileSync(join(lib, path), text);
  }
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function execute(which: string): { code: number | null; log: string } {
  const workspace = join(tmp, `ws-${which}`, 'workspace');
  const args = ['-jar', JAR, '--workspace', workspace, '--library', `results=${lib}`, '--param', `WHICH=${which}`];
  const r = spawnSync(join(tools!.java!, 'bin', 'java'), ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', ...args, join(FIXTURE, 'Jenkinsfile')], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: r.status, log: r.stdout + r.stderr };
}

/** The position of a text in the log, failing the test when it is missing. */
function at(log: string, text: string): number {
  const i = log.indexOf(text);
  expect({ text, found: i >= 0 }).toEqual({ text, found: true });
  return i;
}

describe('result control under the executor', () => {
  it('retries a flaky stage after a sleep, and onFailure unstable lets later stages run', () => {
    const r = execute('results');
    // Retry: attempt 1 fails, the helper sleeps the first delay (1 s), attempt 2 passes.
    const first = at(r.log, 'flaky: attempt 1 fails');
    const sleep = at(r.log, 'Sleeping for 1 sec');
    const second = at(r.log, 'flaky: attempt 2 passes');
    expect(first).toBeLessThan(sleep);
    expect(sleep).toBeLessThan(second);
    expect(r.log.match(/Sleeping for/g)?.length).toBe(1);
    // onFailure 'unstable': the failure is caught, the build goes on and ends UNSTABLE.
    const broken = at(r.log, 'broken: failing');
    const after = at(r.log, 'after: still runs');
    expect(broken).toBeLessThan(after);
    expect(r.log).toMatch(/Finished: UNSTABLE\s*$/);
    expect(r.code).toBe(1);
  });

  itGo('a coverage below the minimum makes the build UNSTABLE and later stages run', () => {
    const r = execute('coverage');
    const unstable = at(r.log, 'coverage 50.0% is below the minimum of 80%');
    expect(unstable).toBeLessThan(at(r.log, 'after: still runs'));
    expect(r.log).toMatch(/Finished: UNSTABLE\s*$/);
    expect(r.code).toBe(1);
  });
});
