/**
 * The Groovy lexer of `jslc verify`, shared by the secrets check (`../secrets.ts`, over whole
 * files) and the Declarative check (`../declarative/groovy-text.ts`, over the expression and
 * statement texts of the call tree), so that both read a text the same way.
 *
 * It finds every string literal of a Groovy 2.4 source, of every kind: `'…'`, `"…"`,
 * `'''…'''`, `"""…"""`, slashy `/…/` (where `/` can start one: not after a value, so
 * `6 / 2` is a division) and dollar-slashy `$/…/$`; the escapes of each kind decoded; the
 * GString interpolations `$a.b` and `${…}` (nested braces and nested strings skipped); and
 * comments (`//`, `/* *\/`, a first-line `#!`). It returns the literals and a "code view" of
 * the source, of the same length, in which comments and the insides of string literals are
 * blanked (newlines kept), so that brackets, commas and operators can be searched in code only.
 * `lineStarts` and `position` turn offsets into 1-based lines and columns.
 *
 * It is a lexer, not a parser: it does not check that the source compiles (the `groovy` check
 * does); an unterminated single-line string ends at the end of its line.
 *
 * @module
 */

export interface Interpolation {
  /** Offset of the `$`. */
  readonly start: number;
  /** The expression: `a.b.c` for `$a.b.c`, the text between the braces for `${…}`. */
  readonly expr: string;
}

/** The kinds of Groovy string literal, by delimiter. */
export type StringKind = 'single' | 'double' | 'triple-single' | 'triple-double' | 'slashy' | 'dollar-slashy';

/** A Groovy string literal. */
export interface GroovyString {
  /** Source range, delimiters included. */
  readonly start: number;
  readonly end: number;
  readonly kind: StringKind;
  /** True for the kinds that interpolate (all but `'…'` and `'''…'''`), with or without a `$` in them. */
  readonly gstring: boolean;
  /** The value, escapes decoded; each interpolation is replaced by {@link PLACEHOLDER}. */
  readonly text: string;
  /** Source offset of each character of `text`. */
  readonly offsets: readonly number[];
  readonly interpolations: readonly Interpolation[];
}

export interface GroovyScan {
  /** The source with comments and the insides of string literals replaced by spaces (newlines kept). */
  readonly code: string;
  readonly strings: readonly GroovyString[];
}

