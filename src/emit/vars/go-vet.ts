import type { VarSpec } from './spec.js';
import { opt } from './spec.js';

export const goVet: VarSpec = {
  name: 'goVet',
  summary: 'Run go vet over the given packages.',
  description: 'Runs go vet with the package patterns as separate arguments (no shell parsing).',
  params: [opt('packages', 'list', ['./...'], 'Package patterns to vet.')],
  example: "goVet(packages: ['./...'])",
  body: (w) =>
    w.code(`
      withEnv(jslcSupport.listEnv('PACKAGES', cfg.packages)) {
          sh(label: 'go vet', script: jslcSupport.script('go-vet.sh'))
      }
    `),
};
