import type { SourceLocation } from '../ir/types.js';
import { severityOf } from './rules.js';

/** An error stops the build (nothing is written); a warning is printed and the build goes on. */
export type Severity = 'error' | 'warning';

/** One validation finding: a rule code, the model path, a message, and how to fix it. */
export interface Diagnostic {
  /** Rule code, `JSLC` + three digits (see `RULES`). */
  readonly code: string;
  /** The rule's severity (`WARNING_RULES` lists the warnings). */
  readonly severity: Severity;
  /** Path of the offending value in the model, e.g. `pipelines.app.stages[3].build.platforms[1]`. */
  readonly path: string;
  readonly message: string;
  /** How to fix it, when there is something better to say than the message. */
  readonly hint?: string;
  /** Where the offending value was built in the user's source, when known. */
  readonly loc?: SourceLocation;
}

/** `file:line:col CODE path: message (hint)` (`warning CODE …` for a warning), with the file relative to `cwd`. */
export function formatDiagnostic(d: Diagnostic, relativeTo: (file: string) => string = (f) => f): string {
  const where = d.loc ? `${relativeTo(d.loc.file)}:${d.loc.line}:${d.loc.column} ` : '';
  return `${where}${d.severity === 'warning' ? 'warning ' : ''}${d.code} ${d.path}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

/** The diagnostics that stop a build. */
export function errorsOf(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.severity === 'error');
}

/** The diagnostics that are printed while the build goes on. */
export function warningsOf(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.severity === 'warning');
}

/** Thrown by `synth` and the CLI when validation finds errors (`diagnostics` holds them, and any warnings). */
export class ValidationError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`${errorsOf(diagnostics).length} validation error(s):\n${diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`);
    this.name = 'ValidationError';
  }
}

/** Collects diagnostics while the rules walk the model. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  report(code: string, path: string, message: string, loc?: SourceLocation, hint?: string): void {
    this.diagnostics.push({ code, severity: severityOf(code), path, message, ...(hint ? { hint } : {}), ...(loc ? { loc } : {}) });
  }
}
