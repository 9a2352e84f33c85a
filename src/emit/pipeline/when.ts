import type { WhenIR } from '../../ir/types.js';
import { groovyString } from '../../lang/groovy.js';
import type { GroovyWriter } from '../groovy/writer.js';
import { assertNever } from '../../util/never.js';
import { CFG, expr } from '../groovy/expr.js';
import { CHANGE_REQUEST_FILTERS } from '../../ir/closed-sets.js';

function writeCondition(w: GroovyWriter, c: WhenIR): void {
  switch (c.type) {
    case 'branch':
    case 'tag':
      w.line(
        c.comparator ? `${c.type} pattern: ${groovyString(c.pattern)}, comparator: ${groovyString(c.comparator)}` : `${c.type} ${groovyString(c.pattern)}`,
      );
      return;
    case 'buildingTag':
      w.line('buildingTag()');
      return;
    case 'changeRequest': {
      const args = [
        ...CHANGE_REQUEST_FILTERS.flatMap((k) => (c.filters[k] !== undefined ? [`${k}: ${groovyString(c.filters[k]!)}`] : [])),
        ...(c.comparator ? [`comparator: ${groovyString(c.comparator)}`] : []),
      ];
      w.line(args.length ? `changeRequest ${args.join(', ')}` : 'changeRequest()');
      return;
    }
    case 'environment':
      w.line(`environment name: ${groovyString(c.name)}, value: ${groovyString(c.value)}${c.ignoreCase ? ', ignoreCase: true' : ''}`);
      return;
    case 'envMatches':
      // Declarative's environment condition compares exactly; a match is an expression over env (a validated name).
      w.block('expression', (b) => b.line(`return (env.${c.name} ?: '') ==~ ${groovyString(c.regex)}`));
      return;
    case 'triggeredBy':
      w.line(`triggeredBy ${groovyString(c.cause)}`);
      return;
    case 'changeset': {
      const plainForm = !c.comparator && !c.caseSensitive;
      w.line(
        plainForm
          ? `changeset ${groovyString(c.pattern)}`
          : `changeset pattern: ${groovyString(c.pattern)}${c.comparator ? `, comparator: ${groovyString(c.comparator)}` : ''}${c.caseSensitive ? ', caseSensitive: true' : ''}`,
      );
      return;
    }
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
