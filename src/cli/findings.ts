/** Compiler errors as the `--json` envelope's findings (types only: loads neither TypeScript nor the compiler). */
import { relative } from 'node:path';
import type { TsDiagnostic } from '../load/typecheck.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import type { CliFinding } from './envelope.js';

const rel = (f: string): string => relative(process.cwd(), f);

/** TypeScript errors of an entry, code `typescript`. */
export function tsFindings(ds: readonly TsDiagnostic[]): CliFinding[] {
  return ds.map((d) => ({
    severity: 'error',
    code: 'typescript',
    message: d.message,
    ...(d.file ? { file: rel(d.file) } : {}),
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.column !== undefined ? { column: d.column } : {}),
  }));
}

/** Validation findings of a model (errors and warnings), with their rule code (`JSLC015`), model path, source location and hint. */
export function validationFindings(ds: readonly Diagnostic[]): CliFinding[] {
  return ds.map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    path: d.path,
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.loc ? { file: rel(d.loc.file), line: d.loc.line, column: d.loc.column } : {}),
  }));
}
