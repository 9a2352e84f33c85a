import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the manifest file at the root of a generated library. */
export const MANIFEST = 'jslc-manifest.json';

/**
 * The one file that names the jslc version, and lists every generated file
 * with its hash, so a rebuild can delete files no longer produced and
 * `jslc check` can tell generated files from foreign ones.
 */
export interface Manifest {
  readonly generator: 'jslc';
  readonly version: string;
  readonly library: string;
  readonly source: string;
  /** Library-relative path → sha256 of the file as written. */
  readonly files: { readonly [path: string]: string };
}

export function renderManifest(m: Manifest): string {
  const files: { [p: string]: string } = {};
  for (const k of Object.keys(m.files).sort()) files[k] = m.files[k]!;
  return JSON.stringify({ generator: m.generator, version: m.version, library: m.library, source: m.source, files }, null, 2) + '\n';
}

export function parseManifest(text: string): Manifest | undefined {
  try {
    const m = JSON.parse(text) as Partial<Manifest>;
    if (m.generator !== 'jslc' || typeof m.files !== 'object' || m.files === null) return undefined;
    return m as Manifest;
  } catch {
    return undefined;
  }
}

/** The library name the manifest in `dir` gives, or undefined when `dir` has no (well-formed) jslc manifest. */
export function libraryNameIn(dir: string): string | undefined {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) return undefined;
  const name = parseManifest(readFileSync(file, 'utf8'))?.library;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
