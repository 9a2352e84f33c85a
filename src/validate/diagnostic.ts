import type { SourceLocation } from '../ir/types.js';

/** One validation finding: a rule code, the model path, a message, and how to fix it. */
export interface Diagnostic {
  /** Rule code, `JSLC` + three digits (see `RULES`). */
  readonly code: string;
  /** Path of the offending value in the model, e.g. `pipelines.app.stages[3].build.platforms[1]`. */
  readonly path: string;
  readonly message: string;
  /** How to fix it, when there is something better to say than the message. */
  readonly hint?: string;
  /** Where the offending value was built in the user's source, when known. */
  readonly loc?: SourceLocation;
}

/** `file:line:col CODE path: message (hint)`, with the file relative to `cwd`. */
export function formatDiagnostic(d: Diagnostic, relativeTo: (file: string) => string = (f) => f): string {
  const where = d.loc ? `${relativeTo(d.loc.file)}:${d.loc.line}:${d.loc.column} ` : '';
  return `${where}${d.code} ${d.path}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

/** Thrown by `synth` and the CLI when validation finds errors. */
export class ValidationError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`${diagnostics.length} validation error(s):\n${diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`);
    this.name = 'ValidationError';
  }
}

/** Collects diagnostics while the rules walk the model. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  report(code: string, path: string, message: string, loc?: SourceLocation, hint?: string): void {
    this.diagnostics.push({ code, path, message, ...(hint ? { hint } : {}), ...(loc ? { loc } : {}) });
  }
}
