/**
 * `jslc verify --format github`: the findings of a verify run as GitHub Actions workflow commands, one line each,
 * which the runner turns into annotations on the files and lines of the pull request:
 *
 *     ::error file=vars/goBuild.groovy,line=12,col=5,title=jslc verify [cps]::synchronized is unsupported …
 *
 * The format and its escaping follow GitHub's documentation ("Workflow commands for GitHub Actions", the `error`,
 * `warning` and `notice` commands: https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions)
 * and the reference implementation, `packages/core/src/command.ts` of https://github.com/actions/toolkit
 * (`issueCommand`, `escapeData`, `escapeProperty`), whose rules this module reimplements:
 *
 * - a command is `::` name, then, when it has properties, a space and `key=value` pairs joined by `,` (pairs
 *   whose value is empty are left out), then `::` and the message;
 * - in the message, `%` becomes `%25`, CR `%0D` and LF `%0A`, so a message is always one line;
 * - in a property value the same, and also `:` becomes `%3A` and `,` becomes `%2C`, so that a path or a title
 *   cannot end the property list or the command early.
 *
 * @module
 */
import { assertNever } from '../../util/never.js';
import { type Severity, type VerifyFinding, compareFindings } from '../finding.js';

/** The workflow command of each severity (GitHub has no `info`: its lowest level is `notice`). */
export type GithubCommand = 'error' | 'warning' | 'notice';

/** What {@link toGithubAnnotations} needs besides the findings. */
export interface GithubAnnotationOptions {
  /**
   * The library directory relative to the repository root (GitHub resolves `file=` from the workspace), e.g.
   * `vars-out`; prefixed to each finding's library-relative path. Default: none (the library is the repository).
   */
  readonly pathPrefix?: string;
  /** The annotation's title before the check's name in brackets. Default `jslc verify`. */
  readonly title?: string;
}

/** The workflow command of a severity. */
export function githubCommand(severity: Severity): GithubCommand {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'info':
      return 'notice';
    default:
      return assertNever(severity, 'severity');
  }
}

/** A workflow command's message, escaped: `%`, CR and LF (toolkit's `escapeData`). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value, escaped: `%`, CR, LF, `:` and `,` (toolkit's `escapeProperty`). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line: `::name key=value,…::message`, properties with empty values left out. */
export function githubCommandLine(name: string, properties: readonly (readonly [string, string])[], message: string): string {
  const props = properties.filter(([, v]) => v !== '').map(([k, v]) => `${k}=${escapeGithubProperty(v)}`);
  return `::${name}${props.length ? ` ${props.join(',')}` : ''}::${escapeGithubData(message)}`;
}

/**
 * The findings as workflow command lines (no line ends), in `jslc verify`'s order: `::error` for errors,
 * `::warning` for warnings, `::notice` for info, each with `file`, `line`, `col` and `title` (`jslc verify [check]`).
 */
export function toGithubAnnotations(findings: readonly VerifyFinding[], opts: GithubAnnotationOptions = {}): string[] {
  const prefix = (opts.pathPrefix ?? '')
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  const title = opts.title ?? 'jslc verify';
  return [...findings].sort(compareFindings).map((f) =>
    githubCommandLine(
      githubCommand(f.severity),
      [
        ['file', prefix && prefix !== '.' ? `${prefix}/${f.file}` : f.file],
        ['line', String(f.line)],
        ['col', String(f.column)],
        ['title', `${title} [${f.check}]`],
      ],
      f.message,
    ),
  );
}