/** What stands for each interpolation in {@link GroovyString.text}. */
export const PLACEHOLDER = 'GROOVY_VALUE';
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', s: ' ' };
export const isIdStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
export const isId = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Lexes a Groovy source: every string literal (nested ones included, sorted by start) and the blanked code view. */
export function scanGroovy(src: string): GroovyScan {
  const strings: GroovyString[] = [];
  const code = src.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (code[k] !== '\n') code[k] = ' ';
  };

  /** Lex the string literal at `i` (its opening delimiter); returns the offset after it. */
  function lexString(i: number): number {
    let open: string;
    let close: string;
    let gstring: boolean;
    let kind: 'quoted' | 'slashy' | 'dollar-slashy';
    let stringKind: StringKind;
    if (src.startsWith("'''", i)) [open, close, gstring, kind, stringKind] = ["'''", "'''", false, 'quoted', 'triple-single'];
    else if (src.startsWith('"""', i)) [open, close, gstring, kind, stringKind] = ['"""', '"""', true, 'quoted', 'triple-double'];
    else if (src[i] === "'") [open, close, gstring, kind, stringKind] = ["'", "'", false, 'quoted', 'single'];
    else if (src[i] === '"') [open, close, gstring, kind, stringKind] = ['"', '"', true, 'quoted', 'double'];
    else if (src.startsWith('$/', i)) [open, close, gstring, kind, stringKind] = ['$/', '/$', true, 'dollar-slashy', 'dollar-slashy'];
    else [open, close, gstring, kind, stringKind] = ['/', '/', true, 'slashy', 'slashy'];
    let text = '';
    const offsets: number[] = [];
    const interpolations: Interpolation[] = [];
    let j = i + open.length;
    while (j < src.length) {
      const c = src[j]!;
      if (kind === 'dollar-slashy' && src.startsWith('/$', j) && src[j + 2] !== '$') {
        j += 2;
        break;
      }
      if (kind !== 'dollar-slashy' && src.startsWith(close, j)) {
        j += close.length;
        break;
      }
      if (kind === 'quoted' && close.length === 1 && c === '\n') break; // unterminated: stop at the line end
      if (c === '\\' && kind === 'quoted') {
        const e = src[j + 1] ?? '';
        if (e === '\n') {
          j += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) {
          text += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
          offsets.push(j);
          j += 6;
          continue;
        }
        text += ESCAPES[e] ?? e;
        offsets.push(j);
        j += 2;
        continue;
      }
      if (c === '\\' && kind === 'slashy' && src[j + 1] === '/') {
        text += '/';
        offsets.push(j);
        j += 2;
        continue;
      }
      if (kind === 'dollar-slashy' && c === '$' && (src[j + 1] === '$' || src[j + 1] === '/')) {
        text += src[j + 1];
        offsets.push(j);
        j += 2;
        continue;
      }
      if (gstring && c === '$' && (src[j + 1] === '{' || isIdStart(src[j + 1]))) {
        let end: number;
        let expr: string;
        if (src[j + 1] === '{') {
          end = skipBraced(j + 2);
          expr = src.slice(j + 2, end - 1);
        } else {
          end = j + 1;
          for (;;) {
            while (isId(src[end])) end++;
            if (src[end] === '.' && isIdStart(src[end + 1])) end++;
            else break;
          }
          expr = src.slice(j + 1, end);
        }
        interpolations.push({ start: j, expr });
        text += PLACEHOLDER;
        for (let k = 0; k < PLACEHOLDER.length; k++) offsets.push(j);
        j = end;
        continue;
      }
      text += c;
      offsets.push(j);
      j++;
    }
    offsets.push(j);
    strings.push({ start: i, end: j, kind: stringKind, gstring, text, offsets, interpolations });
    blank(i + open.length, Math.max(i + open.length, j - close.length));
    return j;
  }

  /** From just inside `${`, the offset after the matching `}` (nested braces and strings skipped). */
  function skipBraced(from: number): number {
    let depth = 0;
    let k = from;
    while (k < src.length) {
      const c = src[k]!;
      if (c === "'" || c === '"') {
        k = lexString(k);
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) return k + 1;
        depth--;
      }
      k++;
    }
    return k;
  }

  let i = 0;
  let prev = ''; // last significant code character
  let prevWord = '';
  if (src.startsWith('#!')) {
    const nl = src.indexOf('\n');
    i = nl < 0 ? src.length : nl;
    blank(0, i);
  }
  while (i < src.length) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      const end = nl < 0 ? src.length : nl;
      blank(i, end);
      i = end;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      const end = close < 0 ? src.length : close + 2;
      blank(i, end);
      i = end;
      continue;
    }
    const slashyAllowed = prev === '' || '(,=:[{!&|?;+-*%<>~^'.includes(prev) || ['return', 'case', 'in', 'assert'].includes(prevWord);
    if (c === "'" || c === '"' || (c === '$' && src[i + 1] === '/') || (c === '/' && slashyAllowed && src[i + 1] !== '=')) {
      i = lexString(i);
      prev = '"';
      prevWord = '';
      continue;
    }
    if (!/\s/.test(c)) {
      if (isId(c)) {
        let e = i;
        while (isId(src[e])) e++;
        prevWord = src.slice(i, e);
        prev = 'a';
        i = e;
        continue;
      }
      prev = c;
      prevWord = '';
    }
    i++;
  }
  strings.sort((a, b) => a.start - b.start);
  return { code: code.join(''), strings };
}

/** The offset of the first character of each line of `text`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** The 1-based line and column of `offset`, given the `lineStarts` of its text. */
export function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}
