// bench:verify — how long `jslc verify` takes on the committed library, and how
// large a pipeline survives the CPS transform (groovy-cps 1.31), emitted by jslc
// versus written by hand as one flat Declarative pipeline.
// Prints a table and ends with: bench:verify verify_s=… max_stages_jslc=… max_stages_flat=…
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { cmd, defineLibrary, goPipeline, stage, synth } from '../dist/index.js';
import { writeLibrary } from '../dist/library/writer.js';
import { BUILD_VERIFIER_SCRIPT, runVerifier } from '../dist/verify/jvm.js';

const GOAL_VERIFY_S = 10;
const GOAL_STAGES = 1000;
const CAP = 8000;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'jslc-bench-verify-'));

function verifyOnce() {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['bin/jslc.js', 'verify', 'vars-out'], { encoding: 'utf8', env: { ...process.env, CI: '' } });
  if (r.status !== 0) throw new Error(`jslc verify vars-out failed:\n${r.stdout}${r.stderr}`);
  return (performance.now() - t) / 1000;
}

/** A library directory holding one jslc pipeline of n simple stages. */
function jslcLibrary(n) {
  const stages = Array.from({ length: n }, (_, i) => stage.run(`Step ${i}`, cmd('echo', [String(i)])));
  const lib = defineLibrary({ name: 'big', pipelines: { big: goPipeline({ description: 'd', go: { version: '1.26.8' }, stages }) } });
  const dir = join(work, `jslc-${n}`);
  writeLibrary(dir, synth(lib));
  return dir;
}

/** A library directory holding one hand-written flat Declarative pipeline of n stages. */
function flatLibrary(n) {
  const dir = join(work, `flat-${n}`);
  mkdirSync(join(dir, 'vars'), { recursive: true });
  const stages = Array.from(
    { length: n },
    (_, i) => `            stage('Step ${i}') {\n                steps {\n                    sh 'echo ${i}'\n                }\n            }`,
  );
  writeFileSync(
    join(dir, 'vars', 'flatPipeline.groovy'),
    `def call(Map args = [:]) {\n    pipeline {\n        agent any\n        stages {\n${stages.join('\n')}\n        }\n    }\n}\n`,
  );
  return dir;
}

async function passes(make, n) {
  const dir = make(n);
  try {
    const r = await runVerifier(dir, ['cps']);
    return r.findings.length === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest n in [1, CAP] that passes, by doubling then bisection (to within 2%). */
async function largest(make, start) {
  let good = 0;
  let bad = CAP + 1;
  let n = start;
  while (n <= CAP) {
    if (await passes(make, n)) {
      good = n;
      n *= 2;
    } else {
      bad = n;
      break;
    }
  }
  if (bad > CAP) return { n: good, capped: true };
  while (bad - good > Math.max(1, Math.floor(good / 50))) {
    const mid = Math.floor((good + bad) / 2);
    if (await passes(make, mid)) good = mid;
    else bad = mid;
  }
  return { n: good, capped: false };
}

async function main() {
  execFileSync('bash', [BUILD_VERIFIER_SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'] });
  const loadBefore = loadavg()[0];
  verifyOnce(); // warm-up: file cache, JIT-less JVM start is what users see every time
  const runs = [verifyOnce(), verifyOnce(), verifyOnce()];
  const verifyS = median(runs);
  const jslcMax = await largest(jslcLibrary, 250);
  const flatMax = await largest(flatLibrary, 25);
  rmSync(work, { recursive: true, force: true });

  const rows = [
    ['measure', 'value'],
    ['jslc verify vars-out (all checks, warm), median of 3', `${verifyS.toFixed(2)} s (runs ${runs.map((r) => r.toFixed(2)).join(', ')})`],
    ['largest jslc pipeline passing the CPS transform', `${jslcMax.n}${jslcMax.capped ? ` (probe cap ${CAP})` : ''} stages`],
    ['largest flat hand-written Declarative pipeline', `${flatMax.n}${flatMax.capped ? ` (probe cap ${CAP})` : ''} stages`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const r of rows) console.log(`${r[0].padEnd(w)}  ${r[1]}`);
  console.log('');
  console.log(`goal verify_s < ${GOAL_VERIFY_S}: ${verifyS < GOAL_VERIFY_S ? 'met' : 'MISSED'}`);
  console.log(`goal max_stages_jslc >= ${GOAL_STAGES}: ${jslcMax.n >= GOAL_STAGES ? 'met' : 'MISSED'}`);
  const loadAfter = loadavg()[0];
  if (Math.max(loadBefore, loadAfter) > cpus().length)
    console.log(`note: the machine was busy (1-min load ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}); timings are noisy`);
  console.log(`bench:verify verify_s=${verifyS.toFixed(2)} max_stages_jslc=${jslcMax.n} max_stages_flat=${flatMax.n}`);
}

main().catch((e) => {
  rmSync(work, { recursive: true, force: true });
  console.error(`bench:verify: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
