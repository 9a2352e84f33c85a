import type { OptionsIR } from '../../ir/types.js';
import type { ScheduledPipeline, ScheduledStage } from '../../schedule/types.js';
import { chunkCall } from './chunks.js';
import { groovyString } from '../../lang/groovy.js';
import { GroovyWriter } from '../groovy/writer.js';
import { CALL_PARAM, writeArgsCheck } from '../vars/call-args.js';
import { pipelineParams } from '../vars/pipeline-spec.js';
import { goEnvironment, writeAgent } from './agent.js';
import { envValue } from '../groovy/expr.js';
import { writePost } from './post.js';
import { timeoutCall, usesRetryHelper, writeRetryHelper, writeStage } from './stage.js';
import { childrenOf } from '../../ir/tree.js';

function writeOptions(w: GroovyWriter, o: OptionsIR): void {
  const lines: string[] = [];
  if (o.buildDiscarder) {
    const args = [
      ...(o.buildDiscarder.numToKeep !== undefined ? [`numToKeepStr: ${groovyString(String(o.buildDiscarder.numToKeep))}`] : []),
      ...(o.buildDiscarder.daysToKeep !== undefined ? [`daysToKeepStr: ${groovyString(String(o.buildDiscarder.daysToKeep))}`] : []),
    ];
    if (args.length) lines.push(`buildDiscarder(logRotator(${args.join(', ')}))`);
  }
  if (o.disableConcurrentBuilds)
    lines.push(o.disableConcurrentBuilds.abortPrevious ? 'disableConcurrentBuilds(abortPrevious: true)' : 'disableConcurrentBuilds()');
  if (o.parallelsAlwaysFailFast) lines.push('parallelsAlwaysFailFast()');
  if (o.retry !== undefined) lines.push(`retry(${o.retry})`);
  if (o.skipDefaultCheckout) lines.push('skipDefaultCheckout()');
  if (o.timeout) lines.push(timeoutCall(o.timeout));
  if (o.timestamps) lines.push('timestamps()');
  if (lines.length) w.block('options', (b) => lines.forEach((l) => b.line(l)));
}

/**
 * `vars/<pipeline>.groovy`: a Declarative pipeline inside `call`, as Jenkins
 * requires for pipelines defined in shared libraries. The caller's arguments
 * are checked first; stages call the library's step vars.
 */
export function pipelineVar(p: ScheduledPipeline): string {
  const w = new GroovyWriter();
  w.line(`/** Declarative pipeline. Parameters and an example: ${p.name}.txt. */`);
  w.block(`def call(Map ${CALL_PARAM} = [:])`, (c) => {
    const declaresCfg = writeArgsCheck(c, p.name, pipelineParams(p));
    c.block('pipeline', (b) => {
      writeAgent(b, p.agent, p.go, p.name);
      b.block('environment', (e) => {
        for (const [k, v] of goEnvironment(p.go)) e.line(`${k} = ${groovyString(v)}`);
        for (const entry of p.environment) {
          e.line(
            `${entry.name} = ${entry.value.type === 'credentials' ? `credentials(${groovyString(entry.value.credentialsId)})` : envValue(entry.value.value)}`,
          );
        }
      });
      writeOptions(b, p.options);
      b.block('stages', (s) => {
        const scope = { go: p.go, pipelineName: p.name };
        for (const item of p.stages) {
          if (item.kind === 'chunk')
            s.block(`stage(${groovyString(item.name)})`, (c) => c.block('steps', (st) => st.line(chunkCall(p.name, item.index, declaresCfg))));
          else writeStage(s, item, scope);
        }
      });
      writePost(b, p.post);
    });
  });
  const anyStage = (s: ScheduledStage): boolean => usesRetryHelper(s) || childrenOf(s).some(anyStage);
  if (p.stages.some((x) => x.kind !== 'chunk' && anyStage(x))) {
    w.line();
    writeRetryHelper(w);
  }
  return w.toString();
}
