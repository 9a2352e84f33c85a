/**
 * The argument parser every jslc command uses (on top of `node:util` parseArgs): `--help`/`-h` on every command,
 * usage errors (exit 2) followed by that command's help, and "did you mean" for a mistyped option; an option the
 * command does not take is rejected, naming the commands that take it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { editDistance } from '../validate/suggest.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Where a command writes. */
export interface CliIo {
  /** stdout. */
  out(s: string): void;
  /** stderr. */
  err(s: string): void;
}

/** Usage errors of every command exit with this code (jslc's convention, as tsc's and gh's). */
export const USAGE_EXIT = 2;

/** The long options of each command (without `--help`), for the "X takes it" hint of an option a command does not take. */
export const COMMAND_OPTION_NAMES: Readonly<Record<string, readonly string[]>> = {
  build: ['out', 'verify', 'skip-verify', 'timeout', 'json', 'debug'],
  check: ['out', 'timeout', 'json', 'debug'],
  graph: ['pipeline', 'timeout', 'json', 'debug'],
  init: ['json', 'debug'],
  verify: ['checks', 'json', 'debug'],
  run: ['library', 'runner', 'workspace', 'scm', 'param', 'env', 'credentials', 'agent-image', 'timeout', 'quiet'],
  publish: ['repo', 'version', 'branch', 'dry-run', 'json', 'timeout'],
  'api-diff': ['json'],
  jcasc: ['remote', 'name', 'default-version', 'credentials-id', 'implicit', 'no-version-override', 'changesets'],
  'api-types': ['out', 'import'],
  jenkinsfile: ['out', 'timeout'],
};

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
 * that take it.
 */
export function unknownOptionMessage(command: string, option: string, own: readonly string[]): string {
  const name = option.replace(/^-+/, '').replace(/=.*$/, '');
  const flag = option.startsWith('--') ? `--${name}` : option;
  const guess = option.startsWith('--') ? suggestName(name, own, '--') : undefined;
  if (guess) return `unknown option ${flag}; ${guess}`;
  const others = Object.entries(COMMAND_OPTION_NAMES)
    .filter(([c, os]) => c !== command && os.includes(name))
    .map(([c]) => c);
  if (others.length && command === 'jslc')
    return `${flag} goes after the command (${others.join(', ')} ${others.length === 1 ? 'takes' : 'take'} it): jslc <command> ${flag}`;
  if (others.length) return `${flag} is not an option of ${command} (${others.join(', ')} ${others.length === 1 ? 'takes' : 'take'} it)`;
  return `unknown option ${flag}`;
}

/**
 * Parses a command's arguments (positionals allowed, `--help`/`-h` added). Prints the help and returns 0 for
 * `--help`, prints the error and the command's help and returns {@link USAGE_EXIT} for a bad or unknown option;
 * else the parsed values.
 */
export function parseCommand<const O extends Options>(
  command: string,
  help: string,
  argv: string[],
  options: O,
  io: CliIo,
): number | ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    const err = e as Error & { code?: string };
    const unknown = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec(err.message)?.[1] : undefined;
    const message = unknown !== undefined ? unknownOptionMessage(command, unknown, Object.keys(options)) : err.message;
    io.err(`jslc ${command}: ${message}\n\n${help}`);
    return USAGE_EXIT;
  }
  if ((parsed.values as Record<string, unknown>)['help']) {
    io.out(help);
    return 0;
  }
  return parsed as unknown as ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;
}

/** Prints a usage error of `command` followed by its help; returns {@link USAGE_EXIT}. */
export function usageError(command: string, message: string, help: string, io: CliIo): number {
  io.err(`jslc ${command}: ${message}\n\n${help}`);
  return USAGE_EXIT;
}
