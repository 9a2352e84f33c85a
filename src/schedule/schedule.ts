import type { LibraryIR, ParallelStageIR, PipelineIR, SequenceStageIR, StageIR } from '../ir/types.js';
import { stageNamesOf } from '../ir/tree.js';
import { chunkStages } from './chunks.js';
import { lowerStages } from './lower.js';
import type { ScheduledLibrary, ScheduledPipeline } from './types.js';
import { LARGE_PIPELINE_STAGES, countStages } from '../ir/size.js';
import { dependsOn } from './deps.js';
import { type Unit, toUnits } from './units.js';

/** A top-level step of the schedule: one lane is a plain stage (or a sequence), more lanes run in parallel. */
interface Slot {
  readonly lanes: Unit[][];
}

function contains(slot: Slot, u: Unit): boolean {
  return slot.lanes.some((lane) => lane.includes(u));
}

/** Branches per parallel group the scheduler forms (the CPS engine's hard limit is 250 per `parallel`). */
export const MAX_BRANCHES = 32;

type Decision = { readonly type: 'join'; readonly slot: Slot } | { readonly type: 'continue'; readonly lane: Unit[] } | { readonly type: 'new' };

/**
 * Where a unit goes, given the slots so far:
 * - it needs nothing of the last slot: it joins the slot after the last one it needs, as a new branch;
 * - it needs exactly one branch of the last slot: it continues that branch;
 * - otherwise it starts a new slot after everything.
 */
function decide(slots: readonly Slot[], u: Unit, deps: readonly Unit[]): Decision {
  let k = -1;
  slots.forEach((slot, j) => {
    if (deps.some((d) => contains(slot, d))) k = j;
  });
  const last = slots.length - 1;
  if (k < last) {
    // The first slot after the last one it needs that still has room; at the end, a new one.
    const room = slots.slice(k + 1).find((slot) => slot.lanes.length < MAX_BRANCHES);
    return room ? { type: 'join', slot: room } : { type: 'new' };
  }
  const slot = slots[last];
  if (slot && slot.lanes.length > 1) {
    const needed = slot.lanes.filter((lane) => lane.some((x) => deps.includes(x)));
    if (needed.length === 1) return { type: 'continue', lane: needed[0]! };
  }
  return { type: 'new' };
}

/**
 * Place each unit, in the order written, as early as its dependencies allow, in a shape Declarative can express
 * (stages, parallel groups, sequences inside a parallel branch). Siblings (units of one stage or group that do
 * not depend on one another, such as the builds of several platforms) are placed together: when more than one of
 * them would continue the same branch, which would run them one after another, they start a new slot side by side.
 */
function place(units: readonly Unit[]): Slot[] {
  const slots: Slot[] = [];
  const depsOf = (i: number): Unit[] => units.slice(0, i).filter((e) => dependsOn(units[i]!, e));
  for (let i = 0; i < units.length;) {
    let j = i + 1;
    while (j < units.length && units[j]!.origin === units[i]!.origin && !units.slice(i, j).some((e) => dependsOn(units[j]!, e))) j++;
    const batch = units.slice(i, j);
    const decisions = batch.map((u, b) => decide(slots, u, depsOf(i + b)));
    const continued = (lane: Unit[]): number => decisions.filter((d) => d.type === 'continue' && d.lane === lane).length;
    const fresh: Unit[] = [];
    batch.forEach((u, b) => {
      const d = decisions[b]!;
      if (d.type === 'join') d.slot.lanes.push([u]);
      else if (d.type === 'continue' && continued(d.lane) === 1) d.lane.push(u);
      else fresh.push(u);
    });
    for (let f = 0; f < fresh.length; f += MAX_BRANCHES) slots.push({ lanes: fresh.slice(f, f + MAX_BRANCHES).map((u) => [u]) });
    i = j;
  }
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

/** A branch of several units is named after what it holds: a unit by its name when it is alone of its origin there, else the origin. */
function laneName(lane: readonly Unit[]): string {
  return unique(lane.map((u) => u.origin))
    .map((origin) => {
      const of = lane.filter((u) => u.origin === origin);
      return of.length === 1 ? of[0]!.stage.name : origin;
    })
    .join(' + ');
}

function toStages(slots: readonly Slot[], order: readonly Unit[]): StageIR[] {
  const taken = new Set(slots.flatMap((slot) => slot.lanes.flat().flatMap((u) => stageNamesOf(u.stage))));
  return slots.map((slot): StageIR => {
    if (slot.lanes.length === 1 && slot.lanes[0]!.length === 1) return slot.lanes[0]![0]!.stage;
    const branches = slot.lanes.map((lane): StageIR => {
      if (lane.length === 1) return lane[0]!.stage;
      const sequence: SequenceStageIR = {
        kind: 'sequence',
        name: freeName(laneName(lane), taken),
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
 * see into (commands, archive) after every stage before them. With `'as-written'`, the stages as given; also for
 * large pipelines (over `LARGE_PIPELINE_STAGES`), whose simple stages are split into methods instead.
 */
export function scheduledStages(p: PipelineIR): readonly StageIR[] {
  if (p.schedule === 'as-written' || countStages(p.stages) > LARGE_PIPELINE_STAGES) return p.stages;
  const units = toUnits(p.stages);
  return toStages(place(units), units);
}

/**
 * The scheduler pass: a validated pipeline as it will run. Its stages are reordered (see `scheduledStages`),
 * lowered (`lower.ts`: build fan-out, the push each signature signs) and, in a large pipeline, chunked
 * (`chunks.ts`). `schedule: 'as-written'` and large pipelines skip only the reordering.
 */
export function schedulePipeline(p: PipelineIR): ScheduledPipeline {
  const lowered = lowerStages(scheduledStages(p));
  // Counted as scheduled: splitting image stages into build and push can take a pipeline over the limit.
  return { ...p, stages: countStages(lowered) > LARGE_PIPELINE_STAGES ? chunkStages(lowered) : lowered, written: p.stages };
}

/** Every pipeline of a library, scheduled. */
export function scheduleLibrary(library: LibraryIR): ScheduledLibrary {
  return { library, pipelines: library.pipelines.map(schedulePipeline) };
}
