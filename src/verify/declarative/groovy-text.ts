/**
 * Small helpers over Groovy source text, for the places where the call-tree dumper gives
 * text rather than structure: `environment {}` assignments, `expr` arguments, and the
 * bodies of `script {}` / `expression {}` blocks (which the JSON AST keeps as text).
 * They only need to classify and split expressions, not to evaluate them. They read the
 * text with the lexer the secrets check uses (`../groovy/lexer.ts`).
 *
 * @module
 */
import { scanGroovy } from '../groovy/lexer.js';
import type { Arg, CallNode, Statement } from './tree.js';
import { isCall } from './tree.js';

/**
 * Splits `text` at every top-level occurrence of `sep` (outside comments, string literals of any
 * kind with their GString `${}`, parentheses, brackets and braces). With `sep === '='`, `==`,
 * `!=`, `<=`, `>=`, `=~` and `==~` are not separators.
 */
export function splitTopLevel(text: string, sep: ',' | '+' | '='): string[] {
  const { code } = scanGroovy(text);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === sep) {
      const prev = code[i - 1];
      const next = code[i + 1];
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
  }
  parts.push(text.slice(start));
  return parts;
}

/** The offset of the bracket that closes the one at `open` in the code view, or -1. */
function closingBracket(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A Groovy string literal, classified. */
export interface StringLiteral {
  /** The opening delimiter: `'…'` and `'''…'''` are always constants; `"…"`, `"""…"""`, `/…/` and `$/…/$` are GStrings when they interpolate. */
  readonly quote: "'" | '"' | '/' | '$/';
  /** The value with escapes resolved (meaningful for constants). */
  readonly value: string;
  /** True for a GString with `$` interpolation (a GStringExpression). */
  readonly interpolated: boolean;
}

/** `text` as a single Groovy string literal (of any kind), or undefined when it is anything else. */
export function stringLiteral(text: string): StringLiteral | undefined {
  const t = text.trim();
  const first = scanGroovy(t).strings[0];
  if (first === undefined || first.start !== 0 || first.end !== t.length) return undefined;
  const quote = first.kind === 'slashy' ? '/' : first.kind === 'dollar-slashy' ? '$/' : first.gstring ? '"' : "'";
  return { quote, value: first.text, interpolated: first.interpolations.length > 0 };
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
  if (closingBracket(scanGroovy(t).code, 0) !== t.length - 1) return undefined;
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
  const close = closingBracket(scanGroovy(t).code, open);
  if (close !== t.length - 1) return undefined;
  const inner = t.slice(open + 1, close);
  return { name: m[1]!, args: inner.trim() === '' ? [] : splitTopLevel(inner, ',').map((a) => a.trim()) };
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
