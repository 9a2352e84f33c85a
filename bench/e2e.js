// bench:e2e — the end-to-end cost of the example on the local runner:
//   image_cold_s    the runner image built from nothing (debootstrap, Go, docker CLI, cosign, executor);
//   image_cached_s  the same call when the image exists (recipe hash hit);
//   first_stage_s   runner container start to the first stage's start;
//   run_s           the whole run of the example (container create to exit), Go caches as a second build finds them;
//   first_run_s     the first run after a cold Go cache (/var/tmp/jslc-cache moved away), with --cold-go.
// Ends with: bench:e2e image_cold_s=… image_cached_s=… first_stage_s=… run_s=…
// --no-cold skips the cold image build (image_cold_s=skipped). Needs Docker, debootstrap, docker-registry, go, git.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { connectDocker, dockerAvailable } from '../dist/runner/image/docker.js';
import { ensureRunnerImage, removeRunnerImages } from '../dist/runner/image/build.js';
import { createWorld, runScenario } from '../dist/testing/e2e.js';

const args = new Set(process.argv.slice(2));
const docker = connectDocker();
if (!(await dockerAvailable(docker, 5000))) {
  console.error('bench:e2e needs a running Docker engine');
  process.exit(1);
}
const fmt = (s) => s.toFixed(2);
console.log(`bench:e2e on ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);

let imageCold = 'skipped';
if (!args.has('--no-cold')) {
  const removed = await removeRunnerImages(docker);
  console.log(`removed ${removed.length} runner image tags`);
  const cold = await ensureRunnerImage({ docker });
  imageCold = fmt(cold.seconds);
  console.log(`image cold:   ${imageCold} s (built ${cold.builtLevels.join(', ')})`);
}
const cachedTimes = [];
for (let i = 0; i < 3; i++) {
  const c = await ensureRunnerImage({ docker });
  if (c.builtLevels.length) throw new Error(`expected a cache hit, built ${c.builtLevels.join(', ')}`);
  cachedTimes.push(c.seconds);
}
const imageCached = fmt([...cachedTimes].sort((a, b) => a - b)[1]);
console.log(`image cached: ${imageCached} s (median of 3)`);

const world = await createWorld(docker);
try {
  let firstRun;
  if (args.has('--cold-go')) {
    const cache = '/var/tmp/jslc-cache';
    if (existsSync(cache)) renameSync(cache, `${cache}.bench-${process.pid}`);
    const r = await runScenario(world, { name: 'bench-cold' });
    if (r.run.result !== 'SUCCESS') throw new Error(`the cold run ended ${r.run.result}:\n${r.run.log}`);
    firstRun = fmt(r.run.durationMs / 1000);
    rmSync(`${cache}.bench-${process.pid}`, { recursive: true, force: true });
    console.log(`first run (cold Go cache): ${firstRun} s`);
  } else {
    // Warm the Go caches (toolchain, modules, build cache) as an earlier build of the service would have.
    const warm = await runScenario(world, { name: 'bench-warm' });
    if (warm.run.result !== 'SUCCESS') throw new Error(`the warm-up run ended ${warm.run.result}:\n${warm.run.log}`);
    console.log(`warm-up run: ${fmt(warm.run.durationMs / 1000)} s`);
  }
  const r = await runScenario(world, { name: 'bench' });
  if (r.run.result !== 'SUCCESS') throw new Error(`the run ended ${r.run.result}:\n${r.run.log}`);
  const firstStage = fmt(r.run.firstStageMs / 1000);
  const run = fmt(r.run.durationMs / 1000);
  console.log('stage starts (s from container start):');
  for (const s of r.run.stages) console.log(`  ${fmt(s.atMs / 1000).padStart(7)}  ${s.name}`);
  console.log(`first stage: ${firstStage} s, whole run: ${run} s`);
  console.log(
    `bench:e2e image_cold_s=${imageCold} image_cached_s=${imageCached} first_stage_s=${firstStage} run_s=${run}` + (firstRun ? ` first_run_s=${firstRun}` : ''),
  );
} finally {
  await world.close();
}
