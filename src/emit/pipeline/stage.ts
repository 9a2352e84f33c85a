import type { GoIR, OnFailureIR, RetryDelayIR, TimeoutIR } from '../../ir/types.js';
import { assertNever } from '../../util/never.js';
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

/**
 * Whether the stage's retry wraps its steps instead of being a stage option: with a wait between attempts (a
 * `sleep` inside the retried block), or with `onFailure` (the `catchError` must see the last attempt's failure, so
 * the retry goes inside it; as an option around the stage it would never see a failure).
 */
function retryInSteps(s: ScheduledStage): boolean {
  return s.retry !== undefined && (s.retryDelay !== undefined || s.onFailure !== undefined) && s.kind !== 'parallel' && s.kind !== 'sequence';
}

function writeOptions(w: GroovyWriter, s: ScheduledStage): void {
  const retry = s.retry !== undefined && !retryInSteps(s);
  if (!s.timeout && !retry) return;
  w.block('options', (o) => {
    if (retry) o.line(`retry(${s.retry})`);
    if (s.timeout) o.line(timeoutCall(s.timeout));
  });
}

/** The waits before attempts 2…n: `delaySeconds`, then multiplied by `backoff` each time, rounded to seconds. */
export function retryDelays(times: number, d: RetryDelayIR): number[] {
  const out: number[] = [];
  for (let i = 1; i < times; i++) out.push(Math.round(d.delaySeconds * d.backoff ** (i - 1)));
  return out;
}

/**
 * The header of the block that turns a failure into a result. Jenkins' parameters: workflow-basic-steps
 * `CatchErrorStep` (`buildResult`, `stageResult`, each SUCCESS/UNSTABLE/FAILURE/NOT_BUILT/ABORTED) and
 * `WarnErrorStep` (its message, required; build and stage UNSTABLE).
 */
function onFailureHead(f: OnFailureIR): string {
  switch (f.type) {
    case 'catchError':
      return `catchError(buildResult: ${groovyString(f.buildResult)}, stageResult: ${groovyString(f.stageResult)})`;
    case 'warnError':
      return `warnError(${groovyString(f.message)})`;
    default:
      return assertNever(f);
  }
}

/** The name of the pipeline var's helper method that retries a block with waits between the attempts. */
export const RETRY_HELPER = 'jslcRetry';

/**
 * The helper method a pipeline var gets when a stage waits between retries: a CPS-transformed method (no
 * `@NonCPS`, so it may take and call a closure) around workflow-basic-steps' `retry(count:)` that calls
 * `sleep(time:, unit: 'SECONDS')` before every attempt but the first (`RetryStep` takes `count`; `SleepStep` takes
 * `time` and `unit`). The attempt counter is a local captured by the retried closure. A method of its own keeps the
 * stage's nesting shallow (CodeNarc's NestedBlockDepth).
 */
export function writeRetryHelper(w: GroovyWriter): void {
  w.line('/** Runs body up to count times, sleeping delays[n - 1] seconds before attempt n + 1. Internal. */');
  w.block(`void ${RETRY_HELPER}(int count, List<Integer> delays, Closure body)`, (b) => {
    b.line('int attempt = 0');
    b.block('retry(count: count)', (r) => {
      r.block('if (attempt > 0)', (i) => i.line("sleep(time: delays[attempt - 1], unit: 'SECONDS')"));
      r.line('attempt++');
      r.line('body()');
    });
  });
}

/** Whether a stage of the scheduled tree waits between retries (its pipeline var then needs the retry helper). */
export function usesRetryHelper(s: ScheduledStage): boolean {
  return retryInSteps(s) && s.retryDelay !== undefined;
}

/**
 * A leaf stage's \`steps { }\`: its calls, inside \`retry(count:)\` when the retry is not a stage option (or the retry
 * helper, in a \`script { }\` block, when it waits between attempts), inside \`catchError\`/\`warnError\` with
 * \`onFailure\`.
 */
function writeSteps(w: GroovyWriter, s: ScheduledStage, calls: readonly string[]): void {
  const inSteps = retryInSteps(s);
  const delays = inSteps && s.retryDelay && s.retry !== undefined ? retryDelays(s.retry, s.retryDelay) : undefined;
  const body = (b: GroovyWriter): void => {
    if (!inSteps) calls.forEach((l) => b.line(l));
    else if (delays) b.block(`${RETRY_HELPER}(${s.retry}, [${delays.join(', ')}])`, (r) => calls.forEach((l) => r.line(l)));
    else b.block(`retry(count: ${s.retry})`, (r) => calls.forEach((l) => r.line(l)));
  };
  const guarded = (b: GroovyWriter): void => {
    if (s.onFailure) b.block(onFailureHead(s.onFailure), body);
    else body(b);
  };
  w.block('steps', (st) => (delays ? st.block('script', guarded) : guarded(st)));
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
        writeSteps(b, s, stageCalls(s));
    }
    if (s.post) writePost(b, s.post);
  });
}
