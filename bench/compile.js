// Compile-time benchmark: `jslc build` of the example against a plain
// `tsc --noEmit` of the same entry (interleaved runs), and in-process emission
// of a synthetic 1,000-stage library.
//
// Run with `npm run bench:compile` (builds dist/ first). Prints a table, whether
// the goals of the issue are met, and as its last line:
//   bench:compile build_s=<x.xxx> tsc_s=<x.xxx> ratio=<x.xx> emit1000_s=<x.xxx>
// A missed goal is reported, not failed; the exit code is non-zero only when
// something crashes (a build or type-check that fails, a synth that throws).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ENTRY = 'examples/go-service.pipeline.ts';
const RUNS = 7;
const EMIT_RUNS = 5;
const EMIT_STAGES = 1000;
const GOAL_RATIO = 1.3;
const GOAL_EMIT_S = 1;

const TS_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'typescript', 'package.json'), 'utf8')).version;
/**
 * The plain type-check of the entry. TypeScript 6 refuses to run on files named
 * on the command line when a tsconfig.json is in the working directory (TS5112)
 * unless told `--ignoreConfig`, which is what TypeScript 5 did silently.
 * A clean type-check prints nothing at all.
 */
const TSC_ARGS = [
  ...(Number(TS_VERSION.split('.')[0]) >= 6 ? ['--ignoreConfig'] : []),
  '--noEmit',
  '--strict',
  '--skipLibCheck',
  '--target',
  'es2022',
  '--module',
  'nodenext',
  '--moduleResolution',
  'nodenext',
  ENTRY,
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms, digits = 3) => (ms / 1000).toFixed(digits);

