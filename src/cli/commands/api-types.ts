/** `jslc api-types`: a TypeScript module with one typed function per pipeline var of a library (its jslc-api.json). */
import { apiTypesModule } from '../../jenkinsfile/api-types.js';
import { API_FILE } from '../../library/api.js';
import { type CommandModule, UsageError, stringOption } from '../command.js';
import { writeFileAtomic } from '../write-file.js';
import { apiOf } from '../api-file.js';

const apiTypes: CommandModule = {
  help: () => `Usage: jslc api-types <libdir|jslc-api.json> [--out FILE] [--import SPECIFIER] [--json]

Writes a TypeScript module with one typed function per pipeline var of the
library (from its jslc-api.json), for typed Jenkinsfiles:
  export default jenkinsfile({ library: 'go-cd@v1.2.0', call: goServicePipeline({ image: '…' }) })
--out: the file (default: stdout); --import: how the module imports jslc (default 'jslc').`,
  async run(args, ctx) {
    if (args.positionals.length !== 1) throw new UsageError(`expected one library directory or ${API_FILE}`);
    const text = apiTypesModule(apiOf(args.positionals[0]!), stringOption(args, 'import') ?? 'jslc');
    const out = stringOption(args, 'out');
    if (out) {
      writeFileAtomic(out, text);
      ctx.out(`jslc: wrote ${out}`);
      return { exitCode: 0, fields: { out } };
    }
    ctx.out(text.trimEnd());
    return { exitCode: 0, fields: { text } };
  },
};

export default apiTypes;
