import type { VarParam, VarSpec } from './vars/spec.js';
import { groovyLiteral } from '../lang/groovy.js';

function describeParam(p: VarParam): string {
  const status = p.required ? 'required' : p.default === null ? 'optional' : `optional, default ${groovyLiteral(p.default)}`;
  return `  ${p.name} (${p.type}, ${status})${p.description ? `\n      ${p.description}` : ''}`;
}

/**
 * `vars/<name>.txt`: the help Jenkins shows for a global variable. Jenkins
 * renders it through the configured markup formatter (plain text by default,
 * HTML-escaped), so it is plain text that reads well either way.
 */
export function helpText(spec: VarSpec): string {
  const params = spec.params.length ? spec.params.map(describeParam).join('\n') : '  (none)';
  return [
    `${spec.name}: ${spec.summary}`,
    '',
    spec.description,
    '',
    'Parameters:',
    params,
    '',
    'Example:',
    `  ${spec.example}`,
    '',
    'Unknown parameters and values of the wrong type fail the build with a message naming them.',
    '',
  ].join('\n');
}
