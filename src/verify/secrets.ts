/**
 * The `secrets` check of `jslc verify`: a static, text-based heuristic that
 * finds credential variables leaking out of `withCredentials` /
 * `credentials()` the two usual ways:
 *
 * 1. Groovy string interpolation: `"…${PASS}…"`, `"…$PASS…"`, `"…${env.PASS}…"`
 *    in any Groovy GString (double-quoted, triple-double-quoted, slashy,
 *    dollar-slashy), and `env.PASS` / `PASS` concatenated into the arguments
 *    of an `sh`/`bat`/`powershell`/`pwsh` step. The secret then becomes part
 *    of the script text, which Jenkins writes to disk and may log.
 * 2. A secret expanded in the arguments of an external command in a shell
 *    script (`docker login -p "$PASS"`, `curl -u "$USER:$PASS"`): every
 *    process listing shows it. Checked in literal `sh` scripts and in the
 *    library's `resources/**\/*.sh`. Builtins (`printf`, `echo`, `export`,
 *    `test`, …), assignments, redirections and here-documents are fine, so
 *    `printf '%s' "$PASS" | docker login --password-stdin` passes.
 *
 * See docs/verification.md for exactly what it does and does not catch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnratedFinding } from './finding.js';
import { type GroovyScan, type GroovyString, isId, isIdStart, lineStarts, position, scanGroovy } from './groovy/lexer.js';
import { libraryFiles } from './library-files.js';

export { scanGroovy } from './groovy/lexer.js';
export type { GroovyScan, GroovyString } from './groovy/lexer.js';

/** One finding of the secrets scan (rated by the check, see `./checks.ts`). */
export type SecretsFinding = UnratedFinding<'secrets'>;

/**
 * What a credential variable holds. Only `secret` values are reported in shell
 * command arguments: a username, or the path of a key file, is meant to be
 * passed there (`--username "$USER"`, `--key "$KEY_FILE"`). In Groovy strings
 * every kind is reported: Jenkins masks them all and warns about all of them.
 */
export type CredentialRole = 'secret' | 'identity' | 'path';

/** Credential variables by name. */
export type Credentials = ReadonlyMap<string, CredentialRole>;

// ---------------------------------------------------------------------------
// Credential variables bound by a library.

/** What each binding of the Credentials Binding plugin binds, by parameter name. */
const BINDINGS: Record<string, Record<string, CredentialRole>> = {
  string: { variable: 'secret' },
  usernameColonPassword: { variable: 'secret' },
  file: { variable: 'path' },
  zip: { variable: 'path' },
  dockerCert: { variable: 'path' },
  certificate: { keystoreVariable: 'path', passwordVariable: 'secret', aliasVariable: 'identity' },
  usernamePassword: { usernameVariable: 'identity', passwordVariable: 'secret' },
  sshUserPrivateKey: { keyFileVariable: 'path', passphraseVariable: 'secret', usernameVariable: 'identity' },
};
/** Parameters of `[$class: '…Binding', …]` bindings (e.g. AmazonWebServicesCredentialsBinding). */
const CLASS_BINDING: Record<string, CredentialRole> = {
  variable: 'secret',
  usernameVariable: 'identity',
  passwordVariable: 'secret',
  keyFileVariable: 'path',
  passphraseVariable: 'secret',
  keystoreVariable: 'path',
  aliasVariable: 'identity',
  accessKeyVariable: 'identity',
  secretKeyVariable: 'secret',
};
const RANK: Record<CredentialRole, number> = { path: 0, identity: 1, secret: 2 };

function add(into: Map<string, CredentialRole>, name: string, role: CredentialRole): void {
  const had = into.get(name);
  if (had === undefined || RANK[role] > RANK[had]) into.set(name, role);
}

