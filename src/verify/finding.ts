/**
 * The one finding type of `jslc verify`, shared by every check (see `./checks.ts`).
 *
 * A leaf module: it imports nothing, so that every check's code can use it without cycles.
 *
 * @module
 */

/** How bad a finding is. `jslc verify` fails (exit 1) on every finding, whatever its severity. */
export type Severity = 'error' | 'warning' | 'info';

/** One finding of a check, printed as `file:line:col [check] message`. */
export interface VerifyFinding<C extends string = string> {
  /** Path relative to the library directory, with `/` separators (e.g. `vars/goBuild.groovy`). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** The name of the check that found it (a name of `VERIFY_CHECKS`). */
  readonly check: C;
  readonly message: string;
  readonly severity: Severity;
}

/**
 * A finding as a scanner reports it (the JVM tool, the secrets scan, the Declarative model):
 * where and what. The check it belongs to rates it (see `withSeverity`).
 */
export type UnratedFinding<C extends string = string> = Omit<VerifyFinding<C>, 'severity'>;

/** The findings with the given severity. */
export function withSeverity<C extends string>(findings: readonly UnratedFinding<C>[], severity: Severity): VerifyFinding<C>[] {
  return findings.map((f) => ({ file: f.file, line: f.line, column: f.column, check: f.check, message: f.message, severity }));
}

/** `file:line:col [check] message`, the way `jslc verify` prints a finding. */
export function formatVerifyFinding(f: UnratedFinding): string {
  return `${f.file}:${f.line}:${f.column} [${f.check}] ${f.message}`;
}

/** The order `jslc verify` prints findings in: by file, line, column, check, then message. */
export function compareFindings(a: UnratedFinding, b: UnratedFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0) || (a.message < b.message ? -1 : 1);
}
