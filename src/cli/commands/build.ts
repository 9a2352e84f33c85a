/**
 * `jslc build <entry.ts>`: type-check, load, compile (src/driver/driver.ts) and write the library; with
 * verification, the library is checked in memory first and nothing is written on a finding.
 */
import { resolve } from 'node:path';
import { VERIFY_CHECKS } from '../../verify/checks.js';
import { WriteError, writeLibrary } from '../../library/writer.js';
import { DEFAULT_LOAD_TIMEOUT_S } from '../../load/load-entry.js';
import { type CommandArgs, type CommandContext, type CommandModule, UsageError, flag, stringOption, timeoutSeconds } from '../command.js';
import { UserError, permissionError } from '../errors.js';
import { javaFound, printChecks, runChecks } from '../verifying.js';

/** Whether to verify, and why (the notice printed under CI). */
export interface VerifyDecision {
  /** Verify the library before writing it. */
  readonly verify: boolean;
  /** A one-line notice for stderr, when the decision was not asked for with a flag. */
  readonly notice?: string;
}

/**
 * Whether `jslc build` verifies: `--verify` yes (Java is then required: exit 4 without it), `--no-verify` (or the
 * older `--skip-verify`) no; else under CI (`CI=true`, as GitHub Actions, GitLab CI and Jenkins' own agents with
 * the usual set-up export it) yes when a Java runtime is found, with a one-line notice either way; else no.
 */
export async function decideVerify(args: CommandArgs, env: NodeJS.ProcessEnv, java: () => Promise<boolean> = javaFound): Promise<VerifyDecision> {
  const yes = flag(args, 'verify');
  const no = flag(args, 'no-verify') || flag(args, 'skip-verify');
  if (yes && no) throw new UsageError('--verify and --no-verify exclude each other');
  if (yes) return { verify: true };
  if (no) return { verify: false };
  if (env['CI'] !== 'true') return { verify: false };
  if (await java())
    return { verify: true, notice: 'jslc build: CI=true: verifying the library before writing it (jslc verify, all checks; --no-verify skips it)' };
  return { verify: false, notice: 'jslc build: CI=true, but no Java 17 found: not verifying (install Java 17 to verify, or pass --verify to require it)' };
}

const build: CommandModule = {
  help: () => `Usage: jslc build <entry.ts> [--out DIR] [--verify | --no-verify] [--timeout SECONDS] [--json] [--debug]

Type-checks the entry with the TypeScript compiler, loads its default export
(defineLibrary), validates the model, and writes the library to DIR (default
vars-out). With --verify the library is first checked with "jslc verify" (all
checks, in memory); any finding fails the build and nothing is written.
Under CI (CI=true) verification is on when Java 17 is found, with a notice on
stderr; --verify requires it (exit 4 without Java), --no-verify skips it.
The entry runs in a worker thread and must finish loading within --timeout
seconds (default 60). On any error nothing is written and the exit code is 1.`,
  async run(args, ctx: CommandContext) {
    const entry = args.positionals[0];
    if (entry === undefined || args.positionals.length > 1) throw new UsageError('expected exactly one entry file');
    const timeoutS = timeoutSeconds(args, DEFAULT_LOAD_TIMEOUT_S);
    const decision = await decideVerify(args, process.env);
    if (decision.notice) ctx.progress(decision.notice);
    const outName = stringOption(args, 'out') ?? 'vars-out';
    const outDir = resolve(outName);
    const { compile, reportWarnings } = await import('../compile.js');
    const { files, warnings } = await compile(entry, { timeoutS });
    const warned = reportWarnings('build', warnings, ctx.err);
    try {
      if (decision.verify) {
        const run = await runChecks(files, VERIFY_CHECKS, ctx);
        await printChecks(run, VERIFY_CHECKS, 'the generated library', ctx);
        if (run.findings.length) {
          ctx.err(`jslc: verification failed; nothing was written to ${outName}.`);
          return { exitCode: 1, findings: [...warned, ...run.findings], fields: { out: outDir, verified: true } };
        }
      }
      const result = writeLibrary(outDir, files);
      ctx.out(`jslc: wrote ${result.written} files to ${outName}${result.deleted.length ? `, deleted ${result.deleted.length} stale` : ''}`);
      return { exitCode: 0, findings: warned, fields: { out: outDir, files: [...files.keys()], deleted: result.deleted, verified: decision.verify } };
    } catch (e) {
      if (!(e instanceof WriteError)) throw e;
      // A file system error: a read-only or full disk, a parent that is a file, no permission. writeLibrary has undone everything.
      const what = e.outDir !== outDir ? 'cannot stage the library for verification' : `cannot write ${outName}`;
      const denied = permissionError(what, e.cause);
      if (denied) throw denied;
      throw new UserError(`${what}: ${(e.cause as Error)?.message ?? String(e.cause)}; nothing was changed.`, [], undefined, [], e.cause);
    }
  },
};

export default build;
