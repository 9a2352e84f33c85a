/** `jslc verify <libdir>`: every check of `src/verify/checks.ts` (or `--checks LIST`) over a library directory. */
import { CHECKS, VERIFY_CHECKS, type VerifyCheckName, unknownChecks, unknownChecksMessage } from '../../verify/checks.js';
import { relative, resolve, sep } from 'node:path';
import { JSLC_VERSION } from '../../version.js';
import { type CommandModule, UsageError, stringOption } from '../command.js';
import { NO_JAVA_CHECKS, checksSummary, printChecks, runChecks } from '../verifying.js';

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
function help(): string {
  const w = Math.max(...CHECKS.map((c) => c.name.length));
  const list = CHECKS.flatMap((c) => wrap(c.description, 92 - w - 4).map((l, i) => `  ${(i === 0 ? c.name : '').padEnd(w)}  ${l}`));
  const java = NO_JAVA_CHECKS.length === 0 ? 'all checks' : `all but ${NO_JAVA_CHECKS.join(', ')}`;
  return `Usage: jslc verify <libdir> [--checks LIST] [--format text|sarif|github] [--json] [--debug]

Runs ${NUMBERS[CHECKS.length] ?? CHECKS.length} independent checks over every vars/**/*.groovy and src/**/*.groovy of
a shared library and prints each finding as file:line:col [check] message:
${list.join('\n')}
LIST is a comma-separated subset (default: all). Exit 1 on any finding.
--format sarif prints a SARIF 2.1.0 log on stdout (for code scanning), --format github
one GitHub Actions annotation per finding; the summary then goes to stderr.
A progress line per check goes to stderr as it ends.
Needs Java 17 (${java}); without it, exit 4 (environment error).`;
}

/** The checks `--checks` names (all by default); a usage error for an unknown one. */
function checksOf(raw: string | undefined): VerifyCheckName[] {
  const checks = raw === undefined ? [...VERIFY_CHECKS] : raw.split(',').map((c) => c.trim());
  const unknown = unknownChecks(checks);
  if (unknown.length) throw new UsageError(unknownChecksMessage(unknown).replace(/^jslc verify: /, ''));
  return checks as VerifyCheckName[];
}

const verify: CommandModule = {
  help,
  async run(args, ctx) {
    const dir = args.positionals[0];
    if (dir === undefined || args.positionals.length > 1) throw new UsageError('expected exactly one library directory');
    const checks = checksOf(stringOption(args, 'checks'));
    const format = stringOption(args, 'format') ?? 'text';
    const report = await import('../../verify/report/index.js');
    if (!report.isVerifyFormat(format)) throw new UsageError(report.unknownFormatMessage(format).replace(/^jslc verify: /, ''));
    if (format !== 'text' && ctx.json) throw new UsageError(`--json and --format ${format} exclude each other (each is a whole stdout)`);
    const run = await runChecks(dir, checks, ctx);
    if (format === 'text') await printChecks(run, checks, dir, ctx);
    else {
      // The report on stdout (a SARIF log, or GitHub workflow commands); the summary on stderr.
      const text = report.formatVerifyReport(run.result, format, {
        toolVersion: JSLC_VERSION,
        checks: CHECKS.filter((c) => checks.includes(c.name)),
        pathPrefix: relative(process.cwd(), resolve(dir)).split(sep).join('/'),
      });
      if (text !== '') ctx.out(text.replace(/\n$/, ''));
      ctx.progress(checksSummary(run, checks, dir));
    }
    return { exitCode: run.findings.length ? 1 : 0, findings: run.findings, fields: { files: run.result.files, checks, ms: run.result.ms } };
  },
};

export default verify;
