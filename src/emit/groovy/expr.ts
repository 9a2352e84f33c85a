import type { ParamRef, StringValue } from '../../ir/types.js';
import { type GroovyValue, groovyKey, groovyLiteral, groovyString } from '../../lang/groovy.js';
import { isParamRef } from '../../ir/values.js';

/** The Groovy variable that holds a var's checked arguments. */
export const CFG = 'cfg';

/** A value in a generated call: constants are escaped literals, parameter references read `cfg`. */
export type ArgValue = GroovyValue<ParamRef>;

/** Render a value as a Groovy expression: a Groovy literal, in which parameter references (at any depth) read `cfg`. */
export function expr(v: ArgValue): string {
  return groovyLiteral<ParamRef>(v, (x) => (isParamRef(x) ? `${CFG}.${x.name}` : undefined));
}

/** A step call with named arguments, keys in the given order: `name(a: 1, b: 'x')`. */
export function call(name: string, args: { readonly [k: string]: ArgValue | undefined }): string {
  const parts = Object.entries(args)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${groovyKey(k)}: ${expr(v as ArgValue)}`);
  return `${name}(${parts.join(', ')})`;
}

/** A string that may be a parameter reference, for contexts that need a GString (environment values). */
export function envValue(v: StringValue): string {
  return typeof v === 'string' ? groovyString(v) : `"\${${CFG}.${v.name}}"`;
}
