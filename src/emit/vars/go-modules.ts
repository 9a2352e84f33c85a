import type { ModulesStageIR } from '../../ir/types.js';
import { call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt } from './spec.js';

export const goModules: VarSpec = {
  name: STEP_VAR_BY_KIND.modules,
  summary: 'Download and verify Go modules; enforce tidiness and the replace policy.',
  description:
    'Runs go mod download, then go mod verify (hash check against go.sum). With tidyCheck, fails when ' +
    'go mod tidy would change go.mod or go.sum. With forbidLocalReplace, fails when go.mod has a replace ' +
    'directive pointing at a local path, which CI cannot reach.',
  params: [
    opt('verify', 'boolean', true, 'Run go mod verify.'),
    opt('tidyCheck', 'boolean', false, 'Fail when go mod tidy would change go.mod or go.sum.'),
    opt('forbidLocalReplace', 'boolean', true, 'Fail on replace directives that point at local paths.'),
  ],
  example: 'goModules(verify: true, tidyCheck: true)',
  body: (w) =>
    w.code(`
      List env = [
          'JSLC_VERIFY=' + cfg.verify,
          'JSLC_TIDY_CHECK=' + cfg.tidyCheck,
          'JSLC_FORBID_LOCAL_REPLACE=' + cfg.forbidLocalReplace,
      ]
      withEnv(env) {
          sh(label: 'go mod download', script: jslcSupport.script('go-modules.sh'))
      }
    `),
};

/** The `goModules` calls a modules stage turns into, each a full line. */
export function goModulesCalls(s: ModulesStageIR): string[] {
  return [call(goModules.name, { verify: s.verify, tidyCheck: s.tidyCheck, forbidLocalReplace: s.forbidLocalReplace })];
}
