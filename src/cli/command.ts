/**
 * What a jslc command is: its entry in the command table (`commands/index.ts`: name, options, summary) and its
 * module (`commands/<name>.ts`: help text and `run`), and what `run` gets and gives back. `main.ts` parses the
 * arguments, runs the command, and prints the outcome: as text, or with `--json` as the one envelope
 * (`envelope.ts`).
 *
 * @module
 */
import type { CliFinding } from './envelope.js';

/** An option of a command, as `node:util` parseArgs takes it. */
export interface OptionSpec {
  /** `string` takes a value (`--out DIR`), `boolean` does not (`--json`). */
  readonly type: 'string' | 'boolean';
  /** May be given more than once (`--param A=1 --param B=2`); the value is then a list. */
  readonly multiple?: boolean;
  /** A one-letter alias (`-h`). */
  readonly short?: string;
}

/** The options every command takes (besides `--help`/`-h`). */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
} as const satisfies Record<string, OptionSpec>;

/** The parsed arguments of a command: option values by long name, and the positional arguments. */
export interface CommandArgs {
  /** Option values: a string, a boolean, or a list of strings for a repeatable option. */
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  /** The positional arguments, in order. */
  readonly positionals: readonly string[];
}

/** What a command may use while it runs. */
export interface CommandContext {
  /** `--json`: the command's human output is not printed; its outcome is printed as the envelope. */
  readonly json: boolean;
  /** `--debug`: stack traces of errors. */
  readonly debug: boolean;
  /** Human output on stdout (not printed with `--json`). */
  out(line: string): void;
  /** Human diagnostics on stderr (not printed with `--json`: they are the envelope's findings). */
  err(line: string): void;
  /** A progress line on stderr (printed with `--json` too: stdout stays one JSON document). */
  progress(line: string): void;
}

/** The outcome of a command, for the exit code and the `--json` envelope. */
export interface CommandOutcome {
  /** The process's exit code (0 ok, 1 invalid input or findings, …; docs/cli.md). */
  readonly exitCode: number;
  /** The findings, for the envelope (already printed as text when not `--json`). */
  readonly findings?: readonly CliFinding[];
  /** The command's own fields of the envelope. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** A command's module: its help text and what it does. */
export interface CommandModule {
  /** The text of `jslc <command> --help` (and `jslc help <command>`). */
  help(): string;
  /**
   * Runs the command. A {@link import('./errors.js').UserError} (exit 1), an
   * {@link import('./errors.js').EnvError} (exit 4) or a {@link UsageError} (exit 2) thrown here is printed by
   * `main.ts` in the command's name; anything else is an internal error (exit 3).
   */
  run(args: CommandArgs, ctx: CommandContext): Promise<CommandOutcome>;
}

/** A usage error found by a command itself (a missing entry, a malformed value): exit 2, with the command's help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The value of a string option, or undefined (a boolean or a list is a programming error of the command table). */
export function stringOption(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** The values of a repeatable string option (empty when absent). */
export function listOption(args: CommandArgs, name: string): readonly string[] {
  const v = args.values[name];
  return Array.isArray(v) ? (v as readonly string[]) : typeof v === 'string' ? [v] : [];
}

/** Whether a boolean option was given. */
export function flag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

/**
 * A `--timeout SECONDS` value: a number of seconds greater than 0 (at most 2147483: setTimeout's limit of 2^31-1 ms,
 * about 24.8 days), or `fallback` when absent. The same rule for every command that takes `--timeout`.
 */
export function timeoutSeconds(args: CommandArgs, fallback: number): number {
  const raw = stringOption(args, 'timeout');
  if (raw === undefined) return fallback;
  const s = Number(raw);
  if (!/^\s*\d*\.?\d+\s*$/.test(raw) || !(s > 0) || s > 2_147_483)
    throw new UsageError(`--timeout must be a number of seconds greater than 0 (at most 2147483), got "${raw}"`);
  return s;
}

/** A command as the table lists it. */
export interface CommandSpec {
  /** The command's name (`jslc <name>`). */
  readonly name: string;
  /** Its arguments, for `jslc --help` (`<entry.ts>`). */
  readonly synopsis: string;
  /** What it does, in one line, for `jslc --help`. */
  readonly summary: string;
  /** Its own options, without the common ones (`--json`, `--debug`, `--help`). */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Loads its module. */
  readonly load: () => Promise<CommandModule>;
}
