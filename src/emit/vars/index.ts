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

/** Every step var a library ships, in a fixed order. */
export const STEP_VARS: readonly VarSpec[] = [goCheckout, goModules, goVet, goTest, goBuild, containerImage, cosignSign, archiveOutputs, runCommand];
