import type { StageIR } from './types.js';

/**
 * Above this many stages a pipeline is large: the emitter splits runs of simple stages into methods (see
 * `emit/pipeline/chunks.ts`, "Method code too large"), and the scheduler leaves the stages as written, since the
 * parallel groups it would form cannot be split that way.
 */
export const LARGE_PIPELINE_STAGES = 100;

/** Stages Declarative will show, counting each platform of a fanned-out build. */
export function countStages(stages: readonly StageIR[]): number {
  let n = 0;
  for (const s of stages) {
    n += 1;
    if (s.kind === 'parallel') n += countStages(s.branches);
    if (s.kind === 'sequence') n += countStages(s.stages);
    if (s.kind === 'build') n += s.platforms.length > 1 ? s.platforms.length : 0;
  }
  return n;
}
