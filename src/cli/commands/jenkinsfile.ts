/** `jslc jenkinsfile <entry.ts>`: type-checks a typed Jenkinsfile (jenkinsfile({ ... })) and writes it. */
import { existsSync } from 'node:fs';
import type { Jenkinsfile } from '../../jenkinsfile/jenkinsfile.js';
import { DEFAULT_LOAD_TIMEOUT_S, EntryLoader } from '../../load/load-entry.js';
import { type CommandModule, UsageError, stringOption, timeoutSeconds } from '../command.js';
import { UserError } from '../errors.js';
import { tsFindings } from '../findings.js';
import { writeFileAtomic } from '../write-file.js';

const jenkinsfile: CommandModule = {
  help: () => `Usage: jslc jenkinsfile <entry.ts> [--out FILE] [--timeout SECONDS] [--json]

Type-checks the entry (whose default export is jenkinsfile({ ... })) and writes
the Jenkinsfile (default: stdout). A wrong argument type, an unknown or missing
parameter, or another library's var is a TypeScript error: exit 1, nothing written.`,
  async run(args, ctx) {
    const entry = args.positionals[0];
    if (entry === undefined || args.positionals.length > 1) throw new UsageError('expected one entry file');
    const timeoutS = timeoutSeconds(args, DEFAULT_LOAD_TIMEOUT_S);
    if (!existsSync(entry)) throw new UserError(`${entry}: no such file`);
    // Loaded here: the TypeScript compiler is slow to load, and --help does not need it.
    const { checkEntry, formatTsDiagnostic } = await import('../../load/typecheck.js');
    const checked = checkEntry(entry);
    if (checked.diagnostics.length)
      throw new UserError(
        `${checked.diagnostics.length} TypeScript error(s) in ${entry}; nothing was written.`,
        checked.diagnostics.map((d) => formatTsDiagnostic(d)),
        { typescript: checked.diagnostics },
        tsFindings(checked.diagnostics),
      );
    const loader = new EntryLoader();
    try {
      const jf = (await loader.loadDefault(entry, checked, timeoutS, 'jslc.jenkinsfile')) as Jenkinsfile;
      const out = stringOption(args, 'out');
      if (out) {
        writeFileAtomic(out, jf.text);
        ctx.out(`jslc: wrote ${out}`);
        return { exitCode: 0, fields: { out } };
      }
      ctx.out(jf.text.trimEnd());
      return { exitCode: 0, fields: { text: jf.text } };
    } finally {
      loader.dispose();
    }
  },
};

export default jenkinsfile;
