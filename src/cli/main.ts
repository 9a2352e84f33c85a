/**
 * The jslc command line: global options and `jslc help`, then one command of the command table
 * (`commands/index.ts`): its arguments parsed (`args.ts`), its module run (`commands/<name>.ts`), its outcome
 * printed as text or, with `--json`, as the one envelope (`envelope.ts`); errors mapped to jslc's exit codes
 * (docs/cli.md): 1 invalid input, 2 usage, 3 internal, 4 environment.
 */
import { EntryError } from '../load/load-entry.js';
import { JSLC_VERSION } from '../version.js';
import { USAGE_EXIT, parseCommandArgs, suggestName, unknownOptionMessage, type CliIo } from './args.js';
import { type CommandContext, type CommandOutcome, UsageError } from './command.js';
import { COMMAND_NAMES, COMMAND_SPECS, commandSpec, type CommandSpec } from './commands/index.js';
import { type CliFinding, envelope, errorFinding } from './envelope.js';
import { ENV_EXIT, EnvError, UserError, permissionError } from './errors.js';

/** The exit code of an internal error: a bug in jslc. */
const INTERNAL_EXIT = 3;

/** `jslc --help`: the commands of the table with their summaries. */
function mainHelp(): string {
  const heads = COMMAND_SPECS.map((c) => `${c.name} ${c.synopsis}`);
  const w = Math.max(...heads.map((h) => h.length));
  const list = COMMAND_SPECS.map((c, i) => `  ${heads[i]!.padEnd(w)}  ${c.summary}`).join('\n');
  return `jslc ${JSLC_VERSION}: compile a typed TypeScript pipeline into a Jenkins shared library

Usage: jslc <command> [options]     jslc help <command>     jslc <command> --help

Commands:
${list}

Options: --help (per command), --version, --json (one JSON document on stdout), --debug (stack traces),
         --timeout SECONDS (build, check, graph, publish, jenkinsfile: deadline for loading the entry, default 60;
         run: for the build, default 3600)
Exit codes: 0 ok, 1 invalid input, findings or drift (nothing written), 2 usage error, 3 internal error,
            4 environment error (e.g. no Java); run: the build result (docs/cli.md)`;
}

const stdio: CliIo = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/** The help text of `spec`'s command (the same for `jslc help <command>` and `jslc <command> --help`). */
async function commandHelp(spec: CommandSpec): Promise<string> {
  return (await spec.load()).help();
}

/** A usage error: the message and the command's help on stderr; the envelope too with `--json`. */
async function usage(io: CliIo, command: string, message: string, json: boolean, help: string): Promise<number> {
  io.err(`jslc${command === 'jslc' ? '' : ` ${command}`}: ${message}\n\n${help}`);
  if (json) io.out(JSON.stringify(envelope(command, USAGE_EXIT, [errorFinding(message, 'usage')], { error: message })));
  return USAGE_EXIT;
}

/** The context a command runs with: human output dropped with `--json`, progress always on stderr. */
function context(io: CliIo, json: boolean, debug: boolean): CommandContext {
  return {
    json,
    debug,
    out: (line) => (json ? undefined : io.out(line)),
    err: (line) => (json ? undefined : io.err(line)),
    progress: (line) => io.err(line),
  };
}

/** What an error thrown by a command comes to: its exit code, lines for stderr, and the envelope's parts. */
interface Failure {
  readonly exitCode: number;
  readonly lines: readonly string[];
  readonly findings: readonly CliFinding[];
  readonly fields: Readonly<Record<string, unknown>>;
  /** The stack trace printed with `--debug`. */
  readonly stack?: string;
}

