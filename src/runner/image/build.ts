/**
 * ensureRunnerImage: the local runner image `jslc-runner:<hash>`, built without a registry in three cached levels
 * (base: debootstrap + import; tools: Go, docker CLI, cosign; runner: the executor jar). Each level's tag is a hash
 * of its inputs, so an unchanged recipe is a cache hit: one image inspect.
 */
import { basename } from 'node:path';
import type Dockerode from 'dockerode';
import { buildBaseImage } from './base.js';
import { buildFromContext } from './context.js';
import { connectDocker, imageExists } from './docker.js';
import { cosignBinary, dockerClientBinary, executorJar, goToolchain, localCaCertificates, sha256File } from './inputs.js';
import { withFileLock } from './lock.js';
import {
  BASE_RECIPE,
  IMAGE_LEVELS,
  IMAGE_NAMES,
  LAUNCHER,
  LOCAL_CA_DIR,
  RECIPE_LABEL,
  TITLE_LABEL,
  baseHash,
  imageRef,
  runnerDockerfile,
  runnerHash,
  toolsDockerfile,
  toolsHash,
  type ImageLevel,
} from './recipe.js';

/** The lock that keeps two processes from building the runner image at once. */
export const RUNNER_IMAGE_LOCK = '/var/tmp/jslc-runner-image.lock';

/** Options of {@link ensureRunnerImage}. */
export interface EnsureRunnerImageOptions {
  /** The engine (default: {@link connectDocker}). */
  readonly docker?: Dockerode;
  /** Called with every line of build output. */
  readonly onLog?: (line: string) => void;
  /** Rebuild every level even when its image exists. */
  readonly rebuild?: boolean;
}

/** The outcome of {@link ensureRunnerImage}. */
export interface EnsureRunnerImageResult {
  /** The runner image reference, `jslc-runner:<hash>` (also tagged `jslc-runner:latest`). */
  readonly image: string;
  /** The levels built by this call, in order (empty on a cache hit). */
  readonly builtLevels: ImageLevel[];
  /** Wall-clock seconds this call took. */
  readonly seconds: number;
}

/** One level's image reference and how to build it. */
interface LevelPlan {
  readonly level: ImageLevel;
  readonly ref: string;
  readonly build: (docker: Dockerode, onLog: (line: string) => void) => Promise<void>;
}

function labels(level: ImageLevel, hash: string): Record<string, string> {
  return { [RECIPE_LABEL]: hash, [TITLE_LABEL]: IMAGE_NAMES[level] };
}

/** Gathers the host inputs and computes the three levels' references (no engine calls). */
async function plan(onLog: (line: string) => void): Promise<LevelPlan[]> {
  const [go, dockerCli, cosign, jar, localCas] = await Promise.all([
    goToolchain(),
    dockerClientBinary(),
    cosignBinary(onLog),
    executorJar(onLog),
    localCaCertificates(LOCAL_CA_DIR),
  ]);
  const withCas = Object.keys(localCas).length > 0;
  const [dockerSha256, cosignSha256, jarSha256] = await Promise.all([sha256File(dockerCli), sha256File(cosign), sha256File(jar)]);
  if (basename(dockerCli) !== 'docker' || basename(cosign) !== 'cosign') throw new Error(`unexpected tool names: ${dockerCli}, ${cosign}`);

  const bHash = baseHash(BASE_RECIPE);
  const base = imageRef('base', bHash);
  const tHash = toolsHash({ baseImage: base, goVersion: go.version, goroot: go.goroot, dockerSha256, cosignSha256, localCas });
  const tools = imageRef('tools', tHash);
  const rHash = runnerHash({ toolsImage: tools, jarSha256 });
  const runner = imageRef('runner', rHash);
  return [
    { level: 'base', ref: base, build: (d, log) => buildBaseImage(d, { ref: base, recipe: BASE_RECIPE, labels: labels('base', bHash) }, log) },
    {
      level: 'tools',
      ref: tools,
      build: (d, log) =>
        buildFromContext(
          d,
          {
            ref: tools,
            labels: labels('tools', tHash),
            dockerfile: toolsDockerfile(base, basename(go.goroot), withCas),
            hostPaths: [go.goroot, dockerCli, cosign, ...(withCas ? [LOCAL_CA_DIR] : [])],
          },
          log,
        ),
    },
    {
      level: 'runner',
      ref: runner,
      build: (d, log) =>
        buildFromContext(
          d,
          { ref: runner, labels: labels('runner', rHash), dockerfile: runnerDockerfile(tools), files: { 'jslc-executor': LAUNCHER }, hostPaths: [jar] },
          log,
        ),
    },
  ];
}

/** Tags the runner image `jslc-runner:latest`. */
async function tagLatest(docker: Dockerode, ref: string): Promise<void> {
  await docker.getImage(ref).tag({ repo: IMAGE_NAMES.runner, tag: 'latest' });
}

/**
 * Makes sure the local runner image exists, building the missing levels (under a cross-process lock), and returns
 * its reference. Needs the Docker engine; a cold build also needs root, debootstrap, deb.debian.org, Go (and the Go
 * module proxy unless cosign is cached) and Java 17 + Maven (unless the executor jar is cached).
 */
export async function ensureRunnerImage(options: EnsureRunnerImageOptions = {}): Promise<EnsureRunnerImageResult> {
  const started = performance.now();
  const docker = options.docker ?? connectDocker();
  const onLog = options.onLog ?? (() => undefined);
  const levels = await plan(onLog);
  const runner = levels[levels.length - 1]!.ref;
  const done = async (builtLevels: ImageLevel[]): Promise<EnsureRunnerImageResult> => {
    await tagLatest(docker, runner);
    return { image: runner, builtLevels, seconds: (performance.now() - started) / 1000 };
  };
  if (!options.rebuild && (await imageExists(docker, runner))) return done([]);

  return withFileLock(
    RUNNER_IMAGE_LOCK,
    async () => {
      const built: ImageLevel[] = [];
      for (const l of levels) {
        // Re-checked under the lock: another process may have built it while this one waited.
        if (!options.rebuild && (await imageExists(docker, l.ref))) continue;
        const t = performance.now();
        onLog(`== building ${l.ref}`);
        await l.build(docker, onLog);
        if (!(await imageExists(docker, l.ref))) throw new Error(`the build of ${l.ref} ended without the image`);
        onLog(`== built ${l.ref} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        built.push(l.level);
      }
      return done(built);
    },
    { onWait: (pid) => onLog(`waiting for ${RUNNER_IMAGE_LOCK} (pid ${pid} is building the runner image)`) },
  );
}

/** Removes every jslc runner image (all levels, all hashes, and jslc-runner:latest); resolves with the removed tags. */
export async function removeRunnerImages(docker: Dockerode): Promise<string[]> {
  const images = await docker.listImages({ filters: { label: [RECIPE_LABEL] } });
  const rank = (tag: string): number => {
    const name = tag.slice(0, tag.lastIndexOf(':'));
    const i = IMAGE_LEVELS.findIndex((l) => IMAGE_NAMES[l] === name);
    return i + 1; // 0: not a runner image; runner (3) is removed before tools (2) before base (1)
  };
  const tags = images.flatMap((i) => (i.RepoTags ?? []).filter((t) => rank(t) > 0)).sort((a, b) => rank(b) - rank(a));
  for (const t of tags) await docker.getImage(t).remove();
  // Untagged leftovers of earlier builds that still carry the label.
  for (const i of await docker.listImages({ filters: { label: [RECIPE_LABEL], dangling: ['true'] } })) {
    await docker
      .getImage(i.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  return tags;
}
