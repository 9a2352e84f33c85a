import type { LeafStageIR } from './types.js';

/** The reusable step var generated for each leaf stage kind (`vars/<name>.groovy`). */
export const STEP_VAR_BY_KIND: { readonly [K in LeafStageIR['kind']]: string } = {
  checkout: 'goCheckout',
  modules: 'goModules',
  vet: 'goVet',
  test: 'goTest',
  build: 'goBuild',
  image: 'containerImage',
  sign: 'cosignSign',
  archive: 'archiveOutputs',
  run: 'runCommand',
};

/** Internal helper var: checks a caller's argument Map against a var's parameter spec, passes lists to scripts, loads resources. */
export const SUPPORT_VAR = 'jslcSupport';

/** Every var name jslc generates itself; pipeline names may not take them. */
export const GENERATED_VAR_NAMES: readonly string[] = [...Object.values(STEP_VAR_BY_KIND), SUPPORT_VAR].sort();
