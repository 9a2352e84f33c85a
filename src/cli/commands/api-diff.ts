/** `jslc api-diff <old> <new>`: the classified API changes between two libraries (their jslc-api.json). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { API_FILE, parseApi } from '../../library/api.js';
import { diffApi, formatApiDiff, requiredBump } from '../../library/api-diff.js';
import { type CommandModule, UsageError } from '../command.js';
import { UserError } from '../errors.js';

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

const apiDiff: CommandModule = {
  help: () => `Usage: jslc api-diff <old> <new> [--json]

Prints the API changes between two libraries (directories holding jslc-api.json,
or the files themselves), one per line with the release they need (major, minor
or patch), then the release the whole change needs.`,
  async run(args, ctx) {
    if (args.positionals.length !== 2) throw new UsageError('expected <old> and <new>');
    const changes = diffApi(apiOf(args.positionals[0]!), apiOf(args.positionals[1]!));
    const needed = requiredBump(changes);
    ctx.out(`${formatApiDiff(changes)}\nneeds a ${needed} release`);
    return { exitCode: 0, fields: { needed, changes } };
  },
};

export default apiDiff;
