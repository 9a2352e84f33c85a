import type { ParallelStageIR, PipelineIR, SequenceStageIR, StageIR } from '../ir/types.js';
import { dependsOn } from './deps.js';
import { type Unit, toUnits } from './units.js';

/** A top-level step of the schedule: one lane is a plain stage (or a sequence), more lanes run in parallel. */
interface Slot {
  readonly lanes: Unit[][];
}

function contains(slot: Slot, u: Unit): boolean {
  return slot.lanes.some((lane) => lane.includes(u));
}

/**
 * Place each unit, in the order written, as early as its dependencies allow, in a shape Declarative can express
 * (stages, parallel groups, sequences inside a parallel branch):
 * - a unit that needs nothing of the last slot joins the slot after the last one it needs, as a new branch;
 * - a unit that needs exactly one branch of the last slot continues that branch;
 * - otherwise it starts a new slot after everything.
 */
function place(units: readonly Unit[]): Slot[] {
  const slots: Slot[] = [];
  units.forEach((u, i) => {
    const deps = units.slice(0, i).filter((e) => dependsOn(u, e));
    let k = -1;
    slots.forEach((slot, j) => {
      if (deps.some((d) => contains(slot, d))) k = j;
    });
    const last = slots.length - 1;
    if (k < last) {
      slots[k + 1]!.lanes.push([u]);
      return;
    }
    const slot = slots[last];
    if (slot && slot.lanes.length > 1) {
      const needed = slot.lanes.filter((lane) => lane.some((x) => deps.includes(x)));
      if (needed.length === 1) {
        needed[0]!.push(u);
        return;
      }
    }
    slots.push({ lanes: [[u]] });
  });
  return slots;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** A name not yet taken: `base`, else `base (2)`, `base (3)`, … */
function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
  taken.add(name);
  return name;
}

function names(s: StageIR): string[] {
  if (s.kind === 'parallel') return [s.name, ...s.branches.flatMap(names)];
  if (s.kind === 'sequence') return [s.name, ...s.stages.flatMap(names)];
  return [s.name];
}

function toStages(slots: readonly Slot[], order: readonly Unit[]): StageIR[] {
  const taken = new Set(slots.flatMap((slot) => slot.lanes.flat().flatMap((u) => names(u.stage))));
  return slots.map((slot): StageIR => {
    if (slot.lanes.length === 1 && slot.lanes[0]!.length === 1) return slot.lanes[0]![0]!.stage;
    const branches = slot.lanes.map((lane): StageIR => {
      if (lane.length === 1) return lane[0]!.stage;
      const sequence: SequenceStageIR = {
        kind: 'sequence',
        name: freeName(lane.map((u) => u.stage.name).join(' + '), taken),
        stages: lane.map((u) => u.stage),
      };
      return sequence;
    });
    const units = slot.lanes.flat().sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const parallel: ParallelStageIR = {
      kind: 'parallel',
      name: freeName(unique(units.map((u) => u.origin)).join(' + '), taken),
      failFast: units.every((u) => u.failFast),
      branches,
    };
    return parallel;
  });
}

/**
 * The stages of a pipeline as they will run. With `schedule: 'auto'` (the default), stages start as soon as
 * the stages they depend on are done: vet, tests and one build per platform side by side after the modules, an
 * image build right after the build of the binary it packages, and the push, signing and anything jslc cannot
 * see into (commands, archive) after every stage before them. With `'as-written'`, the stages as given.
 */
export function scheduledStages(p: PipelineIR): readonly StageIR[] {
  if (p.schedule === 'as-written') return p.stages;
  const units = toUnits(p.stages);
  return toStages(place(units), units);
}

/** The pipeline with its stages as they will run (see `scheduledStages`). */
export function schedulePipeline(p: PipelineIR): PipelineIR {
  const stages = scheduledStages(p);
  return stages === p.stages ? p : { ...p, stages };
}
