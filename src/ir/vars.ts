import type { LeafStageIR, ParamType } from './types.js';
import { STAGE_CATALOGUE } from './catalogue.js';

/** The reusable step var generated for each leaf stage kind (`vars/<name>.groovy`), from the stage catalogue. */
export const STEP_VAR_BY_KIND: { readonly [K in LeafStageIR['kind']]: string } = Object.fromEntries(
  Object.entries(STAGE_CATALOGUE).map(([kind, info]) => [kind, info.stepVar]),
) as { readonly [K in LeafStageIR['kind']]: string };

/** Internal helper var: checks a caller's argument Map against a var's parameter spec, passes lists to scripts, loads resources. */
export const SUPPORT_VAR = 'jslcSupport';

/** Every var name jslc generates itself; pipeline names may not take them. */
export const GENERATED_VAR_NAMES: readonly string[] = [...Object.values(STEP_VAR_BY_KIND), SUPPORT_VAR].sort();

/**
 * Types a var parameter can have (a pipeline's parameter types; for step vars also maps of strings, and `bindings`:
 * a list of credentials bindings such as `usernamePassword(...)`, passed on to `withCredentials`); checked at run
 * time by `jslcSupport.checkArgs`.
 */
export type VarParamType = ParamType | 'map' | 'bindings';
