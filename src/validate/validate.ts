import type { LibraryIR } from '../ir/types.js';
import { type Diagnostic, Reporter } from './diagnostic.js';
import { checkLibrary } from './checks/library.js';

/**
 * Validate a library model. Every rule runs over the whole model in one pass;
 * all findings are returned (never only the first), each with its rule code,
 * model path, source location and a fix hint.
 */
export function validate(lib: LibraryIR): Diagnostic[] {
  const r = new Reporter();
  checkLibrary({ r, path: '', loc: lib.loc, params: new Set() }, lib);
  return r.diagnostics;
}
