/**
 * Stage statuses and durations from a Jenkins-style build log, for both backends: jslc's executor and Jenkins print
 * the same `[Pipeline] { (Name)` … `[Pipeline] // stage` blocks and the same skip messages, so one reader serves both.
 *
 * What the log shows, and so what this reads:
 * - A stage skipped by `when` or after a failure prints `Stage "X" skipped due to when conditional` / `… due to
 *   earlier failure(s)` / `… due to earlier stage(s) marking the build as unstable` inside its block. Jenkins'
 *   pipeline-model-definition prints these (ModelInterpreter.groovy `skipStage` logs `SkippedStageReason.getMessage()`
 *   through `Utils.logToTaskListener`; the texts are `SkippedStageReason.*.Message` in
 *   pipeline-model-definition/src/main/resources/org/jenkinsci/plugins/pipeline/modeldefinition/model/Messages.properties),
 *   and jslc's executor prints the same. The unstable one is `skipped-after-unstable`.
 * - An `ERROR: …` line inside a stage's own block (not a nested stage's) fails it: jslc's executor prints the error
 *   in every stage it passes through, and both print it where `catchError` catches one. Limit: `catchError`'s
 *   `stageResult` is not in the log, so an error it catches counts as the stage failing whatever `stageResult` says;
 *   one caught by `warnError` (inside `[Pipeline] warnError`) makes it unstable.
 * - Jenkins prints an uncaught error once, at the build's end, outside every stage. When the build failed and no
 *   stage shows its own error, the failed stage is the last leaf stage that ran and ended before the first
 *   "skipped due to earlier failure(s)" (or before the end), and its enclosing stages failed with it. Limit: an error
 *   raised outside every stage (e.g. in the pipeline's `post`) is then blamed on that stage too.
 * - `Timeout has been exceeded`, `Cancelling nested steps due to timeout` (the timeout step), `Aborted by …` and
 *   `Failed in branch …` (a failFast sibling stopped it) mark a stage aborted; a stage still open when the log ends
 *   is aborted when the build was, else failed.
 * - `[Pipeline] unstable` followed by its `WARNING: …` line makes the stage unstable.
 *
 * Parallel branches: jslc's executor prefixes a branch's lines with `[branch] `, so stages open and close per
 * prefix. Jenkins prefixes only the branches' step output, not their `[Pipeline]` lines: with it, stages of
 * branches running side by side may be matched to the wrong `// stage` line, so their durations are approximate.
 */
import { STAGE_STATUSES, type BuildResult, type StageEvent, type StageRecord, type StageStatus } from './types.js';

/** The skip messages (see the module comment for their upstream source), by the status they mean. */
const SKIPPED = /^Stage "(.*)" skipped due to (when conditional|earlier failure\(s\)|earlier stage\(s\) marking the build as unstable)$/;

/** Lines that mean the stage they are in was stopped by a timeout or an abort. */
const ABORTED = [
  /^Timeout has been exceeded$/,
  /^Cancelling nested steps due to timeout$/,
  /^Aborted by /,
  /^Failed in branch /,
  /^Sending interrupt signal to process$/,
];

/** An uncaught exception's first line, as the executor prints one raised outside every stage. */
const EXCEPTION = /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)(?:: .*)?$/;

interface Frame {
  readonly name: string;
  readonly parents: readonly string[];
  readonly prefix: string;
  readonly startMs: number;
  readonly parent: Frame | undefined;
  readonly children: Frame[];
  announced: boolean;
  skip?: StageStatus;
  errors: number;
  aborted: boolean;
  unstable: boolean;
  endMs?: number;
  endLine?: number;
  unclosed?: boolean;
  status?: StageStatus;
}

interface Branch {
  readonly chain: readonly string[];
  readonly owner: Frame | undefined;
}

interface PrefixState {
  readonly stack: Frame[];
  warnError: number;
  afterUnstable: boolean;
}

/** Callbacks of a {@link StageTracker}, as the log goes by. */
export interface StageTrackerHooks {
  /** A stage started running (not called for a stage the log shows skipped). */
  readonly onStart?: (event: StageEvent) => void;
  /** A stage ended, with its status as far as the log shows it so far. */
  readonly onEnd?: (record: StageRecord) => void;
}

/**
 * Reads a build log line by line, as it arrives, and tells when stages start and end; {@link StageTracker.finish}
 * gives every stage's final record once the build result is known.
 */
