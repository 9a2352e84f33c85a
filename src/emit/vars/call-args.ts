import { type GroovyLiteral, groovyKey, groovyLiteral, groovyString } from '../../lang/groovy.js';
import type { GroovyWriter } from '../groovy/writer.js';
import { SUPPORT_VAR } from '../../ir/vars.js';
import type { VarParam } from './spec.js';
import { CFG } from '../groovy/expr.js';

/**
 * The name of `call`'s parameter. Not `args`: inside a Declarative `pipeline {}` in a var, a local variable named
 * like a directive shadows it (`docker { args '-v …' }` would call the Map), so the name is one no directive has.
 */
export const CALL_PARAM = 'callArgs';

/**
 * The parameter spec map passed to `jslcSupport.checkArgs`, one entry a line, in declaration order. Returns
 * whether it declared `cfg` (the checked arguments): only when there are parameters.
 */
export function writeArgsCheck(w: GroovyWriter, varName: string, params: readonly VarParam[]): boolean {
  if (params.length === 0) {
    // Nothing to keep: the call only rejects unknown keys (no unused `cfg` for CodeNarc to flag).
    w.line(`${SUPPORT_VAR}.checkArgs(${groovyString(varName)}, ${CALL_PARAM}, [:])`);
    return false;
  }
  w.line(`Map ${CFG} = ${SUPPORT_VAR}.checkArgs(${groovyString(varName)}, ${CALL_PARAM}, [`);
  for (const p of params) {
    const spec: { [k: string]: GroovyLiteral } = { type: p.type, required: p.required, default: p.default };
    w.line(`    ${groovyKey(p.name)}: ${groovyLiteral(spec)},`);
  }
  w.line('])');
  return true;
}
