/**
 * Runtime fuzzing (issue 5, item 1): adversarial strings, generated with fast-check from a fixed seed, reach
 * processes byte-exact when a generated library runs under the local groovy-cps executor (runner/executor/).
 *
 * Field classes: stage names, `cmd()` argument values, `cmd()` env values, `goPipeline({ environment })` values,
 * parameter values the Jenkinsfile passes (`param('pN')` used as a `cmd()` argument) and parameter defaults it
 * does not override (`param('dN')`, the value from the generated checkArgs literal). Each case is one
 * `stage.run` stage whose command is a constant Python recorder (fixtures/fuzz/harness.mjs) writing the bytes of
 * its argv and environment, hex encoded, to a file named by the case index; the log must show each stage name in a
 * `[Pipeline] { (name)` line. Values validation rejects (NUL anywhere; control characters or line breaks in stage
 * names) must be rejected with a message, never emitted. The same library compiles with groovy + cps (verifier).
 *
 * Beside the fixed seed, each run adds a fresh seed (issue 15, item 7), printed as `fuzz: fresh seed N (replay: …)`
 * so that a failure can be replayed (`JSLC_FUZZ_SEED=N` replays it here).
 *
 * bench/fuzz.js runs the same harness with 10,000 cases (`npm run bench:fuzz`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as api from '../src/index.js';
import { BUILD_VERIFIER_SCRIPT, runVerifier } from '../src/verify/jvm.js';
import {
  CLASSES,
  type Case,
  type Failure,
  type Rejection,
  buildLibrary,
  checkBatch,
  classify,
  counts,
  freshSeed,
  freshSeedLine,
  makeCases,
  runBatch,
  writeFiles,
} from '../fixtures/fuzz/harness.mjs';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');

const SEED = 20261126;
/** Cases in all; about a third of the generated stage names are rejected (line breaks, control characters). */
const CASES = 480;
/**
 * Cases per pipeline var (one executor run each): 100 stages with their environment overflow the CPS method limit,
 * and two parameters per case must stay within the 100 parameters jslc allows (JSLC029).
 */
const BATCH = 45;
const MIN_PER_CLASS = 300;
/** The fresh seed's cases: two batches, about 15 s more on CI's two cores. */
const FRESH_CASES = 90;
const FRESH_SEED = freshSeed();

const tools = javaHome() && onPath('mvn') && onPath('python3') ? { java: javaHome()! } : undefined;
const it = whenTool('Java 17, Maven and python3 (runtime fuzzing under runner/executor/target/jslc-executor.jar)', tools);

let tmp = '';
let libDir = '';
let cases: Case[] = [];
let rejected: Rejection[] = [];
let batches: Case[][] = [];
let freshCases: Case[] = [];
let freshRejected: Rejection[] = [];
let freshBatches: Case[][] = [];

