import type { Custom, ParamRef } from './types.js';

/** The text of a closed-set value, whether known or `custom(...)`. */
export function plain(v: string | Custom): string {
  return typeof v === 'string' ? v : v.value;
}

/**
 * A `param(...)` reference: an object of exactly `kind: 'param'` and a string `name` (a list, or a map with more
 * keys, is a value, not a reference).
 */
export function isParamRef(v: unknown): v is ParamRef {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    (v as { kind?: unknown }).kind === 'param' &&
    typeof (v as { name?: unknown }).name === 'string' &&
    Object.keys(v).length === 2
  );
}
