import type { BuildStageIR, Custom } from './types.js';
import { plain } from './values.js';

/** Name of the parallel branch building one platform of a multi-platform build stage. */
export function buildBranchName(stage: BuildStageIR, platform: string | Custom): string {
  return `${stage.name} ${plain(platform)}`;
}

/** The binary a build writes for one platform: `<output>-<goos>-<goarch>`, with `.exe` for Windows (as the goBuild var does). */
export function buildOutputPath(output: string, platform: string | Custom): string {
  const [goos, goarch] = plain(platform).split('/');
  return `${output}-${goos}-${goarch}${goos === 'windows' ? '.exe' : ''}`;
}

/** A multi-platform build outside a parallel group becomes a parallel group of one stage per platform. */
export function buildFansOut(stage: BuildStageIR, inParallel: boolean): boolean {
  return stage.platforms.length > 1 && !inParallel;
}

/** `GOCACHE`/`GOMODCACHE`/`GOTMPDIR` under the cache root, keyed by Go version so versions never share a cache. */
export function goCacheDirs(root: string, goVersion: string): { GOCACHE: string; GOMODCACHE: string; GOTMPDIR: string } {
  const base = `${root}/go${goVersion}`;
  return { GOCACHE: `${base}/build`, GOMODCACHE: `${base}/mod`, GOTMPDIR: `${base}/tmp` };
}
