/** Argument parsing shared by the subcommands with their own options (publish, api-diff, jcasc, api-types, jenkinsfile). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Where a command writes. */
export interface CliIo {
  /** stdout. */
  out(s: string): void;
  /** stderr. */
  err(s: string): void;
}

/** Usage errors of these commands exit with this code (jslc's convention). */
export const USAGE_EXIT = 2;

/**
 * Parses a subcommand's arguments (positionals allowed, `--help`/`-h` added). Prints the help and returns 0 for
 * `--help`, prints the error and the help and returns {@link USAGE_EXIT} for a bad option; else the parsed values.
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
    io.err(`jslc ${command}: ${(e as Error).message}\n\n${help}`);
    return USAGE_EXIT;
  }
  if ((parsed.values as Record<string, unknown>)['help']) {
    io.out(help);
    return 0;
  }
  return parsed as unknown as ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;
}
