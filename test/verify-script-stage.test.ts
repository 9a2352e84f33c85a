/**
 * `jslc verify` (all six checks, through the CLI) over libraries that use script stages: the all-features golden
 * (stage.sh with every runtime.* value and a param, stage.make) and the executor's script-stage library. Zero
 * findings: the shellScript var and its calls compile under Groovy 2.4 and CPS, pass CodeNarc, the Declarative
 * validator and the sandbox whitelist, and expand no secret on a command line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_VERIFIER_SCRIPT, javaHome } from '../src/verify/jvm.js';
import { onPath, whenTool } from './support/tools.js';

const tools = javaHome() && onPath('mvn') ? true : undefined;
const it = whenTool('Java 17 and Maven (jslc verify)', tools);

beforeAll(() => {
  if (tools) execFileSync('bash', [BUILD_VERIFIER_SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
}, 900_000);

function verify(dir: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/jslc.js', 'verify', dir], { encoding: 'utf8', env: { ...process.env, CI: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('the all-features golden (stage.sh, stage.make) passes all six checks with zero findings', () => {
  const r = verify('test/__golden__/all-features');
  expect(r.stdout).toMatch(/: \d+ files, groovy, cps, codenarc, declarative, sandbox, secrets: 0 finding\(s\) in [\d.]+ s\n$/);
  expect(r.status).toBe(0);
}, 120_000);

it('a library of script stages only passes all six checks with zero findings', () => {
  const out = mkdtempSync(join(tmpdir(), 'jslc-verify-script-'));
  try {
    execFileSync(process.execPath, ['bin/jslc.js', 'build', 'fixtures/executor/script-stage/library.ts', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const r = verify(out);
    expect(r.stdout).toMatch(/: \d+ files, groovy, cps, codenarc, declarative, sandbox, secrets: 0 finding\(s\) in [\d.]+ s\n$/);
    expect(r.status).toBe(0);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