/**
 * The credential variables a Groovy file binds: the variable names of
 * withCredentials bindings (`string(…, variable: 'X')`, `usernamePassword(…,
 * usernameVariable: 'U', passwordVariable: 'P')`, `sshUserPrivateKey`,
 * `certificate`, `file`, `zip`, `dockerCert`, `usernameColonPassword`,
 * `gitUsernamePassword`, `[$class: '…Binding', …]`), wherever the binding is
 * written (inline or in a list built first), and `NAME = credentials('id')`
 * (Declarative `environment {}`) with `NAME_USR` and `NAME_PSW`.
 */
export function credentialsOf(src: string, scan: GroovyScan = scanGroovy(src), into = new Map<string, CredentialRole>()): Map<string, CredentialRole> {
  const { code, strings } = scan;
  const stringAt = new Map(strings.map((s) => [s.start, s]));
  // Named arguments `key: 'literal'`, by offset.
  const named = new Map<number, { key: string; value: string }>();
  for (const m of code.matchAll(/\b([A-Za-z]\w*)\s*:\s*/g)) {
    const s = stringAt.get(m.index + m[0].length);
    if (s && s.interpolations.length === 0) named.set(m.index, { key: m[1]!, value: s.text });
  }
  // One walk with a stack of open brackets: the call (or `[$class: …]` map) each named argument is in.
  const stack: { fn: string; start: number }[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[') {
      let k = i - 1;
      while (k >= 0 && /\s/.test(code[k]!)) k--;
      let b = k;
      while (b >= 0 && isId(code[b])) b--;
      stack.push({ fn: c === '(' ? code.slice(b + 1, k + 1) : '[', start: i });
      if (c === '(' && code.slice(b + 1, k + 1) === 'gitUsernamePassword') {
        add(into, 'GIT_USERNAME', 'identity');
        add(into, 'GIT_PASSWORD', 'secret');
      }
    } else if (c === ')' || c === ']') stack.pop();
    const arg = named.get(i);
    const top = stack[stack.length - 1];
    if (!arg || !top || !/^[A-Za-z_]\w*$/.test(arg.value)) continue;
    if (top.fn === '[') {
      if (/\$class\s*:/.test(code.slice(top.start, i))) {
        const role = CLASS_BINDING[arg.key];
        if (role) add(into, arg.value, role);
      }
    } else {
      const role = BINDINGS[top.fn]?.[arg.key];
      if (role) add(into, arg.value, role);
    }
  }
  for (const m of code.matchAll(/(?<![\w.$])([A-Za-z_]\w*)\s*=\s*credentials\s*\(/g)) {
    add(into, m[1]!, 'secret');
    add(into, `${m[1]}_USR`, 'identity');
    add(into, `${m[1]}_PSW`, 'secret');
  }
  return into;
}

// ---------------------------------------------------------------------------
// Shell: secrets expanded in the arguments of external commands.

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

// ---------------------------------------------------------------------------
// The check.

/**
 * Steps whose script (first positional or `script:` argument) is checked. `shellScript` is jslc's step var of script
 * stages (`stage.sh`, `stage.make`), which runs its `script:` with `sh`; the name is this check's own copy.
 */
const STEP = /(?<![\w$])(?:[A-Za-z_]\w*\s*\.\s*)?(sh|bat|powershell|pwsh|shellScript)\b(?!\s*[:=])/g;
/** Steps whose script is POSIX shell. */
const SHELL_STEPS = new Set(['sh', 'shellScript']);
/** jslc's step var that runs one command with an exact argv (`runCommand(command: 'bash', args: ['-c', '…'])`). */
const RUN_COMMAND = /(?<![\w$.])runCommand\b(?!\s*[:=])/g;

const groovyMessage = (name: string): string =>
  `secret ${name} is interpolated into a Groovy string; pass it through the environment and read it in a single-quoted sh script`;
const concatMessage = (name: string, step: string): string =>
  `secret ${name} is concatenated into the script of ${step}; pass it through the environment and read it in a single-quoted sh script`;
const shellMessage = (name: string, command: string): string =>
  `secret ${name} is expanded in the arguments of ${command}, where any process listing shows it; pass it on stdin (printf '%s' "$${name}" | ${command} ... --password-stdin), through a file, or with a flag that reads the environment`;

/** Credential names an expression refers to: `NAME`, `env.NAME`, `env['NAME']`, `env."NAME"`. */
function referencesIn(expr: string, creds: Credentials): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  // `(?<!\$\{\s*)`: a `${…}` nested in a string inside the expression is an interpolation of its own, reported by itself.
  const re =
    /(?<![\w.$])(?<!\$\{\s*)env\s*\??\.\s*(?:([A-Za-z_]\w*)|(['"])([A-Za-z_]\w*)\2)|(?<![\w.$])(?<!\$\{\s*)env\s*\[\s*(['"])([A-Za-z_]\w*)\4\s*\]|(?<![\w.$'"])(?<!\$\{\s*)([A-Za-z_]\w*)(?![\w'"])(?!\s*:)/g;
  for (const m of expr.matchAll(re)) {
    const name = m[1] ?? m[3] ?? m[5] ?? m[6]!;
    if (creds.has(name)) out.push({ name, index: m.index });
  }
  return out;
}

/** The top-level comma-separated argument ranges of the code in [from, to). */
function splitArgs(code: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let s = from;
  for (let i = from; i < to; i++) {
    const c = code[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push([s, i]);
      s = i + 1;
    }
  }
  out.push([s, to]);
  return out;
}

/** The argument range of the step call whose name ends at `at`, or undefined when it is not a call. */
function stepArgs(code: string, at: number, stringAt: ReadonlyMap<number, GroovyString>): [number, number] | undefined {
  let i = at;
  while (code[i] === ' ' || code[i] === '\t') i++;
  if (code[i] === '(') {
    let depth = 0;
    for (let k = i; k < code.length; k++) {
      if ('([{'.includes(code[k]!)) depth++;
      else if (')]}'.includes(code[k]!) && --depth === 0) return [i + 1, k];
    }
    return [i + 1, code.length];
  }
  // Command-call syntax: `sh 'script'`, `sh script: '…', label: '…'`, to the end of the statement.
  if (i === at || !/['"$\/A-Za-z_]/.test(code[i] ?? '')) return undefined;
  let depth = 0;
  let k = i;
  for (; k < code.length; k++) {
    const lit = stringAt.get(k);
    if (lit) {
      k = lit.end - 1; // a multi-line literal does not end the statement
      continue;
    }
    const c = code[k]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if ((c === '\n' || c === ';') && depth === 0) break;
  }
  return [i, k];
}

/** Findings of one Groovy file (GStrings, concatenation into steps, literal sh scripts). */
export function checkGroovy(file: string, src: string, creds: Credentials, scan: GroovyScan = scanGroovy(src)): SecretsFinding[] {
  const findings: SecretsFinding[] = [];
  const starts = lineStarts(src);
  const report = (offset: number, message: string): void => {
    findings.push({ file, ...position(starts, offset), check: 'secrets', message });
  };
  const secrets = new Set([...creds].filter(([, r]) => r === 'secret').map(([n]) => n));
  for (const s of scan.strings) {
    for (const ip of s.interpolations) {
      const seen = new Set<string>();
      for (const r of referencesIn(ip.expr, creds)) {
        if (seen.has(r.name)) continue;
        seen.add(r.name);
        report(ip.start, groovyMessage(r.name));
      }
    }
  }
  const { code } = scan;
  const stringAt = new Map(scan.strings.map((s) => [s.start, s]));
  for (const m of code.matchAll(STEP)) {
    const range = stepArgs(code, m.index + m[0].length, stringAt);
    if (!range) continue;
    const step = m[1]!;
    let script: [number, number] | undefined;
    let positional = 0;
    for (const [a, b] of splitArgs(code, range[0], range[1])) {
      const key = /^\s*([A-Za-z_]\w*)\s*:/.exec(code.slice(a, b));
      const value: [number, number] = key ? [a + key[0].length, b] : [a, b];
      if (key ? key[1] === 'script' : positional++ === 0) script = value;
      // In the code view string contents are blank: what remains is code, concatenated with the literals.
      const text = code.slice(value[0], value[1]);
      for (const r of referencesIn(text, creds)) report(value[0] + r.index, concatMessage(r.name, step));
      for (const em of text.matchAll(/(?<![\w.$])env\s*(?:\??\.\s*|\[\s*)(?=['"])/g)) {
        const lit = stringAt.get(value[0] + em.index + em[0].length);
        if (lit && creds.has(lit.text)) report(value[0] + em.index, concatMessage(lit.text, step));
      }
    }
    if (!SHELL_STEPS.has(step) || !script) continue;
    let a = script[0];
    let b = script[1];
    while (a < b && /\s/.test(code[a]!)) a++;
    while (b > a && /\s/.test(code[b - 1]!)) b--;
    const lit = stringAt.get(a);
    if (!lit || lit.end !== b) continue;
    for (const f of scanShell(lit.text, secrets)) report(lit.offsets[f.offset] ?? lit.start, shellMessage(f.name, f.command));
  }
  // `runCommand(command: 'bash', args: ['-c', 'docker login -p "$PASS"'])` (`cmd('bash', ['-c', …])`): a shell script
  // in the argument list.
  for (const m of code.matchAll(RUN_COMMAND)) {
    const range = stepArgs(code, m.index + m[0].length, stringAt);
    if (!range) continue;
    let command: string | undefined;
    let args: GroovyString[] = [];
    for (const [a, b] of splitArgs(code, range[0], range[1])) {
      const key = /^\s*([A-Za-z_]\w*)\s*:\s*/.exec(code.slice(a, b));
      if (!key) continue;
      const from = a + key[0].length;
      if (key[1] === 'command') command = stringAt.get(from)?.text;
      else if (key[1] === 'args' && code[from] === '[') args = scan.strings.filter((x) => x.start > from && x.end <= b);
    }
    if (command === undefined) continue;
    const at = dashCScript(
      command,
      args.map((x) => (x.interpolations.length ? '' : x.text)),
    );
    const lit = at === undefined ? undefined : args[at];
    if (!lit) continue;
    for (const f of scanShell(lit.text, secrets)) report(lit.offsets[f.offset] ?? lit.start, shellMessage(f.name, f.command));
  }
  return findings;
}

/** Findings of one shell script. */
export function checkShell(file: string, text: string, creds: Credentials): SecretsFinding[] {
  const starts = lineStarts(text);
  const secrets = new Set([...creds].filter(([, r]) => r === 'secret').map(([n]) => n));
  return scanShell(text, secrets).map((f) => ({ file, ...position(starts, f.offset), check: 'secrets', message: shellMessage(f.name, f.command) }));
}

/**
 * The `secrets` check over a library directory: credential variables are
 * collected from every `vars/**\/*.groovy` and `src/**\/*.groovy`; each of
 * those files is checked for interpolation, concatenation and literal `sh`
 * scripts, and each `resources/**\/*.sh` for secrets in command arguments.
 */
export function checkSecrets(libDir: string): { findings: SecretsFinding[]; files: number; credentials: Credentials } {
  const groovy = libraryFiles(libDir, ['vars', 'src'], '.groovy');
  const shell = libraryFiles(libDir, ['resources'], '.sh');
  const sources = groovy.map((f) => {
    const src = readFileSync(join(libDir, f), 'utf8');
    return { f, src, scan: scanGroovy(src) };
  });
  const creds = new Map<string, CredentialRole>();
  for (const { src, scan } of sources) credentialsOf(src, scan, creds);
  const findings: SecretsFinding[] = [];
  for (const { f, src, scan } of sources) findings.push(...checkGroovy(f, src, creds, scan));
  for (const f of shell) findings.push(...checkShell(f, readFileSync(join(libDir, f), 'utf8'), creds));
  findings.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line || x.column - y.column));
  return { findings, files: groovy.length, credentials: creds };
}
