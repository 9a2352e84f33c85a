/**
 * Runtime fuzzing of the values jslc hands to go and docker (issue 5, item 1): build `ldflags` elements, image
 * label values, build argument values, image tags and push credentials ids, generated with fast-check from a fixed
 * seed. Each case is a `stage.build` + `stage.image` pair of a generated library, run under the local groovy-cps
 * executor with `go` and `docker` as constant recorders (fixtures/fuzz/tools-harness.mjs): every value must reach
 * the process byte-exact (`-ldflags V`, `--tag repo:V`, `--label k=V`, `--build-arg K=V`), and the credentials id
 * must select its own credential (its user name in docker login's environment, its password on stdin, not in
 * argv). Values validation rejects must be rejected with a message, never emitted.
 *
 * The real go and docker run in test/e2e.test.ts; bench/fuzz.js runs these classes at scale too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as api from '../src/index.js';
import { runVerifier } from '../src/verify/jvm.js';
import { writeFiles } from '../fixtures/fuzz/harness.mjs';
import {
  TOOL_CLASSES,
  type ToolCase,
  type ToolRejection,
  buildToolLibrary,
  checkToolBatch,
  classifyTools,
  makeToolCases,
  runToolBatches,
  toolCounts,
} from '../fixtures/fuzz/tools-harness.mjs';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');

const SEED = 20261126;
const CASES = 460;
/** Two stages per case, each with its own sh steps: 45 cases keep a pipeline var well under the CPS limits. */
const BATCH = 45;
const MIN_PER_CLASS = 300;

const tools = javaHome() && onPath('mvn') && onPath('python3') ? { java: javaHome()! } : undefined;
const it = whenTool('Java 17, Maven and python3 (runtime fuzzing of go/docker values under the executor)', tools);

let tmp = '';
let libDir = '';
let cases: ToolCase[] = [];
let rejected: ToolRejection[] = [];
const batches: ToolCase[][] = [];

beforeAll(() => {
  if (!tools) return;
  execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  tmp = mkdtempSync(join(tmpdir(), 'jslc-fuzz-tools-'));
  cases = makeToolCases(fc, SEED, CASES);
  rejected = classifyTools(api, cases);
  for (let i = 0; i < cases.length; i += BATCH) batches.push(cases.slice(i, i + BATCH));
  libDir = join(tmp, 'lib');
  writeFiles(libDir, api.synth(buildToolLibrary(api, batches)));
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('runtime fuzzing: values for go and docker arrive byte-exact', () => {
  it('rejects what cannot be passed safely, with the rule and a message', () => {
    const expected: Record<ToolCase['values'] extends Record<infer K, string> ? K : never, string[]> = {
      ldflag: ['JSLC021', 'JSLC024'],
      imageTag: ['JSLC020'],
      credentialsId: ['JSLC018', 'JSLC024'],
      label: ['JSLC024'],
      buildArg: ['JSLC024'],
    };
    for (const r of rejected) {
      expect(r.diags.length).toBeGreaterThan(0);
      for (const d of r.diags) {
        expect(expected[r.field]).toContain(d.code);
        expect(d.message.length).toBeGreaterThan(0);
      }
    }
    // Every NUL is rejected; every rejection of a label or build argument value is a NUL.
    for (const c of cases) for (const f of TOOL_CLASSES) if (c.values[f]!.includes('\u0000')) expect(c.ok[f]).toBe(false);
    for (const r of rejected) if (r.field === 'label' || r.field === 'buildArg') expect(r.value).toContain('\u0000');
  });

  it('compiles the library with groovy + cps', async () => {
    const r = await runVerifier(libDir, ['groovy', 'cps']);
    expect(r.findings).toEqual([]);
  }, 300_000);

  it(`runs ${CASES} cases (seed ${SEED}): ldflags, tags, labels, build args and credentials ids reach go and docker byte for byte`, async () => {
    const n = toolCounts(cases);
    for (const f of TOOL_CLASSES) expect(n[f]).toBeGreaterThanOrEqual(MIN_PER_CLASS);
    const started = Date.now();
    const runs = await runToolBatches({ java: join(tools!.java, 'bin', 'java'), jar: JAR, libDir, workDir: tmp }, batches, 2);
    const failures = runs.flatMap((run, b) => checkToolBatch(batches[b]!, run).map((f) => ({ seed: SEED, ...f })));
    process.stderr.write(
      `fuzz-tools: seed=${SEED} cases=${CASES} compared=${JSON.stringify(n)} rejected=${rejected.length} batches=${batches.length} ` +
        `total_ms=${Date.now() - started} slowest_ms=${Math.max(...runs.map((r) => r.ms))}\n`,
    );
    expect(failures).toEqual([]);
  }, 900_000);
});
