import { GroovyWriter } from '../groovy/writer.js';
import { CALL_PARAM, writeArgsCheck } from './call-args.js';
import type { VarSpec } from './spec.js';

/** `vars/<name>.groovy` for a step var: `def call(Map callArgs = [:])` with the argument check, then the body. */
export function stepVar(spec: VarSpec): string {
  const w = new GroovyWriter();
  w.line(`/** ${spec.summary} See ${spec.name}.txt. */`);
  w.block(`def call(Map ${CALL_PARAM} = [:])`, (b) => {
    writeArgsCheck(b, spec.name, spec.params);
    spec.body(b);
  });
  return w.toString();
}
