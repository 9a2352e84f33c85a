/** `jslc api-types` (typed functions from a library's API) and `jslc jenkinsfile` (a Jenkinsfile from TypeScript). */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { apiTypesModule } from '../jenkinsfile/api-types.js';
import type { Jenkinsfile } from '../jenkinsfile/jenkinsfile.js';
import { API_FILE, parseApi } from '../library/api.js';
import { DEFAULT_LOAD_TIMEOUT_S, EntryError, EntryLoader } from '../load/load-entry.js';
import { parseCommand, type CliIo } from './args.js';

/** `jslc api-types --help`. */
export const API_TYPES_HELP = `Usage: jslc api-types <libdir|jslc-api.json> [--out FILE] [--import SPECIFIER]

Writes a TypeScript module with one typed function per pipeline var of the
library (from its jslc-api.json), for typed Jenkinsfiles:
  export default jenkinsfile({ library: 'go-cd@v1.2.0', call: goServicePipeline({ image: '…' }) })
--out: the file (default: stdout); --import: how the module imports jslc (default 'jslc').`;

/** `jslc jenkinsfile --help`. */
export const JENKINSFILE_HELP = `Usage: jslc jenkinsfile <entry.ts> [--out FILE] [--timeout SECONDS]

Type-checks the entry (whose default export is jenkinsfile({ ... })) and writes
the Jenkinsfile (default: stdout). A wrong argument type, an unknown or missing
parameter, or another library's var is a TypeScript error: exit 1, nothing written.`;

/** Writes `text` to `file` atomically (a temporary file, then rename). */
function writeAtomic(file: string, text: string): void {
  const tmp = join(dirname(file), `.${Date.now()}-${process.pid}.jslc-tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Runs `jslc api-types`. */
export function apiTypesCommand(argv: string[], io: CliIo): number {
  const parsed = parseCommand('api-types', API_TYPES_HELP, argv, { out: { type: 'string' }, import: { type: 'string' } }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    io.err(`jslc api-types: expected one library directory or ${API_FILE}\n\n${API_TYPES_HELP}`);
    return 2;
  }
  const p = positionals[0]!;
  const file = existsSync(p) && statSync(p).isDirectory() ? join(p, API_FILE) : p;
  try {
    if (!existsSync(file)) throw new Error(`no ${API_FILE} at ${p}; build the library with this jslc first`);
    const text = apiTypesModule(parseApi(readFileSync(file, 'utf8'), file), values.import ?? 'jslc');
    if (values.out) {
      writeAtomic(resolve(values.out), text);
      io.out(`jslc: wrote ${values.out}`);
    } else io.out(text.trimEnd());
    return 0;
  } catch (e) {
    io.err(`jslc api-types: ${(e as Error).message}`);
    return 1;
  }
}

/** Runs `jslc jenkinsfile`. */
export async function jenkinsfileCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('jenkinsfile', JENKINSFILE_HELP, argv, { out: { type: 'string' }, timeout: { type: 'string' } }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    io.err(`jslc jenkinsfile: expected one entry file\n\n${JENKINSFILE_HELP}`);
    return 2;
  }
  const entry = positionals[0]!;
  if (!existsSync(entry)) {
    io.err(`jslc jenkinsfile: ${entry}: no such file`);
    return 1;
  }
  // Loaded here: the TypeScript compiler is slow to load, and api-types and --help do not need it.
  const { checkEntry, formatTsDiagnostic } = await import('../load/typecheck.js');
  const checked = checkEntry(entry);
  if (checked.diagnostics.length) {
    for (const d of checked.diagnostics) io.err(formatTsDiagnostic(d));
    io.err(`jslc jenkinsfile: ${checked.diagnostics.length} TypeScript error(s) in ${entry}; nothing was written.`);
    return 1;
  }
  const loader = new EntryLoader();
  try {
    const timeoutS = values.timeout === undefined ? DEFAULT_LOAD_TIMEOUT_S : Number(values.timeout);
    const jf = (await loader.loadDefault(entry, checked, timeoutS, 'jslc.jenkinsfile')) as Jenkinsfile;
    if (values.out) {
      writeAtomic(resolve(values.out), jf.text);
      io.out(`jslc: wrote ${values.out}`);
    } else io.out(jf.text.trimEnd());
    return 0;
  } catch (e) {
    io.err(`jslc jenkinsfile: ${(e as Error).message}`);
    return e instanceof EntryError ? 1 : 3;
  } finally {
    loader.dispose();
  }
}
