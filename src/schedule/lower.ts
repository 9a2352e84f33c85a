import type { BuildStageIR, ImageStageIR, StageIR } from '../ir/types.js';
import { buildBranchName, buildFansOut, buildOutputPath } from '../ir/naming.js';
import { imageBinaries, type ImageBinary } from '../ir/image-binaries.js';
import { plain } from '../ir/values.js';
import type { ScheduledLeaf, ScheduledParallel, ScheduledStage } from './types.js';

/**
 * A multi-platform build outside a parallel group, opened up into a parallel group of one build per platform. The
 * group keeps the stage's name, `when`, timeout, retry and post; each branch runs on the stage's agent. Inside a
 * parallel branch (where Declarative allows no further parallel) the build stays one stage building every platform.
 */
function fanOutBuild(s: BuildStageIR): ScheduledParallel {
  const { when, timeout, retry, post, agent, loc, ...build } = s;
  return {
    kind: 'parallel',
    name: s.name,
    ...(when ? { when } : {}),
    ...(timeout ? { timeout } : {}),
    ...(retry !== undefined ? { retry } : {}),
    ...(post ? { post } : {}),
    ...(loc ? { loc } : {}),
    failFast: true,
    fannedOutBuild: true,
    branches: s.platforms.map((platform) => ({ ...build, ...(agent ? { agent } : {}), name: buildBranchName(s, platform), platforms: [platform] })),
  };
}

/**
 * Lower stages (already in run order) to the scheduled tree: multi-platform builds fanned out, and each sign stage
 * told the registry push it signs: the last image stage that pushes before it in the pipeline's text, which is the
 * order stages are written in the generated Groovy.
 */
export function lowerStages(stages: readonly StageIR[]): ScheduledStage[] {
  let lastPush: NonNullable<ImageStageIR['push']> | null = null;
  let lastBinaries: ImageBinary[] = [];
  const built = new Map<string, string>();
  const leaf = (s: Exclude<StageIR, { kind: 'parallel' | 'sequence' }>): ScheduledLeaf => {
    if (s.kind === 'build') for (const p of s.platforms) built.set(buildOutputPath(s.output, p), plain(p));
    if (s.kind === 'image' && s.push) {
      lastPush = s.push;
      lastBinaries = imageBinaries(s, built);
    }
    return s.kind === 'sign' ? { ...s, registryPush: lastPush, imageBinaries: lastBinaries } : s;
  };
  const lower = (s: StageIR, inParallel: boolean): ScheduledStage => {
    switch (s.kind) {
      case 'parallel':
        return { ...s, branches: s.branches.map((b) => lower(b, true)) };
      case 'sequence':
        return { ...s, stages: s.stages.map((x) => lower(x, inParallel)) };
      case 'build':
        if (buildFansOut(s, inParallel)) {
          const group = fanOutBuild(s);
          return { ...group, branches: group.branches.map((b) => leaf(b as BuildStageIR)) };
        }
        return leaf(s);
      default:
        return leaf(s);
    }
  };
  return stages.map((s) => lower(s, false));
}
