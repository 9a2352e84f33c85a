import type { LibraryIR } from '../ir/types.js';
import { JSLC_VERSION } from '../version.js';
import type { LibraryFiles } from './files.js';
import { MANIFEST, renderManifest } from './manifest.js';
import { sha256, withMarker } from './marker.js';

export type { LibraryFiles };

const byPath = ([a]: readonly [string, string], [b]: readonly [string, string]): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The last pass: a marker on every emitted file (its source and the sha256 of its content) and the manifest listing
 * them all, sorted by path.
 */
export function markLibrary(lib: LibraryIR, emitted: ReadonlyMap<string, string>, source: string): LibraryFiles {
  const out = new Map<string, string>();
  const hashes: { [path: string]: string } = {};
  for (const [path, body] of [...emitted].sort(byPath)) {
    const text = withMarker(path, body, source);
    out.set(path, text);
    hashes[path] = sha256(text);
  }
  out.set(MANIFEST, renderManifest({ generator: 'jslc', version: JSLC_VERSION, library: lib.name, source, files: hashes }));
  return new Map([...out].sort(byPath));
}
