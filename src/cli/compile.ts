import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { LibraryIR } from '../ir/types.js';
import { checkEntry, formatTsDiagnostic } from '../load/typecheck.js';
import { DEFAULT_LOAD_TIMEOUT_S, EntryLoader } from '../load/load-entry.js';
import { compileModel } from '../driver/driver.js';
import type { LibraryFiles } from '../library/files.js';
import type { ScheduledLibrary } from '../schedule/types.js';
import { type Diagnostic, errorsOf, formatDiagnostic } from '../validate/diagnostic.js';

// Re-exported: the commands that compile import it from here.
export { UserError } from './errors.js';
import { UserError } from './errors.js';
import { tsFindings, validationFindings } from './findings.js';
import type { CliFinding } from './envelope.js';

/** The entry path as named in generated-file markers: relative to its project root (nearest package.json). */
export function sourceLabel(entry: string): string {
  const abs = resolve(entry);
  let dir = dirname(abs);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const root = existsSync(join(dir, 'package.json')) ? dir : dirname(abs);
  return relative(root, abs).split(sep).join('/');
}

const rel = (f: string): string => relative(process.cwd(), f);

/** How an entry is loaded. */
export interface LoadOptions {
  /** Seconds the entry may take to load (its top-level code and awaits) before jslc gives up; default 60. */
  readonly timeoutS?: number;
}

/**
 * Type-check and load an entry (not validated). The entry's code runs in a
 * worker thread with a deadline (see `EntryLoader`); the worker boots while
 * the main thread type-checks.
 */
export async function loadLibrary(entry: string, options: LoadOptions = {}): Promise<LibraryIR> {
  if (!existsSync(entry)) throw new UserError(`${entry}: no such file`);
  const loader = new EntryLoader();
  try {
    const checked = checkEntry(entry);
    if (checked.diagnostics.length) {
      const lines = checked.diagnostics.map((d) => formatTsDiagnostic(d));
      throw new UserError(
        `${checked.diagnostics.length} TypeScript error(s) in ${entry}; nothing was written.`,
        lines,
        { typescript: checked.diagnostics },
        tsFindings(checked.diagnostics),
      );
    }
    return await loader.load(entry, checked, options.timeoutS ?? DEFAULT_LOAD_TIMEOUT_S);
  } finally {
    loader.dispose();
  }
}

/** Validation findings as printed lines. */
export function formatDiagnostics(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => formatDiagnostic(d, rel));
}

/** What compiling an entry gave: the model as loaded, as scheduled, every file of its library, and its warnings. */
export interface Compiled {
  readonly lib: LibraryIR;
  readonly scheduled: ScheduledLibrary;
  readonly files: LibraryFiles;
  /** Validation warnings (JSLC047 …): printed by the command, which goes on. */
  readonly warnings: readonly Diagnostic[];
}

/** Load an entry and run every pass over it (`driver/driver.ts`), or throw a UserError listing every finding. */
export async function compile(entry: string, options: LoadOptions = {}): Promise<Compiled> {
  const lib = await loadLibrary(entry, options);
  const result = compileModel(lib, { source: sourceLabel(entry) });
  if (!result.ok) {
    const ds = result.diagnostics;
    throw new UserError(
      `${errorsOf(ds).length} validation error(s) in ${entry}; nothing was written.`,
      formatDiagnostics(ds),
      {
        diagnostics: ds.map((d) => ({ ...d, ...(d.loc ? { loc: { ...d.loc, file: rel(d.loc.file) } } : {}) })),
      },
      validationFindings(ds),
    );
  }
  return { lib, scheduled: result.scheduled, files: result.files, warnings: result.warnings };
}

/**
 * Print a compiled entry's validation warnings on stderr (`jslc <command>: warning JSLC047 …`) and return them as
 * findings for the command's outcome; the command goes on.
 */
export function reportWarnings(command: string, warnings: readonly Diagnostic[], err: (line: string) => void): CliFinding[] {
  for (const line of formatDiagnostics(warnings)) err(`jslc ${command}: ${line}`);
  return validationFindings(warnings);
}