/** Run `node <args>` in the project root; throw with its output unless it exits 0. Returns wall time in ms. */
function timeNode(label, args, check) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.error) throw new Error(`${label}: could not run: ${r.error.message}`);
  if (r.status !== 0 || (check && !check(r))) {
    throw new Error(`${label} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
  return ms;
}

/** The nearest tsconfig.json above the entry: the one whose compiler options `jslc build` checks the entry with. */
function entryTsconfig() {
  for (let dir = dirname(join(ROOT, ENTRY)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.json'))) return join(dir, 'tsconfig.json');
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Time, interleaved (the order rotates each round so drift and noise hit all
 * alike): `jslc build`, the plain `tsc --noEmit`, and, for information, tsc with
 * the compiler options jslc uses (those of the entry's nearest tsconfig.json,
 * over the entry alone). The last one separates jslc's own overhead from the
 * cost of what that tsconfig pulls in (e.g. `types`).
 */
function benchBuildVsTsc() {
  const tmp = mkdtempSync(join(tmpdir(), 'jslc-bench-'));
  try {
    const out = join(tmp, 'vars-out');
    const clean = (r) => r.stdout.trim() === '' && r.stderr.trim() === '';
    const tasks = {
      build: () => timeNode('jslc build', ['bin/jslc.js', 'build', ENTRY, '--out', out], (r) => r.stdout.startsWith('jslc: wrote ')),
      tsc: () => timeNode('tsc --noEmit', ['node_modules/typescript/bin/tsc', ...TSC_ARGS], clean),
    };
    const tsconfig = entryTsconfig();
    if (tsconfig !== undefined) {
      // Same options as jslc's check: the tsconfig's, plus noEmit and skipLibCheck,
      // over the entry only. typeRoots is spelled out because it would otherwise
      // resolve from this temporary file's directory instead of the tsconfig's.
      const config = join(tmp, 'tsconfig.json');
      writeFileSync(
        config,
        JSON.stringify({
          extends: tsconfig,
          compilerOptions: { noEmit: true, skipLibCheck: true, typeRoots: [join(dirname(tsconfig), 'node_modules', '@types')] },
          files: [join(ROOT, ENTRY)],
          include: [],
        }),
      );
      tasks.tscSame = () => timeNode('tsc -p (jslc options)', ['node_modules/typescript/bin/tsc', '-p', config], clean);
    }
    const names = Object.keys(tasks);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    // Warm-up (file system cache) of each, not timed.
    for (const n of names) tasks[n]();
    for (let i = 0; i < RUNS; i++) {
      for (let j = 0; j < names.length; j++) {
        const n = names[(i + j) % names.length];
        times[n].push(tasks[n]());
      }
    }
    return { ...times, tsconfig };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One pipeline of exactly `n` stages (every node counts: parallel groups, their branches, leaves). */
function syntheticLibrary(api, n) {
  const { defineLibrary, goPipeline, stage, cmd } = api;
  const stages = [stage.checkout({ fetchTags: true }), stage.modules({ verify: true, tidyCheck: true })];
  let count = stages.length;
  // A block of 10 stage nodes; trimmed to fit at the end.
  const block = (k) => [
    [
      3,
      () =>
        stage.parallel(`Quality ${k}`, [
          stage.vet({ name: `Vet ${k}`, packages: [`./svc${k}/...`] }),
          stage.test({ name: `Test ${k}`, packages: [`./svc${k}/...`], coverProfile: `coverage-${k}.out`, goTimeout: '10m' }),
        ]),
    ],
    [1, () => stage.run(`Lint ${k}`, cmd('golangci-lint', ['run', '--timeout', '5m', `./svc${k}/...`]))],
    [1, () => stage.run(`Generate ${k}`, cmd('go', ['generate', `./svc${k}/...`], { env: { GOFLAGS: '-mod=mod' } }))],
    [
      1,
      () =>
        stage.build({
          name: `Build ${k}`,
          ldflags: ['-s', '-w'],
          versionVar: 'main.version',
          output: `bin/svc${k}`,
          package: `./cmd/svc${k}`,
          platforms: [k % 2 ? 'linux/arm64' : 'linux/amd64'],
        }),
    ],
    [1, () => stage.run(`Smoke ${k}`, cmd(`bin/svc${k}-${k % 2 ? 'linux-arm64' : 'linux-amd64'}`, ['--version']))],
    [1, () => stage.run(`Integration ${k}`, cmd('go', ['test', '-run', 'Integration', `./svc${k}/...`], { label: `integration svc${k}` }), { timeout: 20 })],
    [1, () => stage.archive({ name: `Archive ${k}`, artifacts: [`bin/svc${k}-*`, `coverage-${k}.out`] })],
    [1, () => stage.run(`Report ${k}`, cmd('go', ['tool', 'cover', `-func=coverage-${k}.out`]))],
  ];
  for (let k = 1; count < n; k++) {
    for (const [size, make] of block(k)) {
      if (count + size > n) {
        stages.push(stage.run(`Tail ${k}.${count}`, cmd('true')));
        count += 1;
      } else {
        stages.push(make());
        count += size;
      }
      if (count >= n) break;
    }
  }
  const lib = defineLibrary({
    name: 'bench-1000',
    description: `Synthetic library: one pipeline of ${n} stages.`,
    pipelines: {
      bigPipeline: goPipeline({
        description: `A pipeline of ${n} stages`,
        agent: { kubernetes: { arch: 'amd64', cpu: '2', memory: '4Gi' } },
        go: { version: '1.27.4', cache: true },
        stages,
      }),
    },
  });
  const nodes = (ss) => ss.reduce((a, s) => a + 1 + (s.kind === 'parallel' ? nodes(s.branches) : s.kind === 'sequence' ? nodes(s.stages) : 0), 0);
  const total = nodes(lib.pipelines[0].stages);
  if (total !== n) throw new Error(`synthetic library has ${total} stages, expected ${n}`);
  return lib;
}

async function benchEmit() {
  const index = join(ROOT, 'dist', 'index.js');
  if (!existsSync(index)) throw new Error('dist/index.js is missing: run npm run build first (npm run bench:compile does)');
  const api = await import(pathToFileURL(index).href);
  const lib = syntheticLibrary(api, EMIT_STAGES);
  // Warm-up: JIT, and the library must validate (synth throws ValidationError otherwise).
  let files = api.synth(lib, { source: 'bench/compile.js' });
  const times = [];
  for (let i = 0; i < EMIT_RUNS; i++) {
    const t0 = performance.now();
    files = api.synth(lib, { source: 'bench/compile.js' });
    times.push(performance.now() - t0);
  }
  let bytes = 0;
  for (const text of files.values()) bytes += Buffer.byteLength(text, 'utf8');
  return { times, bytes, files: files.size };
}

/** Wall times of `node bin/jslc.js --version` (startup: it must not load TypeScript or dockerode), after 1 warm-up. */
function benchVersion(runs = 7) {
  const ok = (r) => /^\d+\.\d+\.\d+/.test(r.stdout);
  timeNode('jslc --version', ['bin/jslc.js', '--version'], ok);
  return Array.from({ length: runs }, () => timeNode('jslc --version', ['bin/jslc.js', '--version'], ok));
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((x, c) => (c === 0 ? String(x).padEnd(widths[c]) : String(x).padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main() {
  console.log(`bench:compile  node ${process.version}  typescript ${TS_VERSION}  (${RUNS} interleaved runs after 1 warm-up)`);
  console.log(`  build: node bin/jslc.js build ${ENTRY} --out <tmpdir>`);
  console.log(`  tsc:   node node_modules/typescript/bin/tsc ${TSC_ARGS.join(' ')}`);
  const { build, tsc: check, tscSame, tsconfig } = benchBuildVsTsc();
  const emit = await benchEmit();
  const version = benchVersion();

  const buildMs = median(build);
  const tscMs = median(check);
  const ratio = buildMs / tscMs;
  const emitMs = median(emit.times);
  const range = (xs) => `${fmt(Math.min(...xs))}..${fmt(Math.max(...xs))}`;

  console.log('');
  console.log(
    table([
      ['measure', 'median_s', 'min..max_s', 'runs'],
      ['jslc build (example)', fmt(buildMs), range(build), build.length],
      ['tsc --noEmit (example)', fmt(tscMs), range(check), check.length],
      ['ratio build/tsc', ratio.toFixed(2), '', ''],
      ...(tscSame
        ? [
            [`tsc -p, jslc's options (${relative(ROOT, tsconfig)})`, fmt(median(tscSame)), range(tscSame), tscSame.length],
            ['ratio build/that (jslc own overhead)', (buildMs / median(tscSame)).toFixed(2), '', ''],
          ]
        : []),
      ['node bin/jslc.js --version (startup)', fmt(median(version)), range(version), version.length],
      [`synth ${EMIT_STAGES} stages (in-process)`, fmt(emitMs), range(emit.times), emit.times.length],
      ['  emitted', `${emit.bytes} B`, `${emit.files} files`, ''],
    ]),
  );
  console.log('');
  const ratioOk = ratio <= GOAL_RATIO;
  const emitOk = emitMs / 1000 < GOAL_EMIT_S;
  console.log(`goal ratio <= ${GOAL_RATIO}: ${ratioOk ? 'met' : 'MISSED'} (${ratio.toFixed(2)})`);
  console.log(`goal emit1000_s < ${GOAL_EMIT_S}: ${emitOk ? 'met' : 'MISSED'} (${fmt(emitMs)})`);
  // Noise check: a wide spread among the runs means other work competed for the CPUs.
  const spread = Math.max(...[build, check].map((xs) => (Math.max(...xs) - Math.min(...xs)) / median(xs)));
  if (spread > 0.25) {
    console.log(
      `note: timings are noisy (runs spread ${(spread * 100).toFixed(0)}% around the median; 1-min load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs); rerun on an idle machine`,
    );
  }
  console.log(
    `bench:compile build_s=${fmt(buildMs)} tsc_s=${fmt(tscMs)} ratio=${ratio.toFixed(2)} emit1000_s=${fmt(emitMs)} version_s=${fmt(median(version))}`,
  );
}

main().catch((e) => {
  console.error(`bench:compile: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
