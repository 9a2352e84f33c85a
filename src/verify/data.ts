/**
 * Where verify's reference data lives: `verify-data/` at the package root (shipped with jslc, see
 * package.json `files`). It is verify's alone; `assets/` holds only files copied into generated
 * libraries.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';

/** The absolute path of `verify-data/<path>` (`src/verify` and `dist/verify` are both two levels below the package root). */
export function verifyDataFile(path: string): string {
  return fileURLToPath(new URL(`../../verify-data/${path}`, import.meta.url));
}
