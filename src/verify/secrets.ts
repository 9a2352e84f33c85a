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
import { type GroovyScan, type GroovyString, isId, lineStarts, position, scanGroovy } from './groovy/lexer.js';
import { libraryFiles } from './library-files.js';
import { dashCScript, scanShell } from '../lang/shell-scan.js';

export { dashCScript, scanShell, type ShellFinding } from '../lang/shell-scan.js';

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
