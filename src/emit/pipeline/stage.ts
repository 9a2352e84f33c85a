import type { GoIR, TimeoutIR } from '../../ir/types.js';
import type { ScheduledStage } from '../../schedule/types.js';
import { groovyString } from '../../lang/groovy.js';
import type { GroovyWriter } from '../groovy/writer.js';
import { writeAgent } from './agent.js';
import { stageCalls } from '../vars/index.js';
import { writePost } from './post.js';
import { writeWhen } from './when.js';

/** What a stage needs from its pipeline. */
export interface StageScope {
  readonly go: GoIR;
  readonly pipelineName: string;
}

export function timeoutCall(t: TimeoutIR): string {
  return `timeout(time: ${t.time}, unit: ${groovyString(t.unit)})`;
}

function writeOptions(w: GroovyWriter, s: ScheduledStage): void {
  if (!s.timeout && s.retry === undefined) return;
  w.block('options', (o) => {
    if (s.retry !== undefined) o.line(`retry(${s.retry})`);
    if (s.timeout) o.line(timeoutCall(s.timeout));
  });
}

/** One Declarative `stage(…) { … }` of the scheduled tree, recursively for parallel groups and sequences. */
export function writeStage(w: GroovyWriter, s: ScheduledStage, scope: StageScope): void {
  w.block(`stage(${groovyString(s.name)})`, (b) => {
    // A parallel group has no agent of its own (validation rejects one; a fanned-out build's agent is its branches').
    const agent = s.kind === 'parallel' ? undefined : s.agent;
    if (agent) writeAgent(b, agent, scope.go, scope.pipelineName);
    if (s.when) writeWhen(b, s.when, agent !== undefined);
    writeOptions(b, s);
    switch (s.kind) {
      case 'parallel':
        if (s.failFast) b.line('failFast true');
        b.block('parallel', (p) => s.branches.forEach((x) => writeStage(p, x, scope)));
        break;
      case 'sequence':
        b.block('stages', (p) => s.stages.forEach((x) => writeStage(p, x, scope)));
        break;
      default:
        b.block('steps', (st) => stageCalls(s).forEach((l) => st.line(l)));
    }
    if (s.post) writePost(b, s.post);
  });
}