export class StageTracker {
  private readonly frames: Frame[] = [];
  private readonly prefixes = new Map<string, PrefixState>();
  private readonly branches = new Map<string, Branch>();
  /** Branches whose first stage has not opened yet (a Declarative branch's stage bears the branch's name). */
  private readonly waiting = new Set<string>();
  private readonly messages: string[] = [];
  private readonly exceptions: string[] = [];
  private lineNo = 0;
  private lastMs = 0;
  private firstFailureSkip: number | undefined;

  /** @param hooks called as stages start and end. */
  constructor(private readonly hooks: StageTrackerHooks = {}) {}

  /** Feeds one log line and the milliseconds from the container's start at which it arrived. */
  line(line: string, atMs: number): void {
    const n = this.lineNo++;
    this.lastMs = atMs;
    const { prefix, rest } = this.split(line);
    const state = this.state(prefix);
    const top = state.stack[state.stack.length - 1];
    if (rest.startsWith('[Pipeline] ')) {
      const step = rest.slice('[Pipeline] '.length);
      const open = /^\{ \((.*)\)$/.exec(step);
      if (open && open[1]!.startsWith('Branch: ')) {
        this.announce(state);
        const name = open[1]!.slice('Branch: '.length);
        this.branches.set(name, { chain: [...this.chain(prefix, state), name], owner: top ?? this.branchOwner(prefix) });
        this.waiting.add(name);
        return;
      }
      if (open) {
        this.announce(state);
        // A Declarative parallel branch bears its stage's name: the branch is not a parent of its own stage, which
        // sits under the stage holding the parallel (Jenkins prints it unprefixed, above the other branches' stages).
        const branch = this.waiting.delete(open[1]!) ? this.branches.get(open[1]!) : undefined;
        const own = branch ? branch.chain.slice(0, -1) : this.chain(prefix, state);
        const parents = state.stack.length === 0 && own[own.length - 1] === open[1] ? own.slice(0, -1) : own;
        const frame: Frame = {
          name: open[1]!,
          parents,
          prefix,
          startMs: atMs,
          parent: branch ? branch.owner : (top ?? this.branchOwner(prefix)),
          children: [],
          announced: false,
          errors: 0,
          aborted: false,
          unstable: false,
        };
        frame.parent?.children.push(frame);
        this.frames.push(frame);
        state.stack.push(frame);
        return;
      }
      if (step === '// stage') {
        const f = state.stack.pop();
        if (!f) return;
        f.endMs = atMs;
        f.endLine = n;
        if (!f.skip) this.announceFrame(f);
        this.hooks.onEnd?.(this.record(f, liveStatus(f)));
        return;
      }
      if (step === 'warnError') state.warnError++;
      else if (step === '// warnError') state.warnError = Math.max(0, state.warnError - 1);
      // `}` and `// x` close blocks opened before; everything else is a step running in the open stage.
      if (step !== '}' && !step.startsWith('} ') && !step.startsWith('// ')) this.announce(state);
      state.afterUnstable = step === 'unstable';
      return;
    }
    const skipped = SKIPPED.exec(rest);
    if (skipped) {
      const f = this.findOpen(skipped[1]!, state);
      if (f) {
        f.skip = skipped[2] === 'when conditional' ? 'skipped-by-when' : skipped[2]!.includes('unstable') ? 'skipped-after-unstable' : 'skipped-after-failure';
        if (f.skip === 'skipped-after-failure' && this.firstFailureSkip === undefined) this.firstFailureSkip = n;
        return;
      }
    }
    this.announce(state);
    // Jenkins does not prefix a branch's `[Pipeline]` lines, so its stages may be open in no prefix: the branch's
    // Declarative stage bears the branch's name.
    const at = top ?? this.branchStage(prefix);
    const error = /^ERROR: (.*)$/.exec(rest);
    const text = error ? error[1]! : rest;
    if (ABORTED.some((re) => re.test(text))) {
      if (at) at.aborted = true;
    } else if (error) {
      if (at && state.warnError > 0) at.unstable = true;
      else if (at) at.errors++;
    } else if (state.afterUnstable && rest.startsWith('WARNING: ')) {
      if (at) at.unstable = true;
    } else if (EXCEPTION.test(rest)) {
      this.exceptions.push(rest);
    }
    if (error && !this.messages.includes(text)) this.messages.push(text);
    state.afterUnstable = false;
  }

  /** The errors the log reported so far: each `ERROR: ` message once, else the uncaught exceptions' first lines. */
  errors(): string[] {
    return this.messages.length > 0 ? [...this.messages] : [...new Set(this.exceptions)];
  }

  /** Every stage's record, in the order they started, once the build ended with `result`. */
  finish(result: BuildResult): StageRecord[] {
    for (const f of this.frames) {
      if (f.endMs === undefined) {
        f.endMs = this.lastMs;
        f.endLine = this.lineNo;
        f.unclosed = true;
      }
    }
    for (const f of this.frames) f.status = ownStatus(f, result);
    // Post-order: an error that failed the build passed through the enclosing stages.
    const settle = (f: Frame): void => {
      f.children.forEach(settle);
      if (f.status !== 'success' && f.status !== 'unstable') return;
      if (result === 'FAILURE' && f.children.some((c) => c.status === 'failed' || c.status === 'aborted')) f.status = 'failed';
      else if (result === 'ABORTED' && f.children.some((c) => c.status === 'aborted')) f.status = 'aborted';
    };
    this.frames.filter((f) => !f.parent).forEach(settle);
    if ((result === 'FAILURE' || result === 'ABORTED') && !this.frames.some((f) => f.status === 'failed' || f.status === 'aborted')) {
      // Jenkins prints the error at the end: blame the last leaf stage that ran before stages were skipped.
      const limit = this.firstFailureSkip ?? Number.POSITIVE_INFINITY;
      const ran = this.frames.filter((f) => f.children.length === 0 && !f.skip && !f.name.startsWith('Declarative: ') && f.endLine! < limit);
      const blamed = ran.sort((a, b) => b.endLine! - a.endLine!)[0];
      for (let f = blamed; f; f = f.parent) if (!f.skip) f.status = result === 'ABORTED' ? 'aborted' : 'failed';
    }
    return this.frames.map((f) => this.record(f, f.status!));
  }

  /** Splits a line into its branch prefix (`[a] [b] `, known branch names only) and the rest. */
  private split(line: string): { prefix: string; rest: string } {
    let i = 0;
    for (;;) {
      const m = /^\[([^\]]*)\] /.exec(line.slice(i));
      if (!m || m[1] === 'Pipeline' || !this.branches.has(m[1]!)) break;
      i += m[0].length;
    }
    return { prefix: line.slice(0, i), rest: line.slice(i) };
  }

