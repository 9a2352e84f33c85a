import type { GoIR, StageIR, TimeoutIR } from '../../ir/types.js';
import { buildBranchName, buildFansOut } from '../../ir/naming.js';
import { groovyString } from '../../lang/groovy.js';
import type { GroovyWriter } from '../groovy/writer.js';
import { writeAgent } from './agent.js';
import { stageCalls } from './calls.js';
import { writePost } from './post.js';
import { writeWhen } from './when.js';

/** What a stage needs from its pipeline. */
export interface StageScope {
  readonly go: GoIR;
  readonly pipelineName: string;
  readonly inParallel: boolean;
  /** Every stage emitted before, in order (flattened), for calls that depend on earlier stages. */
  readonly previous: StageIR[];
}

export function timeoutCall(t: TimeoutIR): string {
  return `timeout(time: ${t.time}, unit: ${groovyString(t.unit)})`;
}

function writeOptions(w: GroovyWriter, s: StageIR): void {
  if (!s.timeout && s.retry === undefined) return;
  w.block('options', (o) => {
    if (s.retry !== undefined) o.line(`retry(${s.retry})`);
    if (s.timeout) o.line(timeoutCall(s.timeout));
  });
}

/** One Declarative `stage(…) { … }`, recursively for parallel groups and sequences. */
export function writeStage(w: GroovyWriter, s: StageIR, scope: StageScope): void {
  w.block(`stage(${groovyString(s.name)})`, (b) => {
    const fansOut = s.kind === 'build' && buildFansOut(s, scope.inParallel);
    const parallelParent = s.kind === 'parallel' || fansOut;
    if (s.agent && !parallelParent) writeAgent(b, s.agent, scope.go, scope.pipelineName);
    if (s.when) writeWhen(b, s.when, s.agent !== undefined && !parallelParent);
    writeOptions(b, s);
    switch (s.kind) {
      case 'parallel':
        if (s.failFast) b.line('failFast true');
        b.block('parallel', (p) => s.branches.forEach((x) => writeStage(p, x, { ...scope, inParallel: true })));
        break;
      case 'sequence':
        b.block('stages', (p) => s.stages.forEach((x) => writeStage(p, x, scope)));
        break;
      case 'build':
        if (fansOut) {
          b.line('failFast true');
          b.block('parallel', (p) => {
            for (const platform of s.platforms) {
              p.block(`stage(${groovyString(buildBranchName(s, platform))})`, (x) => {
                if (s.agent) writeAgent(x, s.agent, scope.go, scope.pipelineName);
                x.block('steps', (st) => stageCalls(s, { previous: scope.previous }, [platform]).forEach((l) => st.line(l)));
              });
            }
          });
          break;
        }
        b.block('steps', (st) => stageCalls(s, { previous: scope.previous }).forEach((l) => st.line(l)));
        break;
      default:
        b.block('steps', (st) => stageCalls(s, { previous: scope.previous }).forEach((l) => st.line(l)));
    }
    if (s.post) writePost(b, s.post);
  });
  scope.previous.push(s);
}
