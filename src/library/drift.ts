import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, previousFiles } from './writer.js';
import type { LibraryFiles } from './files.js';

/** How a directory differs from what a build would write. */
export interface Drift {
  /** Files the build would write that are missing. */
  readonly missing: readonly string[];
  /** Files whose content differs. */
  readonly changed: readonly string[];
  /** Files of a previous build that the build would delete. */
  readonly stale: readonly string[];
}

export function computeDrift(outDir: string, files: LibraryFiles): Drift {
  const missing: string[] = [];
  const changed: string[] = [];
  for (const [path, text] of files) {
    const full = join(outDir, path);
    if (!existsSync(full)) missing.push(path);
    else if (readFileSync(full, 'utf8') !== text) changed.push(path);
  }
  const present = new Set(listFiles(outDir));
  const stale = previousFiles(outDir).filter((p) => !files.has(p) && present.has(p));
  return { missing, changed, stale };
}

export function hasDrift(d: Drift): boolean {
  return d.missing.length + d.changed.length + d.stale.length > 0;
}

/** A readable summary: one line per file, with a first differing line for changed files. */
export function formatDrift(outDir: string, d: Drift, files: LibraryFiles): string {
  const lines: string[] = [];
  for (const p of d.missing) lines.push(`  missing  ${p}`);
  for (const p of d.changed) {
    const have = readFileSync(join(outDir, p), 'utf8').split('\n');
    const want = (files.get(p) ?? '').split('\n');
    let i = 0;
    while (i < have.length && i < want.length && have[i] === want[i]) i++;
    lines.push(`  changed  ${p} (first difference at line ${i + 1})`);
    lines.push(`           - ${JSON.stringify(have[i] ?? '<end of file>')}`);
    lines.push(`           + ${JSON.stringify(want[i] ?? '<end of file>')}`);
  }
  for (const p of d.stale) lines.push(`  stale    ${p} (no longer generated)`);
  return lines.join('\n');
}
