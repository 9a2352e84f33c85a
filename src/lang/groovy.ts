/**
 * The one escaping function for Groovy source: every user-supplied string that
 * reaches a generated `.groovy` file goes through `groovyString`.
 *
 * It produces a single-quoted Groovy string literal (never a GString, so `$`
 * is inert) that is pure ASCII: backslash and quote are escaped, control
 * characters and every non-ASCII UTF-16 code unit become `\uXXXX` (astral
 * characters as their surrogate pair, exactly as Java strings hold them).
 * The result is independent of the source encoding Jenkins reads files with.
 */
export function groovyString(s: string): string {
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + "'";
}

/**
 * A Groovy value: strings (escaped), booleans, integers, null, lists and maps of those, and, at any depth, values of
 * type `X` that the caller renders itself (the emitter's `param(...)` references).
 */
export type GroovyValue<X = never> = string | number | boolean | null | X | readonly GroovyValue<X>[] | { readonly [k: string]: GroovyValue<X> };

/** A Groovy value literal: strings (escaped), booleans, integers, null, lists and maps of those. */
export type GroovyLiteral = GroovyValue;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Render a value as a Groovy literal; map keys that are not identifiers are quoted. `own`, when given, sees every
 * object (list or map, at any depth) first: it returns the Groovy for the values of type `X`, and undefined for the
 * lists and maps rendered here.
 */
export function groovyLiteral<X extends object = never>(v: GroovyValue<X>, own?: (v: object) => string | undefined): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return groovyString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`only safe integers can be emitted as Groovy literals, got ${v}`);
    return String(v);
  }
  const rendered = own?.(v);
  if (rendered !== undefined) return rendered;
  if (Array.isArray(v)) return `[${v.map((x: GroovyValue<X>) => groovyLiteral(x, own)).join(', ')}]`;
  const entries = Object.entries(v as { readonly [k: string]: GroovyValue<X> });
  if (entries.length === 0) return '[:]';
  return `[${entries.map(([k, x]) => `${groovyKey(k)}: ${groovyLiteral(x, own)}`).join(', ')}]`;
}

/** A map key: bare when it is an identifier, else a quoted string. */
export function groovyKey(k: string): string {
  return IDENT.test(k) ? k : groovyString(k);
}
