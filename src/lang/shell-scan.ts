/**
 * A line-based POSIX shell scanner for secrets on command lines: which variables a script expands into the arguments
 * of an external command (what every process listing shows). Shared by `jslc verify`'s secrets check
 * (`verify/secrets.ts`, over the library's Groovy and shell files) and validation (JSLC048, over a script stage's
 * text with the variables its `credentials` bind). Text in, offsets out: no file system, no Groovy.
 */

const isIdStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isId = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** Shell builtins and reserved words: no process, no argv for `ps` to show. */
const BUILTINS = new Set([
  'echo',
  'printf',
  'test',
  '[',
  '[[',
  'export',
  'readonly',
  'local',
  'declare',
  'typeset',
  'read',
  'set',
  'unset',
  'shift',
  ':',
  'true',
  'false',
  'cd',
  'pwd',
  'return',
  'exit',
  'break',
  'continue',
  'trap',
  'wait',
  'umask',
  'getopts',
  'type',
  'hash',
  'alias',
  'unalias',
  'ulimit',
  'let',
]);
const RESERVED_PREFIX = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'fi', 'done', 'esac', 'function']);

/** A secret expanded in a command's arguments. */
export interface ShellFinding {
  /** Offset of the `$` in the script text. */
  readonly offset: number;
  readonly name: string;
  /** The command whose arguments hold it. */
  readonly command: string;
}

interface Word {
  raw: string;
  /** Unquoted literal text, when the word has no expansion (for command names and reserved words). */
  literal: string;
  expansions: { name: string; offset: number }[];
  redirect: boolean;
  assignment: boolean;
  /** Offset of the word in the script text. */
  start: number;
}

/**
 * Shells that run their `-c` argument as a script (`bash -c 'docker login -p "$PASS"'`): the script a secret is
 * expanded in is then that argument's text, scanned as a script of its own. POSIX `sh -c command_string`
 * (IEEE Std 1003.1, Shell and Utilities, "sh"); bash, dash, zsh, ksh and busybox ash take the same option.
 */
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'mksh']);

/** Whether an argument is a short-option cluster holding `c` (`-c`, `-ec`, `-xeuc`), never `--command` or `-o x`. */
function isDashC(arg: string): boolean {
  return /^-[A-Za-z]*c[A-Za-z]*$/.test(arg);
}

/**
 * The script a shell runs with `-c`, among a command's argument literals (the shell's name first): the literal
 * after the first `-c` cluster, or undefined when the command is no shell or has no literal script.
 */
export function dashCScript(command: string, args: readonly string[]): number | undefined {
  if (!SHELLS.has(command.split('/').pop() ?? command)) return undefined;
  const at = args.findIndex(isDashC);
  return at >= 0 && at + 1 < args.length ? at + 1 : undefined;
}

/**
 * Find each secret (a name of `secrets`) expanded into the arguments of an
 * external command: a line-based POSIX shell scanner that knows quoting
 * (`'…'` does not expand, `"…"` does), `\` escapes and line continuations,
 * comments, `;` `&&` `||` `|` `&` and newlines, `$(…)` and backquotes
 * (scanned as commands of their own), `$((…))`, redirections, here-documents
 * and here-strings (stdin, not argv), leading assignments, reserved words,
 * `case` patterns, and shell builtins.
 */