/** Classifies an error thrown by `command`. */
function failure(command: string, e: unknown): Failure {
  const prefix = `jslc ${command}: `;
  if (e instanceof UserError || e instanceof EntryError) {
    const findings = e instanceof UserError && e.findings.length ? e.findings : [errorFinding(e.message)];
    const extra = e instanceof UserError && typeof e.json === 'object' && e.json !== null ? (e.json as Record<string, unknown>) : {};
    const cause = e.cause instanceof Error ? e.cause.stack : undefined;
    return {
      exitCode: 1,
      lines: [...(e instanceof UserError ? e.details : []), prefix + e.message],
      findings,
      fields: { error: e.message, ...extra },
      ...(cause ? { stack: cause } : {}),
    };
  }
  const env = e instanceof EnvError ? e : permissionError(command, e);
  if (env) return { exitCode: ENV_EXIT, lines: [prefix + env.message], findings: [errorFinding(env.message, env.code)], fields: { error: env.message } };
  const message = `internal error: ${(e as Error)?.message ?? String(e)}`;
  return {
    exitCode: INTERNAL_EXIT,
    lines: [prefix + message],
    findings: [errorFinding(message, 'internal')],
    fields: { error: message },
    ...((e as Error)?.stack ? { stack: (e as Error).stack! } : {}),
  };
}

/** Runs jslc with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[], io: CliIo = stdio): Promise<number> {
  const first = argv[0];
  const json = argv.includes('--json');
  if (first === undefined || first.startsWith('-')) {
    // Global options only: --version, --help.
    if (first === '--version' || first === '-v') {
      io.out(json ? JSON.stringify(envelope('jslc', 0, [], { version: JSLC_VERSION })) : JSLC_VERSION);
      return 0;
    }
    if (first === '--help' || first === '-h') {
      const spec = argv[1] === undefined ? undefined : commandSpec(argv[1]);
      io.out(spec ? await commandHelp(spec) : mainHelp());
      return 0;
    }
    const message = first === undefined ? 'no command' : unknownOptionMessage('jslc', first, ['version', 'help'], COMMAND_SPECS);
    return usage(io, 'jslc', message, json, mainHelp());
  }
  if (first === 'help') {
    const c = argv[1];
    if (c === undefined) {
      io.out(mainHelp());
      return 0;
    }
    const spec = commandSpec(c);
    if (!spec) return unknownCommand(io, c, json);
    io.out(await commandHelp(spec));
    return 0;
  }
  const spec = commandSpec(first);
  if (!spec) return unknownCommand(io, first, json);
  const parsed = parseCommandArgs(spec, argv.slice(1), COMMAND_SPECS);
  if ('help' in parsed) {
    io.out(await commandHelp(spec));
    return 0;
  }
  if ('usage' in parsed) return usage(io, spec.name, parsed.usage, json, await commandHelp(spec));
  const debug = parsed.args.values['debug'] === true;
  const ctx = context(io, parsed.args.values['json'] === true, debug);
  let outcome: CommandOutcome;
  try {
    const module = await spec.load();
    try {
      outcome = await module.run(parsed.args, ctx);
    } catch (e) {
      if (e instanceof UsageError) return usage(io, spec.name, e.message, ctx.json, module.help());
      throw e;
    }
  } catch (e) {
    const f = failure(spec.name, e);
    if (ctx.json) io.out(JSON.stringify(envelope(spec.name, f.exitCode, f.findings, f.fields)));
    else for (const line of f.lines) io.err(line);
    if (debug && f.stack) io.err(f.stack);
    else if (f.exitCode === INTERNAL_EXIT && !ctx.json) io.err('(run with --debug for the stack trace)');
    return f.exitCode;
  }
  if (ctx.json) io.out(JSON.stringify(envelope(spec.name, outcome.exitCode, outcome.findings ?? [], outcome.fields ?? {})));
  return outcome.exitCode;
}

/** `jslc: unknown command "x"`, with the closest command when there is one. */
function unknownCommand(io: CliIo, command: string, json: boolean): Promise<number> {
  const guess = suggestName(command, COMMAND_NAMES);
  return usage(io, 'jslc', `unknown command "${command}"${guess ? `; ${guess}` : ''}`, json, mainHelp());
}
