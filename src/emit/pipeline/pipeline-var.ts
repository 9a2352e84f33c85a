import type { OptionsIR, TriggersIR } from '../../ir/types.js';
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
  if (o.checkoutToSubdirectory !== undefined) lines.push(`checkoutToSubdirectory(${groovyString(o.checkoutToSubdirectory)})`);
  if (o.copyArtifactPermission !== undefined) lines.push(`copyArtifactPermission(${groovyString(o.copyArtifactPermission)})`);
  if (o.disableConcurrentBuilds)
    lines.push(o.disableConcurrentBuilds.abortPrevious ? 'disableConcurrentBuilds(abortPrevious: true)' : 'disableConcurrentBuilds()');
  if (o.durabilityHint !== undefined) lines.push(`durabilityHint(${groovyString(o.durabilityHint)})`);
  if (o.newContainerPerStage) lines.push('newContainerPerStage()');
  if (o.parallelsAlwaysFailFast) lines.push('parallelsAlwaysFailFast()');
  if (o.preserveStashes !== undefined) lines.push(`preserveStashes(buildCount: ${o.preserveStashes})`);
  if (o.quietPeriod !== undefined) lines.push(`quietPeriod(${o.quietPeriod})`);
  if (o.rateLimitBuilds) {
    const r = o.rateLimitBuilds;
    lines.push(`rateLimitBuilds(throttle: [count: ${r.count}, durationName: ${groovyString(r.duration)}, userBoost: ${r.userBoost}])`);
  }
  if (o.retry !== undefined) lines.push(`retry(${o.retry})`);
  if (o.skipDefaultCheckout) lines.push('skipDefaultCheckout()');
  if (o.skipStagesAfterUnstable) lines.push('skipStagesAfterUnstable()');
  if (o.timeout) lines.push(timeoutCall(o.timeout));
  if (o.timestamps) lines.push('timestamps()');
  if (lines.length) w.block('options', (b) => lines.forEach((l) => b.line(l)));
}

/**
 * `triggers { }`: pipeline-model-definition's trigger symbols (core's TimerTrigger `cron`, SCMTrigger `pollSCM`,
 * ReverseBuildTrigger `upstream`, whose threshold is a `hudson.model.Result` constant, whitelisted as a static field).
 */
function writeTriggers(w: GroovyWriter, t: TriggersIR): void {
  const lines: string[] = [];
  if (t.cron !== undefined) lines.push(`cron(${groovyString(t.cron)})`);
  if (t.pollSCM !== undefined) lines.push(`pollSCM(${groovyString(t.pollSCM)})`);
  if (t.upstream)
    lines.push(`upstream(upstreamProjects: ${groovyString(t.upstream.projects.join(','))}, threshold: hudson.model.Result.${t.upstream.threshold})`);
  if (lines.length) w.block('triggers', (b) => lines.forEach((l) => b.line(l)));
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
      writeTriggers(b, p.triggers);
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
