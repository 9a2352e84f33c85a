import { resolve } from 'node:path';
// The table of checks, for --help and --checks; it loads no check's code (see src/verify/checks.ts).
import { CHECKS, VERIFY_CHECKS, type VerifyCheckName, unknownChecks, unknownChecksMessage } from '../verify/checks.js';
import { JSLC_VERSION } from '../version.js';
import { stageGraph } from '../emit/graph.js';
import { computeDrift, formatDrift, hasDrift } from '../library/drift.js';
import { WriteError, writeLibrary } from '../library/writer.js';
import { DEFAULT_LOAD_TIMEOUT_S, EntryError } from '../load/load-entry.js';
// Not compile.js: it loads the TypeScript compiler, which only build, check and graph need (imported there).
import { ENV_EXIT, EnvError, UserError, missingJava } from './errors.js';
import { init } from './init.js';
import { COMMAND_OPTION_NAMES, USAGE_EXIT, suggestName, parseCommand, unknownOptionMessage, type CliIo } from './args.js';
import type { LibraryFiles } from '../library/files.js';

/** The options of build, check, graph, init and verify that take a value. */
const STRING_OPTIONS = new Set(['out', 'pipeline', 'checks', 'timeout']);

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** `text` in lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** `jslc verify --help`, from the checks' names and descriptions (src/verify/checks.ts). */
function verifyHelp(): string {
  const w = Math.max(...CHECKS.map((c) => c.name.length));
  const list = CHECKS.flatMap((c) => wrap(c.description, 92 - w - 4).map((l, i) => `  ${(i === 0 ? c.name : '').padEnd(w)}  ${l}`));
  const noJava = CHECKS.filter((c) => !c.needsJava).map((c) => c.name);
  const java = noJava.length === 0 ? 'all checks' : `all but ${noJava.join(', ')}`;
  return `Usage: jslc verify <libdir> [--checks LIST] [--json]

Runs ${NUMBERS[CHECKS.length] ?? CHECKS.length} independent checks over every vars/**/*.groovy and src/**/*.groovy of
a shared library and prints each finding as file:line:col [check] message:
${list.join('\n')}
LIST is a comma-separated subset (default: all). Exit 1 on any finding.
Needs Java 17 (${java}); the verifier jar is built with Maven on first use (cached).`;
}

const HELP: Record<string, string> = {
  main: `jslc ${JSLC_VERSION}: compile a typed TypeScript pipeline into a Jenkins shared library

Usage: jslc <command> [options]

Commands:
  build <entry.ts>   type-check, validate and write the library (--out DIR, default vars-out)
  verify <libdir>    check a library with Groovy 2.4.21, groovy-cps 1.31, CodeNarc, the Declarative schema, the sandbox lists and a secrets scan
  check <entry.ts>   exit 1 when DIR differs from what build would write (drift check for CI)
  graph <entry.ts>   print each pipeline's stage graph as Mermaid
  init [DIR]         scaffold a pipeline project
  run <Jenkinsfile>  run a Jenkinsfile with a library in a container (jslc run --help)
  publish <entry.ts> build, verify, commit, tag and push a library release (--repo, --version)
  api-diff <old> <new>  the API changes between two libraries and the release they need
  jcasc [<libdir>]   the Configuration as Code entry registering the library (--remote URL)
  api-types <libdir> typed TypeScript functions for the library's pipeline vars
  jenkinsfile <entry.ts>  type-check a typed Jenkinsfile and write it

Options: --help (per command), --version, --json (machine output), --debug (stack traces),
         --timeout SECONDS (build, check, graph: deadline for loading the entry, default 60)
Exit codes: 0 ok, 1 invalid input or drift (nothing written), 2 usage error, 3 internal error`,
  build: `Usage: jslc build <entry.ts> [--out DIR] [--verify | --skip-verify] [--timeout SECONDS] [--json] [--debug]

Type-checks the entry with the TypeScript compiler, loads its default export
(defineLibrary), validates the model, and writes the library to DIR (default
vars-out). With --verify (the default when CI=true) the library is first
written to a temporary directory and checked with "jslc verify"; any finding
fails the build. The entry runs in a worker thread and must finish loading
within --timeout seconds (default 60). On any error nothing is written and
the exit code is 1.`,
  verify: verifyHelp(),
  check: `Usage: jslc check <entry.ts> [--out DIR] [--timeout SECONDS] [--json]

Exits 1 with a summary when DIR (default vars-out) differs from what
"jslc build" would write: missing, changed or stale files. Writes nothing.`,
  graph: `Usage: jslc graph <entry.ts> [--pipeline NAME] [--timeout SECONDS] [--json]

Prints the stage graph of each pipeline (or of NAME) as a Mermaid flowchart.`,
  init: `Usage: jslc init [DIR]

Scaffolds package.json, tsconfig.json, pipeline.ts and a Jenkinsfile example in
DIR (default: the current directory). Never overwrites a file.`,
};

