import type { LeafStageIR, PipelineIR, StageIR } from '../../ir/types.js';
import { LARGE_PIPELINE_STAGES, countStages } from '../../ir/size.js';
import { hasOwnSettings } from '../../ir/settings.js';
import { groovyString } from '../../lang/groovy.js';
import { GroovyWriter } from '../groovy/writer.js';
import { stageCalls } from './calls.js';
import { CFG } from './expr.js';

/**
 * Large pipelines. The CPS transformer compiles a whole Declarative
 * `pipeline { }` block, every nested closure included, into one JVM method,
 * which cannot exceed 64 KiB of bytecode ("Method code too large"): about 150
 * simple stages. Declarative cannot be split into methods, so above
 * `LARGE_PIPELINE_STAGES` stages jslc moves runs of simple stages (leaf stages
 * with no agent, when, options or post of their own) into a helper var,
 * `<pipeline>Stages`, where they run as scripted `stage` steps in methods of
 * at most `STAGES_PER_METHOD` stages. Each run becomes one Declarative stage
 * that calls the helper. Smaller pipelines are emitted unchanged.
 */
export { LARGE_PIPELINE_STAGES };
/** Simple stages per Declarative chunk stage (and per helper method). */
export const STAGES_PER_METHOD = 40;

/** A top-level entry of a pipeline after chunking. */
export type PlannedStage = { readonly type: 'stage'; readonly stage: StageIR } | { readonly type: 'chunk'; readonly index: number; readonly stages: readonly LeafStageIR[] };

function isSimple(s: StageIR): s is LeafStageIR {
  if (s.kind === 'parallel' || s.kind === 'sequence') return false;
  if (s.kind === 'build' && s.platforms.length > 1) return false;
  return !hasOwnSettings(s);
}

/** The helper var's name for a pipeline. */
export function chunkVarName(pipelineName: string): string {
  return `${pipelineName}Stages`;
}

/** Top-level stages, with runs of simple stages grouped into chunks when the pipeline is large. */
export function planStages(p: PipelineIR): PlannedStage[] {
  if (countStages(p.stages) <= LARGE_PIPELINE_STAGES) return p.stages.map((stage) => ({ type: 'stage', stage }));
  const out: PlannedStage[] = [];
  let run: LeafStageIR[] = [];
  let index = 0;
  const flush = (): void => {
    for (let i = 0; i < run.length; i += STAGES_PER_METHOD) {
      const part = run.slice(i, i + STAGES_PER_METHOD);
      if (part.length === 1) out.push({ type: 'stage', stage: part[0]! });
      else out.push({ type: 'chunk', index: index++, stages: part });
    }
    run = [];
  };
  for (const s of p.stages) {
    if (isSimple(s)) run.push(s);
    else {
      flush();
      out.push({ type: 'stage', stage: s });
    }
  }
  flush();
  return out;
}

/** The Declarative stage name of a chunk: its first and last stage names. */
export function chunkStageName(stages: readonly LeafStageIR[]): string {
  return `${stages[0]!.name} .. ${stages[stages.length - 1]!.name}`;
}

/** The call a chunk's Declarative stage makes; a pipeline var that declared no `cfg` (no parameters) passes an empty map. */
export function chunkCall(pipelineName: string, index: number, declaresCfg: boolean): string {
  return `${chunkVarName(pipelineName)}(${index}, ${declaresCfg ? CFG : '[:]'})`;
}

/** `vars/<pipeline>Stages.groovy`: one method per chunk, each running its stages as scripted stages. */
export function chunkVar(p: PipelineIR, plan: readonly PlannedStage[]): string | undefined {
  const chunks = plan.filter((x): x is Extract<PlannedStage, { type: 'chunk' }> => x.type === 'chunk');
  if (chunks.length === 0) return undefined;
  const w = new GroovyWriter();
  w.line(`/** Stages of the large pipeline ${p.name}, split into methods to stay under the JVM method size limit. Internal. */`);
  w.block(`def call(int part, Map ${CFG})`, (b) => {
    for (const c of chunks) b.block(`if (part == ${c.index})`, (x) => x.line(`part${c.index}(${CFG})`));
  });
  const previous: StageIR[] = [];
  for (const c of chunks) {
    w.line();
    w.block(`void part${c.index}(Map ${CFG})`, (b) => {
      for (const s of c.stages) {
        b.block(`stage(${groovyString(s.name)})`, (x) => stageCalls(s, { previous }).forEach((l) => x.line(l)));
        previous.push(s);
      }
    });
  }
  return w.toString();
}
