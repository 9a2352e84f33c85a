import { hasOwnSettings } from '../ir/tree.js';
import type { ScheduledChunk, ScheduledLeaf, ScheduledStage, ScheduledTop } from './types.js';

/**
 * Large pipelines. The CPS transformer compiles a whole Declarative `pipeline { }` block, every nested closure
 * included, into one JVM method, which cannot exceed 64 KiB of bytecode ("Method code too large"): about 150 simple
 * stages. Declarative cannot be split into methods, so above `LARGE_PIPELINE_STAGES` stages runs of simple stages
 * (leaf stages with no agent, when, options or post of their own) become chunks: the emitter moves each into a
 * method of a helper var, `<pipeline>Stages`, where they run as scripted `stage` steps, and the chunk becomes one
 * Declarative stage that calls it.
 */

/** Simple stages per Declarative chunk stage (and per helper method). */
export const STAGES_PER_METHOD = 40;

/** A leaf stage without settings of its own (multi-platform builds at the top are parallel groups by now). */
function isSimple(s: ScheduledStage): s is ScheduledLeaf {
  return s.kind !== 'parallel' && s.kind !== 'sequence' && !hasOwnSettings(s);
}

/** The Declarative stage name of a chunk: its first and last stage names. */
function chunkName(stages: readonly ScheduledLeaf[]): string {
  return `${stages[0]!.name} .. ${stages[stages.length - 1]!.name}`;
}

/** Top-level stages with runs of simple stages grouped into chunks of at most `STAGES_PER_METHOD`. */
export function chunkStages(stages: readonly ScheduledStage[]): ScheduledTop[] {
  const out: ScheduledTop[] = [];
  let run: ScheduledLeaf[] = [];
  let index = 0;
  const flush = (): void => {
    for (let i = 0; i < run.length; i += STAGES_PER_METHOD) {
      const part = run.slice(i, i + STAGES_PER_METHOD);
      if (part.length === 1) out.push(part[0]!);
      else {
        const chunk: ScheduledChunk = { kind: 'chunk', name: chunkName(part), index: index++, stages: part };
        out.push(chunk);
      }
    }
    run = [];
  };
  for (const s of stages) {
    if (isSimple(s)) run.push(s);
    else {
      flush();
      out.push(s);
    }
  }
  flush();
  return out;
}
