/**
 * `npm run bench:fuzz`: runtime fuzzing of jslc's escaping at scale (issue 5, item 1). Generates adversarial
 * strings per field class (stage names, cmd() arguments, cmd() env values, pipeline environment values, parameter defaults,
 * Jenkinsfile parameter values) with fast-check, runs them under the local groovy-cps executor in batches (one JVM
 * and one generated library per batch) and compares what each process received with the generated value, byte
 * for byte (fixtures/fuzz/harness.mjs; the CI-sized run is test/fuzz-runtime.test.ts).
 *
 *   node bench/fuzz.js [--cases N] [--tool-cases N] [--seed S] [--batch N] [--jobs N]
 *
 * --cases: the five classes above (default 10,000); --tool-cases: build ldflags, image tags, label values, build
 * argument values and push credentials ids reaching go and docker (default 1,000; fixtures/fuzz/tools-harness.mjs).
 *
 * --seed: default a fresh one (printed). The CI-sized runs (test/fuzz-runtime.test.ts, test/fuzz-tools.test.ts) run a
 * fixed seed and a fresh seed per run, printed as `fuzz: fresh seed N (replay: node bench/fuzz.js --seed N …)`: that
 * command generates the same cases, in the same batches of 45, so it replays any failure of theirs.
 *
 * Prints each failure with its seed and case index, and ends with exactly one line
 * `bench:fuzz cases=… failures=… seed=… slowest_ms=…` (slowest_ms: the slowest executor batch). Exit status 1 when
 * a value did not arrive byte-exact or a rejection was wrong.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as api from '../dist/index.js';
import { javaHome } from '../dist/verify/jvm.js';
import { CLASSES, batchCommand, buildLibrary, checkBatch, classify, counts, makeCases, writeFiles } from '../fixtures/fuzz/harness.mjs';
import {
  TOOL_CLASSES,
  buildToolLibrary,
  checkToolBatch,
  classifyTools,
  makeToolCases,
  runToolBatchAsync,
  toolCounts,
} from '../fixtures/fuzz/tools-harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');

function option(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`bench:fuzz: --${name} needs a non-negative integer`);
    process.exit(2);
  }
  return v;
}

const CASES = option('cases', 10_000);
const SEED = option('seed', Date.now() % 2 ** 31);
// Two parameters per case: at most 45 cases keep a pipeline within the 100 parameters jslc allows.
const BATCH = Math.max(1, Math.min(option('batch', 45), 45));
const JOBS = Math.max(1, option('jobs', 2));
// The go/docker field classes (ldflags, tags, labels, build args, credentials ids): slower per case (two stages,
// four sh steps each), so fewer by default.
const TOOL_CASES = option('tool-cases', 1_000);

const home = javaHome();
if (!home) {
  console.error('bench:fuzz: no Java 17 found (set JAVA_HOME)');
  process.exit(2);
}
execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
console.log(`bench:fuzz: seed=${SEED} cases=${CASES} batch=${BATCH} jobs=${JOBS}`);

const tmp = mkdtempSync(join(tmpdir(), 'jslc-bench-fuzz-'));
let failures = 0;
let slowest = 0;
try {
  const cases = makeCases(fc, SEED, CASES);
  const rejected = classify(api, cases);
  // Rejections: each with a message; a NUL is always rejected; stage names only for blank or control characters.
  for (const r of rejected) {
    const codes = r.diags.map((d) => d.code);
    const okReject =
      r.diags.every((d) => d.message) &&
      (r.field === 'stageName'
        ? codes.includes('JSLC007') && (r.value.trim() === '' || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(r.value))
        : codes.length === 1 && codes[0] === 'JSLC024' && r.value.includes('\u0000'));
    if (!okReject) {
      failures++;
      console.log(`FAIL seed=${SEED} index=${r.index} field=${r.field} value=${JSON.stringify(r.value)}: wrongly rejected: ${codes.join(',')}`);
    }
  }
  for (const c of cases) {
    for (const f of CLASSES) {
      if (f !== 'param' && c.values[f].includes('\u0000') && c.ok[f]) {
        failures++;
        console.log(`FAIL seed=${SEED} index=${c.index} field=${f}: a NUL was accepted`);
      }
    }
  }
  const batches = [];
  for (let i = 0; i < cases.length; i += BATCH) batches.push(cases.slice(i, i + BATCH));
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < batches.length) {
      const b = next++;
      const batch = batches[b];
      // One library per batch, so each executor run loads only its own var.
      const libDir = join(tmp, `lib-${b}`);
      writeFiles(libDir, api.synth(buildLibrary(api, [batch])));
      const { command, args, workspace } = batchCommand(api, { java: join(home, 'bin', 'java'), jar: JAR, libDir, workDir: tmp }, batch, b, 0);
      const t0 = Date.now();
      const { code, log } = await new Promise((done) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        const out = [];
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => out.push(d));
        child.on('close', (c) => done({ code: c, log: Buffer.concat(out).toString('utf8') }));
      });
      const ms = Date.now() - t0;
      slowest = Math.max(slowest, ms);
      for (const f of checkBatch(batch, { code, log, ms, workspace })) {
        failures++;
        console.log(`FAIL seed=${SEED} index=${f.index} field=${f.field}: expected ${f.expected}, got ${f.got}`);
      }
      rmSync(join(tmp, `ws-${b}`), { recursive: true, force: true });
      if ((b + 1) % 20 === 0) console.log(`bench:fuzz: ${b + 1}/${batches.length} batches, ${Math.round((Date.now() - started) / 1000)} s`);
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  console.log(
    `bench:fuzz: compared byte for byte ${JSON.stringify(counts(cases))}, rejected ${rejected.length}, ${batches.length} batches in ${Date.now() - started} ms`,
  );

  // Values for go and docker.
  const toolCases = makeToolCases(fc, SEED, TOOL_CASES);
  const toolRejected = classifyTools(api, toolCases);
  const allowed = { ldflag: ['JSLC021', 'JSLC024'], imageTag: ['JSLC020'], credentialsId: ['JSLC018', 'JSLC024'], label: ['JSLC024'], buildArg: ['JSLC024'] };
  for (const r of toolRejected) {
    if (!r.diags.every((d) => d.message && allowed[r.field].includes(d.code))) {
      failures++;
      console.log(
        `FAIL seed=${SEED} tool index=${r.index} field=${r.field} value=${JSON.stringify(r.value)}: wrongly rejected: ${r.diags.map((d) => d.code).join(',')}`,
      );
    }
  }
  const toolBatches = [];
  for (let i = 0; i < toolCases.length; i += 45) toolBatches.push(toolCases.slice(i, i + 45));
  let nextTool = 0;
  const toolStarted = Date.now();
  const toolWorker = async () => {
    while (nextTool < toolBatches.length) {
      const b = nextTool++;
      const batch = toolBatches[b];
      const libDir = join(tmp, `tool-lib-${b}`);
      // Each batch its own library with one var: ft<b>.
      writeFiles(libDir, api.synth(buildToolLibrary(api, [batch], b)));
      const run = await runToolBatchAsync({ java: join(home, 'bin', 'java'), jar: JAR, libDir, workDir: tmp }, batch, b);
      slowest = Math.max(slowest, run.ms);
      for (const f of checkToolBatch(batch, run)) {
        failures++;
        console.log(`FAIL seed=${SEED} tool index=${f.index} field=${f.field}: expected ${f.expected}, got ${f.got}`);
      }
      rmSync(join(tmp, `ft-${b}`), { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: JOBS }, toolWorker));
  console.log(
    `bench:fuzz: go/docker values compared byte for byte ${JSON.stringify(toolCounts(toolCases))}, rejected ${toolRejected.length}, ${toolBatches.length} batches in ${Date.now() - toolStarted} ms`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`bench:fuzz cases=${CASES + TOOL_CASES} failures=${failures} seed=${SEED} slowest_ms=${slowest}`);
process.exitCode = failures ? 1 : 0;