beforeAll(() => {
  if (!tools) return;
  // Both cached: no-ops unless their sources changed.
  execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  execFileSync('bash', [BUILD_VERIFIER_SCRIPT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  process.stderr.write(`${freshSeedLine(FRESH_SEED, { cases: FRESH_CASES, test: 'test/fuzz-runtime.test.ts' })}\n`);
  tmp = mkdtempSync(join(tmpdir(), 'jslc-fuzz-runtime-'));
  cases = makeCases(fc, SEED, CASES);
  rejected = classify(api, cases);
  for (let i = 0; i < cases.length; i += BATCH) batches.push(cases.slice(i, i + BATCH));
  freshCases = makeCases(fc, FRESH_SEED, FRESH_CASES);
  freshRejected = classify(api, freshCases);
  for (let i = 0; i < freshCases.length; i += BATCH) freshBatches.push(freshCases.slice(i, i + BATCH));
  libDir = join(tmp, 'lib');
  // One library: the fixed seed's vars fz0…, then the fresh seed's.
  writeFiles(libDir, api.synth(buildLibrary(api, [...batches, ...freshBatches])));
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('runtime fuzzing: generated values reach processes byte-exact', () => {
  it('rejects unsafe values with a message instead of emitting them', () => {
    for (const r of [...rejected, ...freshRejected]) {
      expect(r.diags.length).toBeGreaterThan(0);
      for (const d of r.diags) expect(d.message.length).toBeGreaterThan(0);
      const codes = r.diags.map((d) => d.code);
      if (r.field === 'stageName') {
        // A NUL in a stage name is one of its control characters: JSLC007 (not JSLC024) reports it.
        // Empty or blank, multi-line or with C0 controls (tab aside) or DEL.
        expect(r.value.trim() === '' || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(r.value)).toBe(true);
        expect(codes).toContain('JSLC007');
      } else {
        expect(codes).toEqual(['JSLC024']);
      }
    }
    // Every NUL is caught, and the library never contains a rejected value: synth refuses it.
    for (const c of [...cases, ...freshCases]) for (const f of CLASSES) if (c.values[f].includes('\u0000')) expect(c.ok[f]).toBe(false);
    expect(rejected.some((r) => r.value.includes('\u0000'))).toBe(true);
    const nul = rejected.find((r) => r.field === 'arg')!;
    const bad = api.defineLibrary({
      name: 'bad',
      description: 'b',
      pipelines: { bad: api.goPipeline({ description: 'b', go: { version: '1.27.4' }, stages: [api.stage.run('s', api.cmd('true', [nul.value]))] }) },
    });
    expect(() => api.synth(bad)).toThrow(api.ValidationError);
  });

  it('compiles the fuzz library with groovy + cps in one verifier run', async () => {
    const r = await runVerifier(libDir, ['groovy', 'cps']);
    expect(r.findings).toEqual([]);
    expect(r.files).toBeGreaterThanOrEqual(batches.length + freshBatches.length);
  }, 300_000);

  it(`runs ${CASES} cases (seed ${SEED}) and ${FRESH_CASES} of a fresh seed, and every process receives its values byte for byte`, () => {
    const n = counts(cases);
    for (const f of CLASSES) expect(n[f]).toBeGreaterThanOrEqual(MIN_PER_CLASS);
    const failures: (Failure & { seed: number })[] = [];
    const started = Date.now();
    let slowest = 0;
    batches.forEach((batch, b) => {
      const run = runBatch(api, { java: join(tools!.java, 'bin', 'java'), jar: JAR, libDir, workDir: tmp }, batch, b);
      slowest = Math.max(slowest, run.ms);
      failures.push(...checkBatch(batch, run).map((f) => ({ seed: SEED, ...f })));
    });
    // The fresh seed's batches: vars fz<batches.length + k>, each its own Jenkinsfile and workspace.
    const fresh: (Failure & { seed: number })[] = [];
    freshBatches.forEach((batch, k) => {
      const b = batches.length + k;
      const run = runBatch(api, { java: join(tools!.java, 'bin', 'java'), jar: JAR, libDir, workDir: tmp }, batch, b);
      slowest = Math.max(slowest, run.ms);
      fresh.push(...checkBatch(batch, run).map((f) => ({ seed: FRESH_SEED, ...f })));
    });
    process.stderr.write(
      `fuzz-runtime: seed=${SEED} cases=${CASES} compared=${JSON.stringify(n)} rejected=${rejected.length} batches=${batches.length} ` +
        `fresh_seed=${FRESH_SEED} fresh_cases=${FRESH_CASES} fresh_batches=${freshBatches.length} ` +
        `total_ms=${Date.now() - started} slowest_ms=${slowest}\n`,
    );
    expect(failures).toEqual([]);
    // A failure here is new: replay it with the fuzz: fresh seed line printed above.
    expect(fresh).toEqual([]);
  }, 600_000);
});

describe('fresh fuzz seeds', () => {
  test('JSLC_FUZZ_SEED replays a seed; unset, a random one; anything else is refused with the fix', () => {
    expect(freshSeed({ JSLC_FUZZ_SEED: '1019405795' })).toBe(1019405795);
    expect(freshSeed({ JSLC_FUZZ_SEED: '0' })).toBe(0);
    expect(freshSeed({ JSLC_FUZZ_SEED: '2147483647' })).toBe(2147483647);
    const seeds = Array.from({ length: 5 }, () => freshSeed({}));
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    expect(new Set(seeds).size).toBeGreaterThan(1);
    for (const bad of ['-1', 'abc', '2147483648', '1e3', ' 7']) {
      expect(() => freshSeed({ JSLC_FUZZ_SEED: bad })).toThrow(
        `JSLC_FUZZ_SEED=${JSON.stringify(bad)} is not a fuzz seed: set it to an integer from 0 to 2147483647 (the N of a "fuzz: fresh seed N" line), or unset it for a random one`,
      );
    }
  });

  test('the printed line names the seed and the commands that replay the same cases', () => {
    expect(freshSeedLine(42, { cases: 90, test: 'test/fuzz-runtime.test.ts' })).toBe(
      'fuzz: fresh seed 42 (replay: node bench/fuzz.js --seed 42 --cases 90 --tool-cases 0, or JSLC_FUZZ_SEED=42 npm run jest -- test/fuzz-runtime.test.ts)',
    );
    // bench/fuzz.js generates the same cases from the same seed and count.
    expect(makeCases(fc, 42, 90)).toEqual(makeCases(fc, 42, 90));
    expect(makeCases(fc, 42, 90)).not.toEqual(makeCases(fc, 43, 90));
  });
});
