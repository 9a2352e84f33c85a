import type { LeafStageIR } from '../../ir/types.js';
import type { VarSpec } from './spec.js';
import { goCheckout } from './go-checkout.js';
import { goModules } from './go-modules.js';
import { goVet } from './go-vet.js';
import { goTest } from './go-test.js';
import { goBuild } from './go-build.js';
import { containerImage } from './container-image.js';
import { cosignSign } from './cosign-sign.js';
import { archiveOutputs } from './archive-outputs.js';
import { runCommand } from './run-command.js';

/** The step var of each leaf stage kind (a kind without one is a compile error). */
export const STEP_VAR_SPECS: { readonly [K in LeafStageIR['kind']]: VarSpec } = {
  checkout: goCheckout,
  modules: goModules,
  vet: goVet,
  test: goTest,
  build: goBuild,
  image: containerImage,
  sign: cosignSign,
  archive: archiveOutputs,
  run: runCommand,
};

/** Every step var a library ships, in a fixed order (the stage catalogue's). */
export const STEP_VARS: readonly VarSpec[] = Object.values(STEP_VAR_SPECS);
