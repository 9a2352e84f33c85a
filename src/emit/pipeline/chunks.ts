import type { ScheduledChunk, ScheduledPipeline } from '../../schedule/types.js';
import { groovyString } from '../../lang/groovy.js';
import { GroovyWriter } from '../groovy/writer.js';
import { stageCalls } from '../vars/index.js';
import { CFG } from '../groovy/expr.js';

/**
 * The helper var of a large pipeline: the chunks the scheduler formed (`schedule/chunks.ts`), one method each, so
 * that no method exceeds the JVM's 64 KiB of bytecode ("Method code too large").
 */

/** The helper var's name for a pipeline. */
export function chunkVarName(pipelineName: string): string {
  return `${pipelineName}Stages`;
}

/** The call a chunk's Declarative stage makes; a pipeline var that declared no `cfg` (no parameters) passes an empty map. */
export function chunkCall(pipelineName: string, index: number, declaresCfg: boolean): string {
  return `${chunkVarName(pipelineName)}(${index}, ${declaresCfg ? CFG : '[:]'})`;
}

/** `vars/<pipeline>Stages.groovy`: one method per chunk, each running its stages as scripted stages. */
export function chunkVar(p: ScheduledPipeline): string | undefined {
  const chunks = p.stages.filter((x): x is ScheduledChunk => x.kind === 'chunk');
  if (chunks.length === 0) return undefined;
  const w = new GroovyWriter();
  w.line(`/** Stages of the large pipeline ${p.name}, split into methods to stay under the JVM method size limit. Internal. */`);
  w.block(`def call(int part, Map ${CFG})`, (b) => {
    for (const c of chunks) b.block(`if (part == ${c.index})`, (x) => x.line(`part${c.index}(${CFG})`));
  });
  for (const c of chunks) {
    w.line();
    w.block(`void part${c.index}(Map ${CFG})`, (b) => {
      for (const s of c.stages) {
        b.block(`stage(${groovyString(s.name)})`, (x) => stageCalls(s).forEach((l) => x.line(l)));
      }
    });
  }
  return w.toString();
}
