import { listFiles } from '../library/writer.js';

/** Library-relative paths (POSIX, sorted) of the files ending in `ext` under the given top-level folders. */
export function libraryFiles(libDir: string, folders: readonly string[], ext: string): string[] {
  return listFiles(libDir).filter((p) => p.endsWith(ext) && folders.some((f) => p.startsWith(`${f}/`)));
}
