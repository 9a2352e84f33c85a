/**
 * What `jslc run` prints about a run, as pure functions: the progress line of each stage start and end, the summary
 * table, the findings (errors the log reports, with the fix when jslc knows one) and the `--json` envelope.
 *
 * Progress lines use the same symbols whether or not stderr is a terminal (no colour, so nothing to switch off):
 * `▶` a stage started, `✔` it succeeded, `✘` it failed or was aborted, `!` it ended unstable, `-` it was skipped.
 */
import type { BuildResult, StageEvent, StageRecord, StageStatus } from '../runner/types.js';
import { assertNever } from '../util/never.js';
import { type CliFinding, type Envelope, envelope } from './envelope.js';

/** One finding of the `--json` envelope: an error the run reported (jslc's finding, always of severity `error`). */
export type RunFinding = CliFinding & { readonly severity: 'error' };

/** A stage in the `--json` envelope. */
export interface RunStageJson {
  /** The stage's name. */
  readonly name: string;
  /** The enclosing stages and parallel branches, outermost first (left out at the top level). */
  readonly parents?: readonly string[];
  /** Milliseconds from the build's start to the stage's start. */
  readonly startMs: number;
  /** Milliseconds the stage took. */
  readonly durationMs: number;
  /** How it ended. */
  readonly status: StageStatus;
}

/** The fields `jslc run` adds to jslc's envelope (`envelope.ts`); a type, not an interface, so it is a field record. */
export type RunFields = {
  /** The build result; left out when the run could not happen. */
  readonly result?: BuildResult;
  /** Milliseconds the build took (from starting it to its end; the runner image check is not in it). */
  readonly durationMs: number;
  /** Every stage, in the order they started. */
  readonly stages: readonly RunStageJson[];
};

/** The document `jslc run --json` prints on stdout: jslc's envelope and the run's fields. */
export type RunEnvelope = Envelope & RunFields & { readonly command: 'run'; readonly findings: readonly RunFinding[] };

/** Seconds with one decimal: `12.3 s`. */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The progress line of a stage that started: `jslc run: ▶ Build (+3.1 s)`. */
export function stageStartLine(e: StageEvent): string {
  return `jslc run: ▶ ${e.name} (+${formatDuration(e.atMs)})`;
}

/** The progress line of a stage that ended: `✔ Build 12.3 s`, `✘ Test 4.0 s (failed)`, `- Deploy skipped (when)`. */
export function stageEndLine(r: StageRecord): string {
  const d = formatDuration(r.durationMs);
  switch (r.status) {
    case 'success':
      return `jslc run: ✔ ${r.name} ${d}`;
    case 'failed':
      return `jslc run: ✘ ${r.name} ${d} (failed)`;
    case 'aborted':
      return `jslc run: ✘ ${r.name} ${d} (aborted)`;
    case 'unstable':
      return `jslc run: ! ${r.name} ${d} (unstable)`;
    case 'skipped-by-when':
      return `jslc run: - ${r.name} skipped (when)`;
    case 'skipped-after-failure':
      return `jslc run: - ${r.name} skipped (earlier failure)`;
    case 'skipped-after-unstable':
      return `jslc run: - ${r.name} skipped (earlier stage unstable)`;
    default:
      return assertNever(r.status);
  }
}

/**
 * The records in tree order: each stage followed by the stages inside it (those whose parents are its parents and
 * itself, started while it ran), siblings in the order they started. Start order alone would put a stage of one
 * parallel branch under a sibling branch that started before it.
 */
export function treeOrder(records: readonly StageRecord[]): StageRecord[] {
  const out: StageRecord[] = [];
  const taken = new Set<number>();
  const path = (r: StageRecord): string => JSON.stringify([...r.parents, r.name]);
  const visit = (i: number): void => {
    taken.add(i);
    const r = records[i]!;
    out.push(r);
    const inside = JSON.stringify([...r.parents, r.name]);
    records.forEach((c, j) => {
      if (taken.has(j) || JSON.stringify(c.parents) !== inside) return;
      // A stage name may repeat (a retried stage, matrix cells): a child belongs to the run of its parent it started in.
      if (c.startMs < r.startMs || c.startMs > r.startMs + r.durationMs) return;
      visit(j);
    });
  };
  records.forEach((r, i) => {
    if (taken.has(i)) return;
    // A top-level stage, or one whose parent is not among the records: its own root.
    const parentListed = r.parents.length > 0 && records.some((p) => path(p) === JSON.stringify(r.parents));
    if (!parentListed) visit(i);
  });
  // Anything left (a child that started outside its parent's span): in start order, at the end.
  records.forEach((r, i) => {
    if (!taken.has(i)) visit(i);
  });
  return out;
}