const io: CliIo = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/**
 * Run `jslc verify` on a directory, or on a library in memory (`build --verify`); prints findings and a summary;
 * 0 when clean, 1 on findings.
 */
async function runVerify(target: string | LibraryFiles, checks: VerifyCheckName[], json: boolean, label: string): Promise<number> {
  // Loaded on demand: build and check do not pay for the verifier's modules.
  const { ensureVerifier, formatVerifyFinding, verifyFiles, verifyLibrary, needsJvm } = await import('../verify/verify.js');
  if (needsJvm(checks)) {
    const { javaExecutable } = await import('../verify/jvm.js');
    const noJava = CHECKS.filter((c) => !c.needsJava).map((c) => c.name);
    const missing = missingJava(
      javaExecutable(),
      checks.filter((c) => !noJava.includes(c)),
      noJava,
    );
    if (missing) throw missing;
    ensureVerifier();
  }
  const r = typeof target === 'string' ? await verifyLibrary(target, checks) : await verifyFiles(target, checks);
  if (json) io.out(JSON.stringify({ ok: r.findings.length === 0, files: r.files, checks, findings: r.findings, ms: r.ms }));
  else {
    for (const f of r.findings) io.err(formatVerifyFinding(f));
    const summary = `jslc verify: ${label}: ${r.files} files, ${checks.join(', ')}: ${r.findings.length} finding(s) in ${(r.ms.total / 1000).toFixed(1)} s`;
    (r.findings.length ? io.err : io.out)(summary);
  }
  return r.findings.length ? 1 : 0;
}

/** Every command, as `jslc --help` lists them. */
export const COMMANDS = ['build', 'verify', 'check', 'graph', 'init', 'run', 'publish', 'api-diff', 'jcasc', 'api-types', 'jenkinsfile'] as const;

/** The help text of `command` (the same for `jslc help <command>` and `jslc <command> --help`). */
async function commandHelp(command: string): Promise<string> {
  if (HELP[command]) return HELP[command]!;
  if (command === 'run') return (await import('./run.js')).RUN_HELP;
  if (command === 'publish') return (await import('./publish.js')).PUBLISH_HELP;
  if (command === 'api-diff') return (await import('./publish.js')).API_DIFF_HELP;
  if (command === 'jcasc') return (await import('./jcasc.js')).JCASC_HELP;
  if (command === 'api-types') return (await import('./jenkinsfile.js')).API_TYPES_HELP;
  return (await import('./jenkinsfile.js')).JENKINSFILE_HELP;
}

