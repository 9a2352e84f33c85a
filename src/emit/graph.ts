import type { ScheduledPipeline, ScheduledStage } from '../schedule/types.js';

import { mermaidLabel } from '../lang/mermaid.js';

interface Ends {
  readonly entries: string[];
  readonly exits: string[];
}

/** The stage graph of a pipeline as a Mermaid flowchart, as its stages will run (as the scheduler placed them). */
export function stageGraph(p: ScheduledPipeline): string {
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
  const seq = (stages: readonly ScheduledStage[]): Ends => {
    let first: string[] = [];
    let last: string[] = [];
    for (const s of stages) {
      const e = one(s);
      if (first.length === 0) first = e.entries;
      else link(last, e.entries);
      last = e.exits;
    }
    return { entries: first, exits: last };
  };
  const fan = (parts: Ends[]): Ends => ({ entries: parts.flatMap((x) => x.entries), exits: parts.flatMap((x) => x.exits) });
  const one = (s: ScheduledStage): Ends => {
    if (s.kind === 'parallel') return fan(s.branches.map(one));
    if (s.kind === 'sequence') return seq(s.stages);
    const id = node(s.name);
    return { entries: [id], exits: [id] };
  };
  // A chunk of a large pipeline runs its stages one after another.
  seq(p.stages.flatMap((s): readonly ScheduledStage[] => (s.kind === 'chunk' ? s.stages : [s])));
  return lines.join('\n') + '\n';
}
