import type { Credential, StageSpan } from './types.js';

/**
 * Reading a Jenkins-style build log, for both backends (they print Jenkins' `[Pipeline]` lines) and for the image
 * build's output: splitting chunks into lines, seeing stage starts, masking secrets.
 */

/** Jenkins prints `[Pipeline] { (Name)` when a stage's body starts (prefixed with `[branch] ` inside parallel). */
const STAGE_START = /^(?:\[[^\]]*\] )*\[Pipeline\] \{ \((.*)\)$/;

/**
 * The stage a log line starts, or undefined. Parallel branches print `[Pipeline] { (Branch: name)` before their
 * stage: that line is no stage.
 */
export function stageOfLine(line: string): string | undefined {
  const m = STAGE_START.exec(line);
  return m && !m[1]!.startsWith('Branch: ') ? m[1] : undefined;
}

/** Cuts text arriving in chunks into lines (without `\n` / `\r\n`); call `end()` for the rest. */
export class LineSplitter {
  private rest = '';

  /** @param onLine called with every complete line. */
  constructor(private readonly onLine: (line: string) => void) {}

  /** Feeds a chunk. */
  push(chunk: string): void {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.onLine(p.endsWith('\r') ? p.slice(0, -1) : p);
  }

  /** Flushes a last line without a newline. */
  end(): void {
    if (this.rest !== '') this.onLine(this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest);
    this.rest = '';
  }
}

/** The shortest secret jslc masks itself (shorter ones would mangle ordinary text). Jenkins masks bound secrets anyway. */
export const MIN_MASKED_LENGTH = 4;

/**
 * A function replacing every occurrence of a secret (each line of it, longest first) with `****`: a second line of
 * defence behind Jenkins' own masking of bound credentials.
 */
export function secretMasker(secrets: readonly string[]): (line: string) => string {
  const values = [...new Set(secrets.flatMap((s) => s.split(/\r?\n/)))].filter((s) => s.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
  if (values.length === 0) return (line) => line;
  return (line) => {
    let out = line;
    for (const v of values) out = out.split(v).join('****');
    return out;
  };
}

/**
 * Every secret value of the credentials, for masking the log (user names too: jslc treats them as secret). A private
 * key is masked whole and line by line (a log line never holds more than one of its lines).
 */
export function secretValues(credentials: Readonly<Record<string, Credential>> = {}): string[] {
  return Object.values(credentials).flatMap((c): string[] => {
    switch (c.type) {
      case 'string':
        return [c.secret];
      case 'usernamePassword':
        return [c.username, c.password];
      case 'file':
        return [c.content];
      case 'sshUserPrivateKey':
        return [c.username, c.privateKey, ...keyLines(c.privateKey), ...(c.passphrase ? [c.passphrase] : [])];
      case 'certificate':
        return [c.password, c.keystoreBase64];
    }
  });
}

/** The lines of a PEM/OpenSSH key that carry key material (not its BEGIN/END armour). */
function keyLines(key: string): string[] {
  return key
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 8 && !l.startsWith('-----'));
}

const LINE_PREFIX = /^((?:\[[^\]]*\] )*)\[Pipeline\] /;

/**
 * The spans of every stage (parallel branches too) from the log's lines and the time each arrived. Jenkins prefixes
 * a parallel branch's lines with `[branch] `, so stages open and close per prefix, like nested blocks.
 */
export function stageSpans(lines: readonly string[], times: readonly number[]): StageSpan[] {
  const open = new Map<string, { name: string; startMs: number }[]>();
  const spans: StageSpan[] = [];
  lines.forEach((line, i) => {
    const m = LINE_PREFIX.exec(line);
    if (!m) return;
    const prefix = m[1]!;
    const stack = open.get(prefix) ?? [];
    open.set(prefix, stack);
    const rest = line.slice(m[0].length);
    const start = /^\{ \((.*)\)$/.exec(rest);
    // A parallel branch's `{ (Branch: X)` is closed by a bare `}`, not by `// stage`: it is no stage.
    if (start && !start[1]!.startsWith('Branch: ')) stack.push({ name: start[1]!, startMs: times[i]! });
    else if (rest === '// stage') {
      const s = stack.pop();
      if (s) spans.push({ name: s.name, startMs: s.startMs, endMs: times[i]! });
    }
  });
  return spans.sort((a, b) => a.startMs - b.startMs);
}
