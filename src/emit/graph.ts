import type { PipelineIR, StageIR } from '../ir/types.js';
import { buildBranchName, buildFansOut } from '../ir/naming.js';
import { scheduledStages } from '../schedule/schedule.js';
import { mermaidLabel } from '../lang/mermaid.js';

interface Ends {
  readonly entries: string[];
  readonly exits: string[];
}

/** The stage graph of a pipeline as a Mermaid flowchart, as its stages will run (scheduled, see `scheduledStages`). */
export function mermaidGraph(p: PipelineIR): string {
  return stageGraph(scheduledStages(p));
}

/** A Mermaid flowchart of stages that are already in the order they run. */
export function stageGraph(stages: readonly StageIR[]): string {
  const lines = ['flowchart LR'];
  let n = 0;
  const node = (label: string): string => {
    const id = `s${n++}`;
    lines.push(`  ${id}[${mermaidLabel(label)}]`);
    return id;
  };
  const link = (from: readonly string[], to: readonly string[]): void => {
    for (const a of from) for (const b of to) lines.push(`  ${a} --> ${b}`);
  };
  const seq = (stages: readonly StageIR[], inParallel: boolean): Ends => {
    let first: string[] = [];
    let last: string[] = [];
    for (const s of stages) {
      const e = one(s, inParallel);
      if (first.length === 0) first = e.entries;
      else link(last, e.entries);
      last = e.exits;
    }
    return { entries: first, exits: last };
  };
  const fan = (parts: Ends[]): Ends => ({ entries: parts.flatMap((x) => x.entries), exits: parts.flatMap((x) => x.exits) });
  const one = (s: StageIR, inParallel: boolean): Ends => {
    if (s.kind === 'parallel') return fan(s.branches.map((b) => one(b, true)));
    if (s.kind === 'sequence') return seq(s.stages, inParallel);
    if (s.kind === 'build' && buildFansOut(s, inParallel)) {
      return fan(s.platforms.map((pl) => {
        const id = node(buildBranchName(s, pl));
        return { entries: [id], exits: [id] };
      }));
    }
    const id = node(s.name);
    return { entries: [id], exits: [id] };
  };
  seq(stages, false);
  return lines.join('\n') + '\n';
}
