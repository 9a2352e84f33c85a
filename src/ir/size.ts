/**
 * Above this many stages a pipeline is large: the scheduler leaves its stages as written and splits runs of simple
 * stages into methods (see `schedule/chunks.ts`, "Method code too large"), since the parallel groups it would form
 * cannot be split that way.
 */
export const LARGE_PIPELINE_STAGES = 100;

export { countStages } from './tree.js';
