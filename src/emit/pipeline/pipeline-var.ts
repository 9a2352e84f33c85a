import type { OptionsIR, ParamIR, TriggersIR } from '../../ir/types.js';
import type { ScheduledPipeline, ScheduledStage } from '../../schedule/types.js';
import { chunkCall } from './chunks.js';
import { groovyString } from '../../lang/groovy.js';
import { GroovyWriter } from '../groovy/writer.js';
import { CALL_PARAM, writeArgsCheck } from '../vars/call-args.js';
import { pipelineParams } from '../vars/pipeline-spec.js';
import { goEnvironment, writeAgent } from './agent.js';
import { CFG, envValue } from '../groovy/expr.js';
import { SUPPORT_VAR } from '../../ir/vars.js';
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
 * `parameters { }`: the build parameters (pipeline-model-definition's BuildParameters: core's
 * `string`/`booleanParam`/`choice` symbols), each defaulting to the call's value.
 */
function writeParameters(w: GroovyWriter, params: readonly ParamIR[]): void {
  const build = params.filter((x) => x.buildParameter);
  if (build.length === 0) return;
  w.block('parameters', (b) => {
    for (const x of build) {
      const name = groovyString(x.name);
      const description = groovyString(x.description);
      const choices = x.buildParameter!.choices;
      if (choices)
        b.line(
          `choice(name: ${name}, choices: ${SUPPORT_VAR}.choicesFirst(${CFG}.${x.name}, [${choices.map(groovyString).join(', ')}]), description: ${description})`,
        );
      else if (x.type === 'boolean') b.line(`booleanParam(name: ${name}, defaultValue: ${CFG}.${x.name}, description: ${description})`);
      else b.line(`string(name: ${name}, defaultValue: ${CFG}.${x.name} == null ? '' : ${CFG}.${x.name}.toString(), description: ${description})`);
    }
  });
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
    // A build parameter overrides the call's value for one build ("Build with Parameters"); the first build has
    // none yet, so the call's value stands.
    for (const x of p.params.filter((q) => q.buildParameter)) {
      c.block(`if (params.containsKey(${groovyString(x.name)}))`, (b) =>
        b.line(`${CFG}.${x.name} = ${SUPPORT_VAR}.buildParameter(${groovyString(x.name)}, ${groovyString(x.type)}, params.${x.name})`),
      );
    }
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
      writeParameters(b, p.params);
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
