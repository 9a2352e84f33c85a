import type { StageIR } from '../ir/types.js';
import { stageInfo } from '../ir/catalogue.js';
import { isLeaf, leavesOf } from '../ir/tree.js';
import type { Unit } from './units.js';

/**
 * Whether a stage may run beside others: a leaf as its catalogue entry says (`sideBySide`), a sequence when all its
 * stages may. Any other container runs on its own: Jenkins forbids a parallel group inside a parallel branch, and a
 * container kind the scheduler does not open up is kept whole (the safe default for a new kind).
 */
function independent(s: StageIR): boolean {
  if (isLeaf(s)) return stageInfo(s).sideBySide(s);
  return s.kind === 'sequence' && s.stages.every(independent);
}

/** Whether `later` must wait for `earlier` (which comes before it in the pipeline as written). */
export function dependsOn(later: Unit, earlier: Unit): boolean {
  if (later.group !== undefined && later.group === earlier.group) return false;
  if (!independent(later.stage) || !independent(earlier.stage)) return true;
  // A stage that reads a file waits for the stage that writes it (an image build for the binary it copies).
  const consumed = leavesOf([later.stage]).flatMap((l) => stageInfo(l).consumes(l));
  const produced = leavesOf([earlier.stage]).flatMap((e) => stageInfo(e).produces(e));
  return consumed.some((b) => produced.includes(b));
}
