import type { BuildStageIR, ImageStageIR, StageIR } from '../ir/types.js';
import { buildBranchName } from '../ir/naming.js';
import { hasOwnSettings } from '../ir/tree.js';

/**
 * One schedulable piece of a pipeline: a stage as the user wrote it, one platform of a multi-platform build, one
 * branch of a parallel group, or one phase of an image stage (build, then push).
 */
export interface Unit {
  readonly stage: StageIR;
  /** Name of the top-level stage the unit came from (a parallel group, a build, an image stage). */
  readonly origin: string;
  /** Units of one user-written parallel group run side by side whatever their kinds: the index of that group. */
  readonly group?: number;
  /** A user group's `failFast`; fanned-out builds fail fast. */
  readonly failFast: boolean;
}

/** The name of the push phase of an image stage. */
export function pushStageName(image: ImageStageIR): string {
  return image.name === 'Image' ? 'Push' : `${image.name} push`;
}

function buildUnits(s: BuildStageIR): Unit[] {
  return s.platforms.map((platform) => ({
    stage: { ...s, name: buildBranchName(s, platform), platforms: [platform] },
    origin: s.name,
    failFast: true,
  }));
}

function imageUnits(s: ImageStageIR): Unit[] {
  const { post, ...rest } = s;
  return [
    { stage: { ...rest, phase: 'build' }, origin: s.name, failFast: true },
    { stage: { ...rest, ...(post ? { post } : {}), name: pushStageName(s), phase: 'push' }, origin: s.name, failFast: true },
  ];
}

/**
 * The units of a pipeline's top-level stages, in order. Parallel groups and multi-platform builds without
 * settings of their own are opened up; an image stage that pushes a generated or oci image is split into its build
 * and its push, so that the build can start as soon as its binary exists while the push still waits for every check.
 */
export function toUnits(stages: readonly StageIR[]): Unit[] {
  const units: Unit[] = [];
  let group = 0;
  for (const s of stages) {
    if (s.kind === 'parallel' && !hasOwnSettings(s)) {
      const g = group++;
      for (const b of s.branches) units.push({ stage: b, origin: s.name, group: g, failFast: s.failFast });
    } else if (s.kind === 'build' && s.platforms.length > 1 && !hasOwnSettings(s)) {
      units.push(...buildUnits(s));
    } else if (s.kind === 'image' && s.push && s.builder.type !== 'existing' && s.phase === undefined) {
      units.push(...imageUnits(s));
    } else {
      units.push({ stage: s, origin: s.name, failFast: true });
    }
  }
  return units;
}
