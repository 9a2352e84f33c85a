import type { StageIR } from '../../ir/types.js';
import { buildFansOut } from '../../ir/naming.js';
import { assertNever } from '../../util/never.js';
import { type Ctx, at, checkString, isSingleLine, report } from './values.js';

/** The longest wait jslc emits between two attempts of a retried stage (one hour). */
export const MAX_RETRY_DELAY_SECONDS = 3600;
/** The largest backoff factor: beyond it the waits grow past any useful build length within a few attempts. */
export const MAX_RETRY_BACKOFF = 10;

/** The results `onFailure` may set (a subset of what workflow-basic-steps `CatchErrorStep` accepts). */
const RESULTS: readonly string[] = ['SUCCESS', 'UNSTABLE', 'FAILURE'];

/**
 * Result control of one stage: `retry` with a wait (JSLC042, JSLC043), `onFailure` (JSLC044), the test stage's
 * coverage threshold (JSLC045), and the combinations Jenkins cannot express (JSLC046).
 */
export function checkResultControl(ctx: Ctx, s: StageIR, inParallel: boolean): void {
  const container = s.kind === 'parallel' || s.kind === 'sequence';
  const d = s.retryDelay;
  if (d) {
    if (!Number.isInteger(d.delaySeconds) || d.delaySeconds < 0 || d.delaySeconds > MAX_RETRY_DELAY_SECONDS)
      report(
        at(ctx, 'retry.delaySeconds'),
        'JSLC042',
        `retry delay ${d.delaySeconds} is not a whole number of seconds from 0 to ${MAX_RETRY_DELAY_SECONDS}`,
        'give the wait before the second attempt in whole seconds, e.g. delaySeconds: 10',
      );
    if (!Number.isFinite(d.backoff) || d.backoff < 1 || d.backoff > MAX_RETRY_BACKOFF)
      report(
        at(ctx, 'retry.backoff'),
        'JSLC043',
        `retry backoff ${d.backoff} is not a factor from 1 to ${MAX_RETRY_BACKOFF}`,
        'use 1 for a fixed wait, or e.g. 2 to double the wait after each attempt',
      );
    if (container)
      report(
        at(ctx, 'retry'),
        'JSLC046',
        `${s.kind} "${s.name}" cannot wait between retries: only a stage that runs steps can`,
        'set retry with delaySeconds on the stages inside it, or give the group a plain retry count',
      );
    else if (s.kind === 'build' && buildFansOut(s, inParallel))
      report(
        at(ctx, 'retry'),
        'JSLC046',
        `build "${s.name}" runs one stage per platform, whose retry cannot wait between attempts`,
        'use a plain retry count, or one build stage per platform',
      );
  }
  const f = s.onFailure;
  if (f) {
    if (container)
      report(
        at(ctx, 'onFailure'),
        'JSLC046',
        `${s.kind} "${s.name}" cannot set onFailure: only a stage that runs steps can`,
        'set onFailure on the stages inside it',
      );
    switch (f.type) {
      case 'catchError':
        for (const k of ['buildResult', 'stageResult'] as const)
          if (!RESULTS.includes(f[k]))
            report(at(ctx, `onFailure.${k}`), 'JSLC044', `${k} ${JSON.stringify(f[k])} is not a result onFailure can set`, 'use SUCCESS, UNSTABLE or FAILURE');
        if (f.buildResult === 'SUCCESS' && f.stageResult === 'SUCCESS')
          report(
            at(ctx, 'onFailure'),
            'JSLC044',
            `stage "${s.name}" would hide its failure: buildResult and stageResult are both SUCCESS`,
            "use onFailure: 'continue' to mark only the stage failed",
          );
        break;
      case 'warnError':
        if (f.message.trim() === '' || !isSingleLine(f.message))
          report(at(ctx, 'onFailure.warn'), 'JSLC044', 'the onFailure warning is empty or spans lines', 'give warn a one-line message');
        else checkString(at(ctx, 'onFailure.warn'), f.message);
        break;
      default:
        assertNever(f);
    }
    if (s.retry !== undefined && s.kind === 'build' && buildFansOut(s, inParallel))
      report(
        at(ctx, 'onFailure'),
        'JSLC046',
        `build "${s.name}" runs one stage per platform: with onFailure, its retry would never see a failure`,
        'drop retry or onFailure, or use one build stage per platform',
      );
  }
  if (s.kind === 'test' && s.coverage) {
    const m = s.coverage.minPercent;
    if (!Number.isInteger(m) || m < 0 || m > 100)
      report(at(ctx, 'coverage.minPercent'), 'JSLC045', `coverage minimum ${m} is not a whole percentage from 0 to 100`, 'use e.g. minPercent: 80');
    if (s.coverProfile === undefined)
      report(at(ctx, 'coverage'), 'JSLC046', `test stage "${s.name}" has a coverage minimum but no coverProfile`, "add coverProfile: 'coverage.out'");
  }
}
