import type { ParamRef, StringValue } from '../../ir/types.js';
import { groovyKey, groovyString } from '../../lang/groovy.js';
import { isParamRef } from '../../ir/values.js';

/** The Groovy variable that holds a pipeline var's checked arguments. */
export const CFG = 'cfg';

/** A value in a generated call: constants are escaped literals, parameter references read `cfg`. */
export type ArgValue = string | number | boolean | null | ParamRef | readonly ArgValue[] | { readonly [k: string]: ArgValue };

/** Render a value as a Groovy expression. */
export function expr(v: ArgValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return groovyString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`cannot emit ${v}: only safe integers`);
    return String(v);
  }
  if (isParamRef(v)) return `${CFG}.${v.name}`;
  if (Array.isArray(v)) return `[${v.map(expr).join(', ')}]`;
  const entries = Object.entries(v as { readonly [k: string]: ArgValue });
  return entries.length === 0 ? '[:]' : `[${entries.map(([k, x]) => `${groovyKey(k)}: ${expr(x)}`).join(', ')}]`;
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