  private state(prefix: string): PrefixState {
    let s = this.prefixes.get(prefix);
    if (!s) {
      s = { stack: [], warnError: 0, afterUnstable: false };
      this.prefixes.set(prefix, s);
    }
    return s;
  }

  /** The innermost branch a prefix names. */
  private branchOf(prefix: string): Branch | undefined {
    const m = /\[([^\]]*)\] $/.exec(prefix);
    return m ? this.branches.get(m[1]!) : undefined;
  }

  /** The open stage named as the prefix's innermost branch, else the stage that opened the branch. */
  private branchStage(prefix: string): Frame | undefined {
    const m = /\[([^\]]*)\] $/.exec(prefix);
    if (!m) return undefined;
    for (const s of this.prefixes.values()) {
      const f = [...s.stack].reverse().find((x) => x.name === m[1]);
      if (f) return f;
    }
    return this.branchOwner(prefix);
  }

  private branchOwner(prefix: string): Frame | undefined {
    return this.branchOf(prefix)?.owner;
  }

  /** The names enclosing a new stage of this prefix: the branch's chain, then the prefix's open stages. */
  private chain(prefix: string, state: PrefixState): string[] {
    const out: string[] = [];
    for (const n of [...(this.branchOf(prefix)?.chain ?? []), ...state.stack.map((f) => f.name)]) if (out[out.length - 1] !== n) out.push(n);
    return out;
  }

  /** The open stage a skip message names: in the line's prefix first, else anywhere (Jenkins' unprefixed lines). */
  private findOpen(name: string, state: PrefixState): Frame | undefined {
    const mine = [...state.stack].reverse().find((f) => f.name === name);
    if (mine) return mine;
    for (const s of this.prefixes.values()) {
      const f = [...s.stack].reverse().find((x) => x.name === name);
      if (f) return f;
    }
    return undefined;
  }

  /** A line showed that the prefix's open stages run: report their starts. */
  private announce(state: PrefixState): void {
    for (const f of state.stack) if (!f.skip) this.announceFrame(f);
  }

  private announceFrame(f: Frame): void {
    if (f.announced) return;
    f.announced = true;
    this.hooks.onStart?.({ name: f.name, atMs: f.startMs, parents: f.parents });
  }

  private record(f: Frame, status: StageStatus): StageRecord {
    return { name: f.name, parents: f.parents, startMs: f.startMs, durationMs: Math.max(0, (f.endMs ?? this.lastMs) - f.startMs), status };
  }
}

