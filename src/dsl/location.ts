import { fileURLToPath } from 'node:url';
import { dirname, join, sep } from 'node:path';
import type { SourceLocation } from '../ir/types.js';

const DSL_DIR = dirname(fileURLToPath(import.meta.url));
/** jslc's package root: frames in its `src/` (source-mapped or under ts-jest) and `dist/` are jslc's own. */
const PACKAGE_ROOT = dirname(dirname(DSL_DIR));
const OWN_DIRS = [join(PACKAGE_ROOT, 'src') + sep, join(PACKAGE_ROOT, 'dist') + sep];

/**
 * Where the caller of a DSL builder is in the user's source: the first stack
 * frame outside jslc itself. Stack frames are source-mapped to the user's
 * TypeScript when the entry was loaded by `jslc build`.
 */
export function captureLocation(): SourceLocation | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  Error.captureStackTrace(holder, captureLocation);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m || m[1] === undefined) continue;
    let file = m[1];
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (OWN_DIRS.some((d) => file.startsWith(d)) || file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`)) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
