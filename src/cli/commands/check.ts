/** `jslc check <entry.ts>`: the drift check: exit 1 when the library directory differs from what build writes. */
import { resolve } from 'node:path';
import { computeDrift, formatDrift, hasDrift } from '../../library/drift.js';
import { DEFAULT_LOAD_TIMEOUT_S } from '../../load/load-entry.js';
import { type CommandModule, UsageError, stringOption, timeoutSeconds } from '../command.js';
import type { CliFinding } from '../envelope.js';

/** A drifted file as a finding. */
function driftFinding(outName: string, file: string, message: string): CliFinding {
  return { severity: 'error', code: 'drift', file: `${outName}/${file}`, message: `${outName}/${file}: ${message}` };
}

const check: CommandModule = {
  help: () => `Usage: jslc check <entry.ts> [--out DIR] [--timeout SECONDS] [--json]

Exits 1 with a summary when DIR (default vars-out) differs from what
"jslc build" would write: missing, changed or stale files. Writes nothing.`,
  async run(args, ctx) {
    const entry = args.positionals[0];
    if (entry === undefined || args.positionals.length > 1) throw new UsageError('expected exactly one entry file');
    const timeoutS = timeoutSeconds(args, DEFAULT_LOAD_TIMEOUT_S);
    const outName = stringOption(args, 'out') ?? 'vars-out';
    const outDir = resolve(outName);
    const { compile, reportWarnings } = await import('../compile.js');
    const { files, warnings } = await compile(entry, { timeoutS });
    const warned = reportWarnings('check', warnings, ctx.err);
    const drift = computeDrift(outDir, files);
    if (!hasDrift(drift)) {
      ctx.out(`jslc: ${outName} is up to date (${files.size} files)`);
      return { exitCode: 0, findings: warned, fields: { ...drift } };
    }
    ctx.err(`jslc: ${outName} differs from what ${entry} builds; run jslc build:\n${formatDrift(outDir, drift, files)}`);
    const findings: CliFinding[] = [
      ...warned,
      ...drift.missing.map((f) => driftFinding(outName, f, 'missing: jslc build would write it')),
      ...drift.changed.map((f) => driftFinding(outName, f, 'changed: differs from what jslc build writes')),
      ...drift.stale.map((f) => driftFinding(outName, f, 'stale: jslc build would delete it')),
    ];
    return { exitCode: 1, findings, fields: { ...drift } };
  },
};

export default check;
