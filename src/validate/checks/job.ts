/**
 * The job-level directives of a pipeline: the options Declarative turns into job properties (quietPeriod,
 * durabilityHint, preserveStashes, rateLimitBuilds, …; JSLC050) and `triggers {}` (JSLC051).
 */
import type { DurabilityHint, PipelineIR, RateLimitDuration } from '../../ir/types.js';
import { type Ctx, at, checkString, checkWorkspacePath, report } from './values.js';

const DURABILITY: ReadonlySet<string> = new Set<DurabilityHint>(['PERFORMANCE_OPTIMIZED', 'SURVIVABLE_NONATOMIC', 'MAX_SURVIVABILITY']);
const DURATIONS: ReadonlySet<string> = new Set<RateLimitDuration>(['second', 'minute', 'hour', 'day', 'week', 'month', 'year']);
const THRESHOLDS: ReadonlySet<string> = new Set(['SUCCESS', 'UNSTABLE', 'FAILURE']);

const intIn = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;

/** JSLC050: the job-level options Declarative passes to Jenkins as job properties, in the ranges Jenkins accepts. */
export function checkJobOptions(ctx: Ctx, p: PipelineIR): void {
  const o = p.options;
  if (o.quietPeriod !== undefined && !intIn(o.quietPeriod, 0, 86400))
    report(at(ctx, 'quietPeriod'), 'JSLC050', `quietPeriod ${o.quietPeriod} is not whole seconds from 0 to 86400`, 'e.g. 30');
  if (o.preserveStashes !== undefined && !intIn(o.preserveStashes, 1, 50))
    report(
      at(ctx, 'preserveStashes'),
      'JSLC050',
      `preserveStashes ${o.preserveStashes} is not a build count from 1 to 50`,
      'pipeline-model-definition keeps at most 50',
    );
  if (o.durabilityHint !== undefined && !DURABILITY.has(o.durabilityHint))
    report(at(ctx, 'durabilityHint'), 'JSLC050', `${JSON.stringify(o.durabilityHint)} is not a durability hint`, `use one of ${[...DURABILITY].join(', ')}`);
  if (o.rateLimitBuilds) {
    const r = o.rateLimitBuilds;
    if (!intIn(r.count, 1, 1000)) report(at(ctx, 'rateLimitBuilds.count'), 'JSLC050', `rateLimitBuilds count ${r.count} is not a whole number from 1 to 1000`);
    if (!DURATIONS.has(r.duration))
      report(at(ctx, 'rateLimitBuilds.duration'), 'JSLC050', `${JSON.stringify(r.duration)} is not a duration`, `use one of ${[...DURATIONS].join(', ')}`);
  }
  if (o.copyArtifactPermission !== undefined)
    o.copyArtifactPermission.split(',').forEach((j, i) => {
      if (j.trim() === '' || j !== j.trim())
        report(at(ctx, `copyArtifactPermission[${i}]`), 'JSLC050', `job name ${JSON.stringify(j)} is empty or padded`, 'name each job once, e.g. deploy/*');
      else checkString(at(ctx, `copyArtifactPermission[${i}]`), j);
    });
  if (o.checkoutToSubdirectory !== undefined) checkWorkspacePath(at(ctx, 'checkoutToSubdirectory'), o.checkoutToSubdirectory);
  if (o.newContainerPerStage && p.agent.type !== 'docker')
    report(
      at(ctx, 'newContainerPerStage'),
      'JSLC050',
      `newContainerPerStage needs a docker agent, but the pipeline's agent is ${p.agent.type}`,
      'drop it, or run the pipeline on a docker agent',
    );
}

/** One crontab field as Jenkins' CronTab parses it: `*`, `H`, `H(a-b)`, numbers and ranges, each with an optional `/step`, in a comma list. */
const CRON_FIELD = /^(?:(?:\*|H(?:\(\d+-\d+\))?|\d+(?:-\d+)?)(?:\/\d+)?)(?:,(?:(?:\*|H(?:\(\d+-\d+\))?|\d+(?:-\d+)?)(?:\/\d+)?))*$/;
const CRON_ALIASES: ReadonlySet<string> = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Whether a text is one crontab line Jenkins accepts: five fields, or an alias (`@daily`, hashed by Jenkins). */
function isCrontab(spec: string): boolean {
  if (CRON_ALIASES.has(spec)) return true;
  const fields = spec.split(/\s+/);
  return fields.length === 5 && fields.every((f) => CRON_FIELD.test(f));
}

/** JSLC051: `triggers {}`: crontabs Jenkins parses, upstream jobs by name, a threshold Jenkins knows. */
export function checkTriggers(ctx: Ctx, p: PipelineIR): void {
  const t = p.triggers;
  for (const key of ['cron', 'pollSCM'] as const) {
    const spec = t[key];
    if (spec !== undefined && !isCrontab(spec.trim()))
      report(
        at(ctx, key),
        'JSLC051',
        `${JSON.stringify(spec)} is not a crontab line`,
        "five fields with Jenkins' H, e.g. 'H 2 * * 1-5', or an alias such as '@daily'",
      );
  }
  if (t.upstream) {
    if (t.upstream.projects.length === 0) report(at(ctx, 'upstream.projects'), 'JSLC051', 'no upstream job named', "name at least one job, e.g. ['libs/core']");
    t.upstream.projects.forEach((j, i) => {
      if (j.trim() === '' || /[,\s]/.test(j))
        report(at(ctx, `upstream.projects[${i}]`), 'JSLC051', `${JSON.stringify(j)} is not a job name`, 'one job per entry, no commas or spaces');
      else checkString(at(ctx, `upstream.projects[${i}]`), j);
    });
    if (!THRESHOLDS.has(t.upstream.threshold))
      report(at(ctx, 'upstream.threshold'), 'JSLC051', `${JSON.stringify(t.upstream.threshold)} is not a threshold`, 'use SUCCESS, UNSTABLE or FAILURE');
  }
}
