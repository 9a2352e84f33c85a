import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LibraryFiles } from '../library/files.js';
import { computeDrift, formatDrift, hasDrift } from '../library/drift.js';
import { writeLibrary } from '../library/writer.js';

/** True when golden files should be rewritten (`JSLC_UPDATE_GOLDEN=1`). */
export function updatingGoldens(): boolean {
  return process.env['JSLC_UPDATE_GOLDEN'] === '1';
}

/**
 * Compare a synthesized library with a golden directory. With
 * `JSLC_UPDATE_GOLDEN=1` the directory is rewritten instead. Returns `null`
 * when they match, else a readable summary of the differences (use it as the
 * failure message of your test).
 *
 * @example
 * expect(goldenLibrary(synth(lib), 'test/__golden__/go-cd')).toBeNull();
 */
export function goldenLibrary(files: LibraryFiles, dir: string): string | null {
  if (updatingGoldens()) {
    writeLibrary(dir, files);
    return null;
  }
  const drift = computeDrift(dir, files);
  return hasDrift(drift) ? `${dir} differs from the synthesized library (run with JSLC_UPDATE_GOLDEN=1 to update):\n${formatDrift(dir, drift, files)}` : null;
}

/** Compare one text with a golden file (rewritten with `JSLC_UPDATE_GOLDEN=1`); `null` when equal. */
export function goldenText(text: string, file: string): string | null {
  if (updatingGoldens() || !existsSync(file)) {
    if (!updatingGoldens() && process.env['CI']) return `${file} is missing (run with JSLC_UPDATE_GOLDEN=1 to create it)`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return null;
  }
  const want = readFileSync(file, 'utf8');
  return want === text ? null : `${file} differs (run with JSLC_UPDATE_GOLDEN=1 to update)`;
}

export { startRegistry, type LocalRegistry, type RegistryManifest } from './registry.js';
export { parseExecLine, readExecTrace, type ExecCall } from './exec-trace.js';