export function scanShell(text: string, secrets: ReadonlySet<string>): ShellFinding[] {
  const findings: ShellFinding[] = [];
  const heredocs: { delim: string; strip: boolean }[] = [];
  let caseDepth = 0;

  function flush(words: Word[], terminator: string): void {
    const ws = words.splice(0);
    if (ws.length === 0) return;
    if (terminator === ')' && caseDepth > 0) return; // a case pattern
    let k = 0;
    while (k < ws.length && RESERVED_PREFIX.has(ws[k]!.literal) && ws[k]!.expansions.length === 0) k++;
    const first = ws[k];
    if (!first) return;
    if (first.literal === 'case') {
      caseDepth++;
      return;
    }
    if (first.literal === 'for' || first.literal === 'select') return;
    while (k < ws.length && (ws[k]!.assignment || ws[k]!.redirect)) k++;
    const args = ws.slice(k).filter((w) => !w.redirect);
    const command = args[0];
    if (!command || BUILTINS.has(command.literal)) return;
    const name = command.literal || command.raw;
    for (const w of args)
      for (const e of w.expansions) if (secrets.has(e.name)) findings.push({ offset: e.offset, name: e.name, command: name.split('/').pop() || name });
    // `bash -c '…'`: the quoted script is shell code of its own, whose commands' arguments count too.
    const inner = dashCScript(
      name,
      args.slice(1).map((w) => (w.expansions.length ? '' : w.literal)),
    );
    const script = inner === undefined ? undefined : args[inner + 1];
    if (script && script.expansions.length === 0) {
      // A word that is one single-quoted string maps its text one to one; anything else reports at the word.
      const plainQuoted = /^'[^']*'$/.test(script.raw);
      for (const f of scanShell(script.literal, secrets)) findings.push({ ...f, offset: plainQuoted ? script.start + 1 + f.offset : script.start });
    }
  }

  /** Skip the bodies of pending here-documents after the newline at `i - 1`; returns the offset after them. */
  function skipHeredocs(i: number): number {
    let k = i;
    while (heredocs.length) {
      const { delim, strip } = heredocs.shift()!;
      for (;;) {
        if (k >= text.length) return k;
        const nl = text.indexOf('\n', k);
        const end = nl < 0 ? text.length : nl;
        const line = text.slice(k, end);
        k = end + 1;
        if ((strip ? line.replace(/^\t+/, '') : line) === delim) break;
      }
    }
    return k;
  }

  /** Scan commands from `i` to the `stop` character (`)` or a backquote) or the end; returns the offset after `stop`. */
  function list(i: number, stop: string | undefined): number {
    const words: Word[] = [];
    let redirectNext = false;
    while (i < text.length) {
      const c = text[i]!;
      if (stop !== undefined && c === stop) {
        flush(words, c);
        return i + 1;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (c === '\\' && text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (c === '#') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
        continue;
      }
      if (c === '\n') {
        flush(words, c);
        i = skipHeredocs(i + 1);
        continue;
      }
      if (';&|()'.includes(c)) {
        flush(words, c);
        if (c === '(' && text[i + 1] === '(') {
          const end = text.indexOf('))', i);
          i = end < 0 ? text.length : end + 2;
          continue;
        }
        i++;
        continue;
      }
      if (c === '<' || c === '>') {
        if (text.startsWith('<<<', i)) {
          i += 3;
        } else if (text.startsWith('<<', i)) {
          let k = i + 2;
          const strip = text[k] === '-';
          if (strip) k++;
          while (text[k] === ' ' || text[k] === '\t') k++;
          const m = /^(?:'([^']*)'|"([^"]*)"|\\?([^\s;&|<>()]+))/.exec(text.slice(k));
          if (m) {
            heredocs.push({ delim: (m[1] ?? m[2] ?? m[3] ?? '').replace(/["'\\]/g, ''), strip });
            i = k + m[0].length;
          } else i = k;
          continue;
        } else {
          i++;
          while (text[i] === '>' || text[i] === '&' || text[i] === '|') i++;
        }
        redirectNext = true;
        continue;
      }
      const [word, end] = readWord(i, stop);
      // `2>file`, `2>&1`: digits directly before a redirection operator.
      if (/^\d+$/.test(word.raw) && (text[end] === '<' || text[end] === '>')) {
        i = end;
        continue;
      }
      word.redirect = redirectNext;
      redirectNext = false;
      if (caseDepth > 0 && word.literal === 'esac' && words.length === 0) caseDepth--;
      words.push(word);
      i = end;
    }
    flush(words, '');
    return i;
  }

  /** One shell word from `i`; returns it and the offset after it. */
  function readWord(i: number, stop: string | undefined): [Word, number] {
    const start = i;
    const w: Word = { raw: '', literal: '', expansions: [], redirect: false, assignment: false, start };
    let quoted = false;
    const expansion = (k: number): number => {
      // At `$`: returns the offset after the expansion.
      const n = text[k + 1];
      if (n === '(' && text[k + 2] === '(') {
        const end = text.indexOf('))', k);
        return end < 0 ? text.length : end + 2;
      }
      if (n === '(') return list(k + 2, ')');
      if (n === '{') {
        const close = text.indexOf('}', k);
        const end = close < 0 ? text.length : close + 1;
        const inner = text.slice(k + 2, end - 1);
        const m = /^[A-Za-z_]\w*/.exec(inner);
        if (m) w.expansions.push({ name: m[0], offset: k });
        // A default or alternative value may expand another variable: ${X:-$PASS}.
        for (const d of inner.slice(m ? m[0].length : 0).matchAll(/\$\{?([A-Za-z_]\w*)/g))
          w.expansions.push({ name: d[1]!, offset: k + 2 + (m ? m[0].length : 0) + d.index });
        return end;
      }
      if (isIdStart(n)) {
        let end = k + 1;
        while (isId(text[end])) end++;
        w.expansions.push({ name: text.slice(k + 1, end), offset: k });
        return end;
      }
      return k + 1;
    };
    while (i < text.length) {
      const c = text[i]!;
      if (c === stop || ' \t\r\n;&|()<>'.includes(c)) break;
      if (c === '\\') {
        if (text[i + 1] !== '\n') w.literal += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        const end = close < 0 ? text.length : close;
        w.literal += text.slice(i + 1, end);
        quoted = true;
        i = end + 1;
        continue;
      }
      if (c === '"') {
        quoted = true;
        i++;
        while (i < text.length && text[i] !== '"') {
          const d = text[i]!;
          if (d === '\\') {
            w.literal += text[i + 1] ?? '';
            i += 2;
          } else if (d === '$') {
            const before = w.expansions.length;
            const end = expansion(i);
            if (end === i + 1 && w.expansions.length === before) w.literal += '$';
            i = end;
          } else if (d === '`') {
            i = list(i + 1, '`');
          } else {
            w.literal += d;
            i++;
          }
        }
        i++;
        continue;
      }
      if (c === '$') {
        const before = w.expansions.length;
        const end = expansion(i);
        if (end === i + 1 && w.expansions.length === before) w.literal += '$';
        i = end;
        continue;
      }
      if (c === '`') {
        i = list(i + 1, '`');
        continue;
      }
      w.literal += c;
      i++;
    }
    w.raw = text.slice(start, i);
    w.assignment = /^[A-Za-z_]\w*\+?=/.test(w.raw);
    if (w.expansions.length && !quoted) w.literal = w.raw;
    return [w, i];
  }

  list(0, undefined);
  return findings;
}
