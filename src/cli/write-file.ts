/** Writing one output file of a command (`--out FILE`) atomically, with jslc's error for a file it cannot write. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError, permissionError } from './errors.js';

/** Writes `text` to `file` through a temporary file and a rename: the file is whole or untouched. */
export function writeFileAtomic(file: string, text: string): void {
  const abs = resolve(file);
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.jslc-tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, abs);
  } catch (e) {
    rmSync(tmp, { force: true });
    const denied = permissionError(`cannot write ${file}`, e);
    if (denied) throw denied;
    throw new UserError(`cannot write ${file}: ${(e as Error).message}; nothing was written.`, [], undefined, [], e);
  }
}
