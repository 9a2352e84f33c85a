import type { LibraryIR } from '../ir/types.js';
import { emitLibrary } from '../emit/emit.js';
import { ValidationError } from '../validate/diagnostic.js';
import { validate } from '../validate/validate.js';
import { JSLC_VERSION } from '../version.js';
import { API_FILE, libraryApi, renderApi } from './api.js';
import type { LibraryFiles } from './files.js';
import { MANIFEST, renderManifest } from './manifest.js';
import { sha256, withMarker } from './marker.js';

/** Options of `synth`. */
export interface SynthOptions {
  /** The source named in each file's marker (a project-relative path). Default: `'jslc synth'`. */
  readonly source?: string;
}

export type { LibraryFiles };

/**
 * Validate a library and produce every file of it in memory, exactly as
 * `jslc build` writes them. Throws `ValidationError` (with every finding)
 * when the model is invalid. Deterministic: the same model gives the same files.
 *
 * @example
 * const files = synth(myLibrary);
 * expect(files.get('vars/goServicePipeline.groovy')).toContain("stage('Test')");
 */
export function synth(lib: LibraryIR, options: SynthOptions = {}): LibraryFiles {
  const diagnostics = validate(lib);
  if (diagnostics.length) throw new ValidationError(diagnostics);
  const source = options.source ?? 'jslc synth';
  const out = new Map<string, string>();
  const hashes: { [path: string]: string } = {};
  const emitted = emitLibrary(lib);
  // The public API, for jslc publish's compatibility check and for tools (JSON: no marker).
  emitted.set(API_FILE, renderApi(libraryApi(lib)));
  for (const [path, body] of [...emitted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = withMarker(path, body, source);
    out.set(path, text);
    hashes[path] = sha256(text);
  }
  out.set(MANIFEST, renderManifest({ generator: 'jslc', version: JSLC_VERSION, library: lib.name, source, files: hashes }));
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
