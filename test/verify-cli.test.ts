/**
 * `jslc verify` end to end through the CLI: all six checks over the
 * committed library (zero findings), known-bad libraries (each check catches
 * its fault, printed as file:line:col [check] message), `jslc build --verify`,
 * and large pipelines that stay under the CPS method size limit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cmd, defineLibrary, goPipeline, stage } from '../src/index.js';
import { synth } from '../src/driver/driver.js';
import { writeLibrary } from '../src/library/writer.js';
import { BUILD_VERIFIER_SCRIPT, javaHome, runVerifier } from '../src/verify/jvm.js';
import { STAGES_PER_METHOD } from '../src/schedule/chunks.js';
import { onPath, whenTool } from './support/tools.js';

/** stderr without the progress lines of verify (per check) and publish (per step). */
const withoutProgress = (s: string): string =>
  s.replace(/^jslc (verify: [a-z]+: \d+ files?, \d+ finding\(s\) in \d+\.\d s|publish: [a-z-]+ in \d+\.\d s)\n/gm, '');

const tools = javaHome() && onPath('mvn') ? true : undefined;
const it = whenTool('Java 17 and Maven (jslc verify)', tools);

beforeAll(() => {
  if (tools) execFileSync('bash', [BUILD_VERIFIER_SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
}, 900_000);

function jslc(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/jslc.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('jslc verify vars-out passes all six checks with zero findings', () => {
  const r = jslc(['verify', 'vars-out']);
  expect(withoutProgress(r.stderr)).toBe('');
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(6);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^jslc verify: vars-out: 12 files, groovy, cps, codenarc, declarative, sandbox, secrets: 0 finding\(s\) in [\d.]+ s\n$/);
});

it('each known-bad library fails its check with a precise file:line:col [check] message', () => {
  const syntax = jslc(['verify', 'fixtures/verify/groovy-syntax', '--checks', 'groovy']);
  expect(syntax.status).toBe(1);
  expect(syntax.stderr).toMatch(/^vars\/\w+\.groovy:\d+:\d+ \[groovy\] .+/m);
  const cps = jslc(['verify', 'fixtures/verify/cps-synchronized', '--checks', 'groovy,cps']);
  expect(cps.status).toBe(1);
  expect(cps.stderr).toMatch(/^vars\/\w+\.groovy:\d+:\d+ \[cps\] synchronized is unsupported for CPS transformation$/m);
  expect(cps.stderr).not.toContain('[groovy]');
  const sandbox = jslc(['verify', 'fixtures/verify/sandbox', '--checks', 'sandbox']);
  expect(sandbox.status).toBe(1);
  expect(sandbox.stderr).toMatch(/\[sandbox\] new java\.io\.File java\.lang\.String: blacklisted \(dangerous\)/);
  expect(sandbox.stderr).toMatch(
    /\[sandbox\] staticMethod org\.codehaus\.groovy\.runtime\.DefaultGroovyMethods execute java\.lang\.String: blacklisted \(dangerous\)/,
  );
  const json = JSON.parse(jslc(['verify', 'fixtures/verify/sandbox', '--checks', 'sandbox', '--json']).stdout) as {
    ok: boolean;
    findings: { check: string }[];
  };
  expect(json.ok).toBe(false);
  expect(json.findings.every((f) => f.check === 'sandbox')).toBe(true);
});

it('Declarative and CodeNarc faults in a hand-written library are reported', () => {
  const r = jslc(['verify', 'fixtures/verify/declarative-faults', '--checks', 'declarative,groovy']);
  expect(r.status).toBe(1);
  expect(r.stderr.split('\n').filter((l) => l.includes('['))).toEqual([
    'vars/duplicateStageNames.groovy:17:21 [declarative] /pipeline/stages/1/parallel/1: Duplicate stage name: "Build" (first used at /pipeline/stages/0)',
    'vars/duplicateStageNames.groovy:19:29 [declarative] /pipeline/stages/1/parallel/1/stages/0: Duplicate stage name: "Unit" (first used at /pipeline/stages/1/parallel/0)',
    'vars/duplicateStageNames.groovy:28:13 [declarative] /pipeline/stages/2: Duplicate stage name: "Test" (first used at /pipeline/stages/1)',
    'vars/postInsideSteps.groovy:8:21 [declarative] /pipeline/stages/0/branches/0/steps/1: Invalid step "post" used - not allowed in this context - "post" is a Declarative section, allowed at the top of pipeline {} or directly in a stage',
  ]);
  const bad = jslc(['verify', 'fixtures/codenarc/ClosureInGString', '--checks', 'codenarc']);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/^vars\/announce\.groovy:2:\d+ \[codenarc\] error ClosureInGString: /m);
});

it('unknown checks are a usage error', () => {
  const r = jslc(['verify', 'vars-out', '--checks', 'groovy,lint']);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('unknown check(s) lint');
});

it('jslc build --verify verifies before writing, and is on by default in CI', () => {
  const out = mkdtempSync(join(tmpdir(), 'jslc-build-verify-'));
  try {
    const r = jslc(['build', 'examples/go-service.pipeline.ts', '--out', join(out, 'lib')], { CI: 'true' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/jslc verify: the generated library: 12 files, .*: 0 finding\(s\)/);
    expect(readFileSync(join(out, 'lib/vars/goServicePipeline.groovy'), 'utf8')).toBe(readFileSync('vars-out/vars/goServicePipeline.groovy', 'utf8'));
    const skipped = jslc(['build', 'examples/go-service.pipeline.ts', '--out', join(out, 'lib2'), '--skip-verify'], { CI: 'true' });
    expect(skipped.stdout).not.toContain('jslc verify');
    expect(existsSync(join(out, 'lib2/vars'))).toBe(true);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

it('a 1,000-stage pipeline passes the CPS transform: simple stages are split into methods', async () => {
  const stages = Array.from({ length: 1000 }, (_, i) => stage.run(`Step ${i}`, cmd('echo', [String(i)])));
  const lib = defineLibrary({ name: 'big', pipelines: { big: goPipeline({ description: 'd', go: { version: '1.26.8' }, stages }) } });
  const files = synth(lib);
  const helper = files.get('vars/bigStages.groovy')!;
  expect(helper.match(/^void part\d+\(Map cfg\) \{$/gm)).toHaveLength(Math.ceil(1000 / STAGES_PER_METHOD));
  // Without parameters the pipeline var has no cfg: the chunks get an empty map (the runtime fuzz runs such a pipeline).
  expect(files.get('vars/big.groovy')).toContain('bigStages(0, [:])');
  const dir = mkdtempSync(join(tmpdir(), 'jslc-big-'));
  try {
    writeLibrary(join(dir, 'lib'), files);
    const r = await runVerifier(join(dir, 'lib'), ['groovy', 'cps', 'sandbox']);
    expect(r.findings).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
