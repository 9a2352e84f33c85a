import type { VetStageIR } from '../../ir/types.js';
import { call } from '../groovy/expr.js';
import { runCommandCall } from './run-command.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt } from './spec.js';

export const goVet: VarSpec = {
  name: STEP_VAR_BY_KIND.vet,
  summary: 'Run go vet over the given packages.',
  description: 'Runs go vet with the package patterns as separate arguments (no shell parsing).',
  params: [
    opt('packages', 'list', ['./...'], 'Package patterns to vet.'),
    opt('trimpath', 'boolean', true, 'Build with -trimpath, so that the build cache serves every workspace path.'),
  ],
  example: "goVet(packages: ['./...'])",
  body: (w) =>
    w.code(`
      List env = jslcSupport.listEnv('PACKAGES', cfg.packages)
      env.add('JSLC_TRIMPATH=' + cfg.trimpath)
      withEnv(env) {
          sh(label: 'go vet', script: jslcSupport.script('go-vet.sh'))
      }
    `),
};

/** The `goVet` calls a vet stage turns into, each a full line. */
export function goVetCalls(s: VetStageIR): string[] {
  return [call(goVet.name, { packages: [...s.packages], trimpath: s.trimpath }), ...s.linters.map(runCommandCall)];
}
