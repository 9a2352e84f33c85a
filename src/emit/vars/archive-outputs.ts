import type { ArchiveStageIR } from '../../ir/types.js';
import { call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt, req } from './spec.js';

export const archiveOutputs: VarSpec = {
  name: STEP_VAR_BY_KIND.archive,
  summary: 'Archive build outputs as artifacts and fingerprint them.',
  description: 'Runs archiveArtifacts with the Ant patterns joined by commas.',
  params: [
    req('artifacts', 'list', 'Ant patterns, e.g. bin/** and coverage.out.'),
    opt('fingerprint', 'boolean', true, 'Fingerprint the archived files.'),
    opt('allowEmpty', 'boolean', false, 'Do not fail when nothing matches.'),
  ],
  example: "archiveOutputs(artifacts: ['bin/**', 'coverage.out'])",
  body: (w) =>
    w.code(`
      archiveArtifacts(artifacts: String.join(',', cfg.artifacts), fingerprint: cfg.fingerprint, allowEmptyArchive: cfg.allowEmpty)
    `),
};

/** The `archiveOutputs` calls a archive stage turns into, each a full line. */
export function archiveOutputsCalls(s: ArchiveStageIR): string[] {
  return [call(archiveOutputs.name, { artifacts: [...s.artifacts], fingerprint: s.fingerprint })];
}
