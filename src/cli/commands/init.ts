/** `jslc init [DIR]`: scaffolds a pipeline project (src/cli/scaffold.ts); never overwrites a file. */
import { resolve } from 'node:path';
import { type CommandModule, UsageError } from '../command.js';
import { init as scaffold } from '../scaffold.js';

const init: CommandModule = {
  help: () => `Usage: jslc init [DIR] [--json]

Scaffolds package.json, tsconfig.json, pipeline.ts and a Jenkinsfile example in
DIR (default: the current directory). Never overwrites a file.`,
  async run(args, ctx) {
    if (args.positionals.length > 1) throw new UsageError('expected at most one directory');
    const dir = resolve(args.positionals[0] ?? '.');
    const files = scaffold(dir);
    ctx.out(`jslc: created ${files.join(', ')} in ${dir}\nNext: npm install, then npm run build`);
    return { exitCode: 0, fields: { dir, files } };
  },
};

export default init;
