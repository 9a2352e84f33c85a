import type { GroovyLiteral } from '../../lang/groovy.js';
import type { GroovyWriter } from '../groovy/writer.js';
import type { VarParamType } from '../../ir/vars.js';

export type { VarParamType };

/** One parameter of a generated var. */
export interface VarParam {
  readonly name: string;
  readonly type: VarParamType;
  readonly required: boolean;
  /** Value used when the caller omits the parameter (`null`: none). */
  readonly default: GroovyLiteral;
  readonly description: string;
}

/** Everything needed to emit one var: its Groovy, its help text and its README entry. */
export interface VarSpec {
  /**
   * The var's name (`vars/<name>.groovy`). A step var's is its stage kind's `stepVar` in the stage catalogue, read
   * through `STEP_VAR_BY_KIND` (`ir/vars.ts`), never written a second time; a pipeline var's is the pipeline's name.
   */
  readonly name: string;
  /** One line. */
  readonly summary: string;
  /** A paragraph or more. */
  readonly description: string;
  readonly params: readonly VarParam[];
  /** A call as a Jenkinsfile author writes it. */
  readonly example: string;
  /** Statements of `call` after `Map cfg = jslcSupport.checkArgs(...)`. */
  readonly body: (w: GroovyWriter) => void;
}

/** Shorthand for an optional parameter with a default. */
export function opt(name: string, type: VarParamType, def: GroovyLiteral, description: string): VarParam {
  return { name, type, required: false, default: def, description };
}

/** Shorthand for a required parameter. */
export function req(name: string, type: VarParamType, description: string): VarParam {
  return { name, type, required: true, default: null, description };
}
