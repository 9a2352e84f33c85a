/**
 * The one JSON shape every jslc command prints with `--json` (docs/cli.md, "JSON output"): a single document on
 * stdout, whatever the command and whatever the outcome (usage errors, environment errors and internal errors too).
 *
 * A leaf module (types and one function), so that `jslc --version` and every command can use it cheaply.
 *
 * @module
 */

/** How bad a finding is; the same three levels as `jslc verify`'s findings. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** One finding of a command: a TypeScript or validation error, a verify finding, a drift, a missing tool. */
export interface CliFinding {
  /** How bad it is. Every `error` makes `ok` false. */
  readonly severity: FindingSeverity;
  /** What is wrong, in one line. */
  readonly message: string;
  /**
   * A machine-readable name: a validation rule (`JSLC015`), a verify check (`sandbox`), an environment need
   * (`java`, `docker`, `permission`), `usage`, `typescript`, `drift`, `internal`, ….
   */
  readonly code?: string;
  /** The file it is in, relative to the working directory (or to the library for verify findings). */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** 1-based column in `file`. */
  readonly column?: number;
  /** The `jslc verify` check that found it (verify findings; also their `code`). */
  readonly check?: string;
  /** The path of the offending value in the model, e.g. `pipelines.app.stages[3].build.platforms[1]` (validation). */
  readonly path?: string;
  /** How to fix it, when there is more to say than the message. */
  readonly hint?: string;
}

/** What every command prints with `--json`: these four fields, then the command's own (see docs/cli.md). */
export interface Envelope {
  /** True when the command did what it was asked (exit code 0). */
  readonly ok: boolean;
  /** The command that ran (`build`, `verify`, …; `jslc` for a usage error before any command). */
  readonly command: string;
  /** The process exit code jslc exits with. */
  readonly exitCode: number;
  /** Every finding, in the order the command found them; empty when there is nothing to say. */
  readonly findings: readonly CliFinding[];
  /** The command's own fields (e.g. build's `out` and `files`, verify's `files` and `checks`). */
  readonly [field: string]: unknown;
}

const COMMON = new Set(['ok', 'command', 'exitCode', 'findings']);

/** The envelope of a command's outcome; `fields` cannot override the four common fields. */
export function envelope(command: string, exitCode: number, findings: readonly CliFinding[], fields: Readonly<Record<string, unknown>> = {}): Envelope {
  const own = Object.fromEntries(Object.entries(fields).filter(([k]) => !COMMON.has(k)));
  return { ok: exitCode === 0, command, exitCode, findings, ...own };
}

/** An error finding with just a message (and a code). */
export function errorFinding(message: string, code?: string): CliFinding {
  return { severity: 'error', message, ...(code === undefined ? {} : { code }) };
}
