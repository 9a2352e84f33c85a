import type { ScheduledLeaf } from '../../schedule/types.js';
import type { VarSpec } from './spec.js';
import { goCheckout, goCheckoutCalls } from './go-checkout.js';
import { goModules, goModulesCalls } from './go-modules.js';
import { goVet, goVetCalls } from './go-vet.js';
import { goTest, goTestCalls } from './go-test.js';
import { goBuild, goBuildCalls } from './go-build.js';
import { containerImage, containerImageCalls } from './container-image.js';
import { cosignSign, cosignSignCalls } from './cosign-sign.js';
import { archiveOutputs, archiveOutputsCalls } from './archive-outputs.js';
import { runCommand, runCommandCalls } from './run-command.js';
import { shellScript, shellScriptCalls } from './shell-script.js';

/** A leaf stage kind's step var: its spec (Groovy, help, README entry) and the calls a stage of the kind becomes. */
export interface StepVarEntry<S> {
  readonly spec: VarSpec;
  /** The step-var calls the stage turns into, each a full line of its `steps { }`. */
  readonly calls: (s: S) => string[];
}

/** The step var of each leaf stage kind (a kind without one is a compile error). */
export const STEP_VAR_SPECS: { readonly [K in ScheduledLeaf['kind']]: StepVarEntry<Extract<ScheduledLeaf, { readonly kind: K }>> } = {
  checkout: { spec: goCheckout, calls: goCheckoutCalls },
  modules: { spec: goModules, calls: goModulesCalls },
  vet: { spec: goVet, calls: goVetCalls },
  test: { spec: goTest, calls: goTestCalls },
  build: { spec: goBuild, calls: goBuildCalls },
  image: { spec: containerImage, calls: containerImageCalls },
  sign: { spec: cosignSign, calls: cosignSignCalls },
  archive: { spec: archiveOutputs, calls: archiveOutputsCalls },
  run: { spec: runCommand, calls: runCommandCalls },
  script: { spec: shellScript, calls: shellScriptCalls },
};

/** Every step var a library ships, in a fixed order (the stage catalogue's). */
export const STEP_VARS: readonly VarSpec[] = Object.values(STEP_VAR_SPECS).map((e) => e.spec);

/** The step-var calls a scheduled leaf stage turns into, each a full line. */
export function stageCalls(s: ScheduledLeaf): string[] {
  const entry = STEP_VAR_SPECS[s.kind] as StepVarEntry<ScheduledLeaf>;
  return entry.calls(s);
}
