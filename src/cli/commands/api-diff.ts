/** `jslc api-diff <old> <new>`: the classified API changes between two libraries (their jslc-api.json). */
import { diffApi, formatApiDiff, requiredBump } from '../../library/api-diff.js';
import { type CommandModule, UsageError } from '../command.js';
import { apiOf } from '../api-file.js';

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