/** A stage's status from its own lines, before the build result is known; a failed nested stage fails it too. */
function liveStatus(f: Frame): StageStatus {
  if (f.skip) return f.skip;
  if (f.aborted) return 'aborted';
  if (f.errors > 0 || f.children.some((c) => liveStatus(c) === 'failed')) return 'failed';
  if (f.children.some((c) => liveStatus(c) === 'aborted')) return 'aborted';
  return f.unstable ? 'unstable' : 'success';
}

function ownStatus(f: Frame, result: BuildResult): StageStatus {
  if (f.skip) return f.skip;
  if (f.aborted) return 'aborted';
  if (f.errors > 0) return 'failed';
  if (f.unclosed && result !== 'SUCCESS' && result !== 'UNSTABLE') return result === 'ABORTED' ? 'aborted' : 'failed';
  return f.unstable ? 'unstable' : 'success';
}

/** Every stage's record read from a whole log whose lines arrived at `times` (ms from the start), for a build result. */
export function stageRecordsOfLog(lines: readonly string[], times: readonly number[], result: BuildResult): { records: StageRecord[]; errors: string[] } {
  const t = new StageTracker();
  lines.forEach((l, i) => t.line(l, times[i] ?? 0));
  return { records: t.finish(result), errors: t.errors() };
}

/** One line of the executor's stage status file (`JSLC_STAGES_FILE`): a stage that ended. */
export interface StageFileEntry {
  /** The stage's name. */
  readonly name: string;
  /** The enclosing stages and branches, outermost first. */
  readonly parents: readonly string[];
  /** How it ended. */
  readonly status: StageStatus;
}

/**
 * The entries of a stage status file: one JSON object `{"name", "parents", "status"}` a line, written by the executor
 * as each stage ends. Lines that are no such object (a line cut short when the build was killed) are left out.
 */
export function parseStageFile(text: string): StageFileEntry[] {
  const out: StageFileEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Record<string, unknown>;
    const parents = o['parents'] ?? [];
    if (typeof o['name'] !== 'string' || !Array.isArray(parents) || !parents.every((p) => typeof p === 'string')) continue;
    if (!STAGE_STATUSES.includes(o['status'] as StageStatus)) continue;
    out.push({ name: o['name'], parents: parents as string[], status: o['status'] as StageStatus });
  }
  return out;
}

/**
 * The log's records with the statuses of the stage status file, which knows what the log cannot (`catchError`'s
 * `stageResult`, which stage raised the error). Each entry takes the first record of the same name and parents not
 * taken yet (parents compared without adjacent repeats, nor a last one equal to the stage's name: `["Checks", "Vet"]`
 * for the stage Vet of the parallel branch Vet matches `["Checks"]`); an entry without one (a stage the log does not
 * show) is added at the end with no timing (0 ms).
 */
export function mergeStageFile(records: readonly StageRecord[], entries: readonly StageFileEntry[]): StageRecord[] {
  const out = [...records];
  const taken = new Set<number>();
  // Parents compared without repeats: a Declarative parallel branch and its stage bear the same name, and a writer
  // may list the branch or not.
  const key = (name: string, parents: readonly string[]): string => {
    const p = parents.filter((x, i) => x !== parents[i - 1]);
    return JSON.stringify([name, p[p.length - 1] === name ? p.slice(0, -1) : p]);
  };
  for (const e of entries) {
    const i = out.findIndex((r, j) => !taken.has(j) && key(r.name, r.parents) === key(e.name, e.parents));
    if (i >= 0) {
      taken.add(i);
      out[i] = { ...out[i]!, status: e.status };
    } else {
      taken.add(out.length);
      out.push({ name: e.name, parents: e.parents, startMs: 0, durationMs: 0, status: e.status });
    }
  }
  return out;
}
