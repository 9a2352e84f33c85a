/** Reading a library's API (its jslc-api.json) for `jslc api-diff` and `jslc api-types`. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { API_FILE, parseApi } from '../library/api.js';
import { UserError } from './errors.js';

/** The API of a library directory or of a jslc-api.json file. */
export function apiOf(path: string): ReturnType<typeof parseApi> {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, API_FILE) : path;
  if (!existsSync(file)) throw new UserError(`no ${API_FILE} at ${path}; build the library with this jslc first`);
  try {
    return parseApi(readFileSync(file, 'utf8'), file);
  } catch (e) {
    throw new UserError((e as Error).message, [], undefined, [], e);
  }
}
