/**
 * Small helpers over Groovy source text, for the places where the call-tree dumper gives
 * text rather than structure: `environment {}` assignments, `expr` arguments, and the
 * bodies of `script {}` / `expression {}` blocks (which the JSON AST keeps as text).
 * They only need to classify and split expressions, not to evaluate them.
 *
 * @module
 */
import type { Arg, CallNode, Statement } from './tree.js';
import { isCall } from './tree.js';

/**
 * Splits `text` at every top-level occurrence of `sep` (outside strings, GString `${}`,
 * parentheses, brackets and braces). With `sep === '='`, `==`, `!=`, `<=`, `>=`, `=~` and
 * `==~` are not separators.
 */
export function splitTopLevel(text: string, sep: ',' | '+' | '='): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      i = skipString(text, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === sep) {
      const prev = text[i - 1];
      const next = text[i + 1];
      const isOperatorPart =
        sep === '='
          ? next === '=' || next === '~' || prev === '=' || prev === '!' || prev === '<' || prev === '>'
          : sep === '+'
            ? next === '+' || prev === '+' || next === '='
            : false;
      if (!isOperatorPart) {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
    i++;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Index just past the string literal starting at `i` (`'…'`, `"…"`, `'''…'''`, `"""…"""`). */
function skipString(text: string, i: number): number {
  const q = text[i]!;
  const triple = text.startsWith(q.repeat(3), i);
  const close = triple ? q.repeat(3) : q;
  let j = i + close.length;
  let braces = 0;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (q === '"' && c === '$' && text[j + 1] === '{') {
      braces++;
      j += 2;
      continue;
    }
    if (braces > 0) {
      if (c === '{') braces++;
      else if (c === '}') braces--;
      j++;
      continue;
    }
    if (text.startsWith(close, j)) return j + close.length;
    j++;
  }
  return text.length;
}

/** A Groovy string literal, classified. */
export interface StringLiteral {
  /** `'…'` / `'''…'''` are always constants; `"…"` is a GString when it interpolates. */
  readonly quote: "'" | '"';
  /** The content with escapes resolved (meaningful for constants). */
  readonly value: string;
  /** True for a double-quoted string with `$` interpolation (a GStringExpression). */
  readonly interpolated: boolean;
}

/** `text` as a single Groovy string literal, or undefined when it is anything else. */
export function stringLiteral(text: string): StringLiteral | undefined {
  const t = text.trim();
  const q = t[0];
  if (q !== "'" && q !== '"') return undefined;
  if (skipString(t, 0) !== t.length) return undefined;
  const triple = t.startsWith(q.repeat(3)) && t.length >= 6;
  const body = triple ? t.slice(3, -3) : t.slice(1, -1);
  const interpolated = q === '"' && /(^|[^\\])\$/.test(body);
  return { quote: q, value: unescape(body), interpolated };
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_m, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    switch (e) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case '\n':
        return '';
      default:
        return e;
    }
  });
}

/** Removes one pair of surrounding quotes, like the plugin's `Utils.trimQuotes`. */
export function trimQuotes(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1);
  return s;
}

/** True when `text` is a Groovy list or map literal; `map` tells which. */
export function collectionLiteral(text: string): { map: boolean } | undefined {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  // The outer brackets must enclose the whole expression.
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === "'" || c === '"') {
      i = skipString(t, i) - 1;
      continue;
    }
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0 && i !== t.length - 1) return undefined;
    }
  }
  const inner = t.slice(1, -1).trim();
  if (inner === ':') return { map: true };
  const first = splitTopLevel(inner, ',')[0] ?? '';
  return { map: /^\s*(?:[\w$]+|'[^']*'|"[^"]*"|\([^)]*\))\s*:(?!:)/.test(first) };
}

/** `name(args)` when `text` is a single method call expression; `name` keeps any receiver (`a.b`). */
export function methodCallText(text: string): { name: string; args: string[] } | undefined {
  const m = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\(/.exec(text.trim());
  if (!m) return undefined;
  const t = text.trim();
  const open = m[0].length - 1;
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    const c = t[i]!;
    if (c === "'" || c === '"') {
      i = skipString(t, i) - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        if (i !== t.length - 1) return undefined;
        const inner = t.slice(open + 1, i);
        return { name: m[1]!, args: inner.trim() === '' ? [] : splitTopLevel(inner, ',').map((a) => a.trim()) };
      }
    }
  }
  return undefined;
}

/** A Groovy literal for a constant, single-quoted like the plugin's `ModelASTValue.toGroovy`. */
export function groovyLiteral(v: string | number | boolean | null): string {
  if (typeof v !== 'string') return String(v);
  const s = v.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  return v.includes('\n') ? `'''${s}'''` : `'${s.replace(/\r/g, '\\r')}'`;
}

/** Groovy source for an argument. */
export function renderArg(a: Arg): string {
  switch (a.kind) {
    case 'literal':
      return groovyLiteral(a.value);
    case 'named':
      return `${a.name}: ${renderArg(a.value)}`;
    case 'call':
      return `${a.name}(${a.args.map(renderArg).join(', ')})`;
    case 'expr':
      return a.text;
  }
}

/** Groovy source for a call's head, `name(args)` (no body). */
export function renderCallHead(n: Pick<CallNode, 'name' | 'args'>): string {
  return `${n.name}(${n.args.map(renderArg).join(', ')})`;
}

/** Short Groovy source for a statement, used in messages: `agent {...}`, `sh('make')`, `x = 1`. */
export function renderShort(s: Statement): string {
  if (!isCall(s)) return s.text;
  const head = s.args.length === 0 && s.body !== null ? s.name : renderCallHead(s);
  return s.body === null ? head : `${head} {...}`;
}

/** Groovy source for a closure body, one statement per line (nested blocks indented by 4). */
export function renderBody(body: readonly Statement[], indent = ''): string {
  return body
    .map((s) => {
      if (!isCall(s)) return indent + s.text;
      const head = s.args.length === 0 && s.body !== null ? s.name : renderCallHead(s);
      if (s.body === null) return indent + head;
      return `${indent}${head} {\n${renderBody(s.body, indent + '    ')}\n${indent}}`;
    })
    .join('\n');
}
