import type { WhenIR } from '../../ir/types.js';
import { groovyString } from '../../lang/groovy.js';
import type { GroovyWriter } from '../groovy/writer.js';
import { assertNever } from '../../util/never.js';
import { CFG, expr } from '../groovy/expr.js';

function writeCondition(w: GroovyWriter, c: WhenIR): void {
  switch (c.type) {
    case 'branch':
      w.line(`branch ${groovyString(c.pattern)}`);
      return;
    case 'tag':
      w.line(`tag ${groovyString(c.pattern)}`);
      return;
    case 'buildingTag':
      w.line('buildingTag()');
      return;
    case 'changeRequest':
      w.line('changeRequest()');
      return;
    case 'environment':
      w.line(`environment name: ${groovyString(c.name)}, value: ${groovyString(c.value)}`);
      return;
    case 'param':
      w.block('expression', (b) => b.line(`return ${CFG}.${c.name} == ${expr(c.equals)}`));
      return;
    case 'expression':
      // Trusted code by definition (documented as such in the DSL).
      w.block('expression', (b) => b.line(`return (${c.groovy.replace(/\r?\n/g, ' ')})`));
      return;
    case 'allOf':
    case 'anyOf':
      w.block(c.type, (b) => c.conditions.forEach((x) => writeCondition(b, x)));
      return;
    case 'not':
      w.block('not', (b) => writeCondition(b, c.condition));
      return;
    default:
      assertNever(c, 'when condition');
  }
}

/** `when { … }`; with a stage agent, conditions are evaluated before the agent starts. */
export function writeWhen(w: GroovyWriter, c: WhenIR, beforeAgent: boolean): void {
  w.block('when', (b) => {
    if (beforeAgent) b.line('beforeAgent true');
    writeCondition(b, c);
  });
}
