/**
 * The output formats of `jslc verify` (`--format text|sarif|github`) and its progress lines, as the CLI prints them:
 * the findings in the chosen format on stdout, one progress line per ended check on stderr. See "Output formats" in
 * docs/verification.md.
 *
 * @module
 */
import { assertNever } from '../../util/never.js';
import { type VerifyFinding, compareFindings, formatVerifyFinding } from '../finding.js';
import { toGithubAnnotations } from './github.js';
import { formatSarif, toSarif } from './sarif.js';

export { toSarif, formatSarif, sarifLevel, SARIF_SCHEMA_URI, SARIF_SRCROOT } from './sarif.js';
export type { SarifLog, SarifOptions, SarifResult, SarifRule, SarifRun, SarifLevel } from './sarif.js';
export { toGithubAnnotations, escapeGithubData, escapeGithubProperty, githubCommand } from './github.js';
export type { GithubAnnotationOptions, GithubCommand } from './github.js';

/** The formats `--format` accepts, the default first. */
export const VERIFY_FORMATS = ['text', 'sarif', 'github'] as const;

/** A format of `jslc verify --format`. */
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

/** Whether `name` is a format `--format` accepts. */
export function isVerifyFormat(name: string): name is VerifyFormat {
  return (VERIFY_FORMATS as readonly string[]).includes(name);
}

/** The usage error for a format that is none of {@link VERIFY_FORMATS}. */
export function unknownFormatMessage(name: string): string {
  return `jslc verify: unknown --format ${JSON.stringify(name)}; formats: ${VERIFY_FORMATS.join(', ')}`;
}

/** What {@link formatVerifyReport} needs for SARIF and GitHub output. */
export interface ReportOptions {
  /** jslc's version (SARIF `tool.driver.version`). */
  readonly toolVersion: string;
  /** The checks that ran (SARIF rules): `CHECKS` of `../checks.ts`, or the selected ones. */
  readonly checks: readonly { readonly name: string; readonly description: string }[];
  /** SARIF `informationUri`: an absolute URI of jslc's documentation. */
  readonly informationUri?: string;
  /** SARIF `%SRCROOT%`: the library directory, absolute. Left out by default (no absolute path in the log). */
  readonly srcRoot?: string;
  /** GitHub: the library directory relative to the repository root, prefixed to each `file=`. */
  readonly pathPrefix?: string;
}

/**
 * The findings in `format`, as printed on stdout: `text`, one `file:line:col [check] message` line each; `sarif`, the
 * SARIF 2.1.0 log as indented JSON; `github`, one workflow command line each. Every line ends with a newline; no
 * findings in `text` or `github` give the empty string.
 */
export function formatVerifyReport(result: { readonly findings: readonly VerifyFinding[] }, format: VerifyFormat, opts: ReportOptions): string {
  const lines = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join('');
  switch (format) {
    case 'text':
      return lines([...result.findings].sort(compareFindings).map(formatVerifyFinding));
    case 'sarif':
      return formatSarif(toSarif(result, opts));
    case 'github':
      return lines(toGithubAnnotations(result.findings, opts.pathPrefix === undefined ? {} : { pathPrefix: opts.pathPrefix }));
    default:
      return assertNever(format, 'verify format');
  }
}

/** The part of a progress event {@link formatVerifyProgress} prints. */
export interface ProgressLine {
  readonly check: string;
  readonly phase: 'start' | 'end';
  readonly files?: number;
  readonly findings?: number;
  readonly ms?: number;
  readonly error?: string;
}

/**
 * A progress line for stderr, for the end of a check (undefined for a start, which prints nothing):
 * `jslc verify: codenarc: 11 files, 0 finding(s) in 6.2 s`, or `jslc verify: codenarc: failed after 0.1 s: <error>`.
 */
export function formatVerifyProgress(e: ProgressLine): string | undefined {
  if (e.phase === 'start') return undefined;
  const seconds = `${((e.ms ?? 0) / 1000).toFixed(1)} s`;
  if (e.error !== undefined) return `jslc verify: ${e.check}: failed after ${seconds}: ${e.error.split('\n')[0]}`;
  const files = e.files === undefined ? '' : `${e.files} file${e.files === 1 ? '' : 's'}, `;
  return `jslc verify: ${e.check}: ${files}${e.findings ?? 0} finding(s) in ${seconds}`;
}