/** `jslc: unknown command "x"`, with the closest command when there is one. */
function unknownCommand(command: string): number {
  const guess = suggestName(command, COMMANDS);
  io.err(`jslc: unknown command "${command}"${guess ? `; ${guess}` : ''}\n\n${HELP['main']}`);
  return USAGE_EXIT;
}

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) {
    // Global options only: --version, --help.
    if (first === '--version' || first === '-v') {
      io.out(JSLC_VERSION);
      return 0;
    }
    if (first === '--help' || first === '-h') {
      const c = argv[1];
      io.out(c !== undefined && (COMMANDS as readonly string[]).includes(c) ? await commandHelp(c) : HELP['main']!);
      return 0;
    }
    io.err(`${first === undefined ? 'jslc: no command' : `jslc: ${unknownOptionMessage('jslc', first, ['version', 'help'])}`}\n\n${HELP['main']}`);
    return USAGE_EXIT;
  }
  if (first === 'help') {
    const c = argv[1];
    if (c === undefined) {
      io.out(HELP['main']!);
      return 0;
    }
    if (!(COMMANDS as readonly string[]).includes(c)) return unknownCommand(c);
    io.out(await commandHelp(c));
    return 0;
  }
  if (first === 'run') {
    // Its own options (repeatable --library, --param, …) and exit codes (the build result).
    const { runCommand } = await import('./run.js');
    return runCommand(argv.slice(1), io);
  }
  if (first === 'publish') {
    // Its own --version (the release), which the global --version (jslc's) would shadow.
    const { publishCommand } = await import('./publish.js');
    return publishCommand(argv.slice(1), io);
  }
  if (first === 'jcasc') {
    const { jcascCommand } = await import('./jcasc.js');
    return jcascCommand(argv.slice(1), io);
  }
  if (first === 'api-types' || first === 'jenkinsfile') {
    const m = await import('./jenkinsfile.js');
    return first === 'api-types' ? m.apiTypesCommand(argv.slice(1), io) : m.jenkinsfileCommand(argv.slice(1), io);
  }
  if (first === 'api-diff') {
    const { apiDiffCommand } = await import('./publish.js');
    return apiDiffCommand(argv.slice(1), io);
  }
  const command = first;
  if (!HELP[command] || command === 'main') return unknownCommand(command);
  const options = Object.fromEntries(COMMAND_OPTION_NAMES[command]!.map((o) => [o, { type: STRING_OPTIONS.has(o) ? 'string' : 'boolean' } as const]));
  const parsed = parseCommand(command, HELP[command]!, argv.slice(1), options, io);
  if (typeof parsed === 'number') return parsed;
  const values = parsed.values as Partial<
    Record<'out' | 'pipeline' | 'checks' | 'timeout', string> & Record<'json' | 'verify' | 'skip-verify' | 'debug', boolean>
  >;
  const rest = parsed.positionals;
  const json = values.json === true;
  let timeoutS = DEFAULT_LOAD_TIMEOUT_S;
  if (values.timeout !== undefined) {
    timeoutS = Number(values.timeout);
    // setTimeout's limit is 2^31-1 ms: about 24.8 days.
    if (!/^\s*\d*\.?\d+\s*$/.test(values.timeout) || !(timeoutS > 0) || timeoutS > 2_147_483) {
      io.err(`jslc: --timeout must be a number of seconds greater than 0 (at most 2147483), got "${values.timeout}"\n\n${HELP[command]}`);
      return 2;
    }
  }
  /** The output directory as the user named it (for messages), and resolved. */
  const outName = values.out ?? 'vars-out';
  const outDir = resolve(outName);
  const entry = rest[0];
  try {
    if (command === 'init') {
      const dir = resolve(entry ?? '.');
      const files = init(dir);
      if (json) io.out(JSON.stringify({ ok: true, dir, files }));
      else io.out(`jslc: created ${files.join(', ')} in ${dir}\nNext: npm install, then npm run build`);
      return 0;
    }
    if (!entry || rest.length > 1) {
      io.err(`jslc ${command}: expected exactly one ${command === 'verify' ? 'library directory' : 'entry file'}\n\n${HELP[command]}`);
      return 2;
    }
    if (command === 'verify') {
      const checks = values.checks === undefined ? [...VERIFY_CHECKS] : values.checks.split(',').map((c) => c.trim());
      const unknown = unknownChecks(checks);
      if (unknown.length) {
        io.err(unknownChecksMessage(unknown));
        return 2;
      }
      return await runVerify(entry, checks as VerifyCheckName[], json, entry);
    }
    if (command === 'graph') {
      // The graph of what the driver scheduled: the same stages the pipeline var, its help and the README show.
      const { compile } = await import('./compile.js');
      const { scheduled } = await compile(entry, { timeoutS });
      const all = scheduled.pipelines;
      const pipelines = all.filter((p) => values.pipeline === undefined || p.name === values.pipeline);
      if (pipelines.length === 0) throw new UserError(`no pipeline named "${values.pipeline}"; pipelines: ${all.map((p) => p.name).join(', ')}`);
      if (json) io.out(JSON.stringify(Object.fromEntries(pipelines.map((p) => [p.name, stageGraph(p)]))));
      else
        io.out(
          pipelines
            .map((p) => `%% ${p.name}\n${stageGraph(p)}`)
            .join('\n')
            .trimEnd(),
        );
      return 0;
    }
    const { compile } = await import('./compile.js');
    const { files } = await compile(entry, { timeoutS });
    if (command === 'check') {
      const drift = computeDrift(outDir, files);
      if (json) io.out(JSON.stringify({ ok: !hasDrift(drift), ...drift }));
      if (!hasDrift(drift)) {
        if (!json) io.out(`jslc: ${outName} is up to date (${files.size} files)`);
        return 0;
      }
      if (!json) io.err(`jslc: ${outName} differs from what ${entry} builds; run jslc build:\n${formatDrift(outDir, drift, files)}`);
      return 1;
    }
    const verify = values['skip-verify'] ? false : values.verify === true || process.env['CI'] === 'true';
    if (verify) {
      const { VERIFY_CHECKS } = await import('../verify/verify.js');
      const status = await runVerify(files, [...VERIFY_CHECKS], json, 'the generated library');
      if (status !== 0) {
        io.err(`jslc: verification failed; nothing was written to ${outName}.`);
        return status;
      }
    }
    const result = writeLibrary(outDir, files);
    if (json) io.out(JSON.stringify({ ok: true, out: outDir, files: [...files.keys()], deleted: result.deleted }));
    else io.out(`jslc: wrote ${result.written} files to ${outName}${result.deleted.length ? `, deleted ${result.deleted.length} stale` : ''}`);
    return 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof EntryError) {
      if (json) io.out(JSON.stringify({ ok: false, error: e.message, ...(e instanceof UserError && e.json !== undefined ? (e.json as object) : {}) }));
      else {
        for (const line of e instanceof UserError ? e.details : []) io.err(line);
        io.err(`jslc: ${e.message}`);
      }
      if (values.debug && e instanceof EntryError && e.cause instanceof Error) io.err(e.cause.stack ?? '');
      return 1;
    }
    if (e instanceof EnvError) {
      if (json) io.out(JSON.stringify({ ok: false, error: e.message, findings: [{ severity: 'error', message: e.message, code: e.code }] }));
      else io.err(`jslc ${command}: ${e.message}`);
      return ENV_EXIT;
    }
    if (e instanceof WriteError) {
      // A file system error: a read-only or full disk, a parent that is a file. writeLibrary has undone everything.
      const staging = e.outDir !== outDir;
      const message = `jslc: ${staging ? 'cannot stage the library for verification' : `cannot write ${outName}`}: ${(e.cause as Error)?.message ?? String(e.cause)}; nothing was changed.`;
      if (json) io.out(JSON.stringify({ ok: false, error: message.slice('jslc: '.length) }));
      else io.err(message);
      if (values.debug && e.cause instanceof Error) io.err(e.cause.stack ?? '');
      return 1;
    }
    io.err(`jslc: internal error: ${(e as Error).message}${values.debug ? `\n${(e as Error).stack}` : ' (run with --debug for the stack trace)'}`);
    return 3;
  }
}