/**
 * The summary table printed at the end: one row per stage (nested stages indented under their parents) with its
 * status and duration (`-` for a skipped stage).
 */
export function summaryTable(records: readonly StageRecord[]): string[] {
  if (records.length === 0) return ['jslc run: no stage ran'];
  const rows = treeOrder(records).map((r) => [
    `${'  '.repeat(r.parents.length)}${r.name}`,
    r.status,
    r.status.startsWith('skipped') ? '-' : formatDuration(r.durationMs),
  ]);
  const head = ['STAGE', 'STATUS', 'DURATION'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    `  ${cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width[i]!)))
      .join('  ')
      .trimEnd()}`;
  return ['jslc run: stages', line(head), ...rows.map(line)];
}

/** An agent image the build could not pull, read from the log. */
export interface UnpullableImage {
  /** The image as the pipeline names it. */
  readonly image: string;
  /** The engine's reason (its `Error response from daemon` line), when the log has it. */
  readonly reason?: string;
}

/**
 * The agent images a build could not pull: `docker run` (the local executor's agents) prints `Unable to find image
 * 'X' locally` and then the engine's error; a `docker pull X` command line (docker-workflow's, under Jenkins) followed
 * by the engine's error is one too; `pull access denied for X` and `manifest for X not found` name the image themselves.
 */
export function unpullableImages(log: string): UnpullableImage[] {
  const out = new Map<string, UnpullableImage>();
  const lines = log.split('\n');
  lines.forEach((line, i) => {
    // docker-workflow pulls with `docker pull IMAGE` (its command line echoed as `+ docker pull IMAGE`).
    const unable = /Unable to find image '([^']+)' locally/.exec(line) ?? /^(?:\[[^\]]*\] )*[+$] docker pull (\S+)$/.exec(line);
    if (unable) {
      const next = lines.slice(i + 1, i + 4).find((l) => /Error response from daemon:/.test(l));
      if (next && !out.has(unable[1]!)) {
        out.set(unable[1]!, { image: unable[1]!, reason: next.replace(/^.*?Error response from daemon: /, '') });
      }
      return;
    }
    const denied = /(?:pull access denied for|manifest for) ([^\s,]+)/.exec(line);
    if (denied && !out.has(denied[1]!)) {
      const reason = line.replace(/^.*?Error response from daemon: /, '').trim();
      out.set(denied[1]!, { image: denied[1]!, reason });
    }
  });
  return [...out.values()];
}

/** The finding of an agent image the machine cannot pull: it names the image and the fix, `--agent-image`. */
export function unpullableImageFinding(u: UnpullableImage): RunFinding {
  return {
    severity: 'error',
    code: 'agent-image-pull',
    message:
      `the agent image ${u.image} could not be pulled${u.reason ? ` (${u.reason})` : ''}. If this machine cannot pull it, ` +
      `run it as a local image: --agent-image ${u.image}=LOCAL_IMAGE (or --agent-image ${u.image}=runner for jslc's runner ` +
      'image: Go, git, docker CLI, cosign).',
  };
}

/** The findings of a finished run: none on success; else the agent images it could not pull, then the log's errors. */
export function runFindings(result: BuildResult, errors: readonly string[], log: string): RunFinding[] {
  if (result === 'SUCCESS') return [];
  const images = unpullableImages(log);
  const findings: RunFinding[] = images.map(unpullableImageFinding);
  for (const message of errors) {
    if (images.some((u) => message.includes(u.image))) continue;
    findings.push({ severity: 'error', message });
  }
  if (findings.length === 0) findings.push({ severity: 'error', message: `the build ended ${result}`, code: 'run' });
  return findings;
}

/** A stage as the envelope shows it (`parents` left out at the top level). */
export function stageJson(r: StageRecord): RunStageJson {
  return { name: r.name, ...(r.parents.length > 0 ? { parents: r.parents } : {}), startMs: r.startMs, durationMs: r.durationMs, status: r.status };
}

/** The run's fields of the envelope: its result (when it ran), its duration and its stages. */
export function runFields(run: { readonly result?: BuildResult; readonly durationMs: number; readonly stages?: readonly StageRecord[] }): RunFields {
  return { ...(run.result ? { result: run.result } : {}), durationMs: run.durationMs, stages: (run.stages ?? []).map(stageJson) };
}

/** The `--json` envelope of a run (`ok` is true only for SUCCESS, the one result that exits 0). */
export function runEnvelope(run: { readonly exitCode: number; readonly findings: readonly RunFinding[] } & Parameters<typeof runFields>[0]): RunEnvelope {
  return envelope('run', run.exitCode, run.findings, runFields(run)) as RunEnvelope;
}
