/**
 * The argument parser every jslc command uses (on top of `node:util` parseArgs, with the options of the command
 * table, `commands/index.ts`): `--help`/`-h`, `--json` and `--debug` on every command, "did you mean" for a
 * mistyped command or option, and an option the command does not take rejected, naming the commands that take it.
 */
import { parseArgs } from 'node:util';
import { editDistance } from '../validate/suggest.js';
import { COMMON_OPTIONS, type CommandArgs, type CommandSpec } from './command.js';

/** Where a command writes. */
export interface CliIo {
  /** stdout. */
  out(s: string): void;
  /** stderr. */
  err(s: string): void;
}

/** Usage errors of every command exit with this code (jslc's convention, as tsc's and gh's). */
export const USAGE_EXIT = 2;

/** The long options of `spec` (its own and the common ones, without `--help`). */
export function optionNames(spec: CommandSpec): string[] {
  return [...Object.keys(spec.options), ...Object.keys(COMMON_OPTIONS)];
}

/**
 * The closest of `candidates` to a mistyped command or option name, as `did you mean "…"?`; stricter than the DSL's
 * hint (at most 2 edits, or a third of the name's length): a CLI name is short, and `--bogus` is not `--out`.
 */
export function suggestName(name: string, candidates: readonly string[], prefix = ''): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best === undefined ? undefined : `did you mean "${prefix}${best}"?`;
}

/**
 * The message for an option `command` does not take: a close option of its own ("did you mean"), else the commands
 * that take it (of `specs`, the command table). `command` is `jslc` for an option before any command.
 */
export function unknownOptionMessage(command: string, option: string, own: readonly string[], specs: readonly CommandSpec[] = []): string {
  const name = option.replace(/^-+/, '').replace(/=.*$/, '');
  const flag = option.startsWith('--') ? `--${name}` : option;
  const guess = option.startsWith('--') ? suggestName(name, own, '--') : undefined;
  if (guess) return `unknown option ${flag}; ${guess}`;
  const others = specs.filter((c) => c.name !== command && optionNames(c).includes(name)).map((c) => c.name);
  if (others.length && command === 'jslc')
    return `${flag} goes after the command (${others.join(', ')} ${others.length === 1 ? 'takes' : 'take'} it): jslc <command> ${flag}`;
  if (others.length) return `${flag} is not an option of ${command} (${others.join(', ')} ${others.length === 1 ? 'takes' : 'take'} it)`;
  return `unknown option ${flag}`;
}

/** What parsing a command's arguments gave: its arguments, `--help`, or a usage error's message. */
export type Parsed = { readonly args: CommandArgs } | { readonly help: true } | { readonly usage: string };

/** Parses a command's arguments against its options in the command table `specs` (positionals allowed). */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[], specs: readonly CommandSpec[]): Parsed {
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { ...spec.options, ...COMMON_OPTIONS, help: { type: 'boolean', short: 'h' } },
    });
    if (parsed.values['help'] === true) return { help: true };
    return { args: { values: parsed.values, positionals: parsed.positionals } };
  } catch (e) {
    const err = e as Error & { code?: string };
    const unknown = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec(err.message)?.[1] : undefined;
    return { usage: unknown !== undefined ? unknownOptionMessage(spec.name, unknown, optionNames(spec), specs) : err.message };
  }
}
