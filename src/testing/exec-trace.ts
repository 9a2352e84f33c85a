/**
 * Reading the executor's `--trace-exec` output: `strace -f -e trace=execve -v -xx` of every `sh` step, one file per
 * step. Every string is hex-escaped (`-xx`), so argv and environment come back byte-exact.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One execve call (also a failed one: the arguments were handed to the kernel all the same). */
export interface ExecCall {
  /** The trace file it came from. */
  readonly file: string;
  /** The program path. */
  readonly path: string;
  /** The argument vector, decoded as UTF-8 (invalid sequences as U+FFFD). */
  readonly argv: readonly string[];
  /** The environment, `NAME=value` each (empty when strace did not print it). */
  readonly env: readonly string[];
}

const STRING = /"((?:\\x[0-9a-f]{2})*)"/y;

function decode(hex: string): string {
  return Buffer.from(hex.replace(/\\x/g, ''), 'hex').toString('utf8');
}

/** Parses one `execve(...)` line (or its unfinished first half); undefined for other lines. */
export function parseExecLine(line: string, file = ''): ExecCall | undefined {
  const at = line.indexOf('execve("');
  if (at < 0) return undefined;
  let i = at + 'execve('.length;
  const str = (): string | undefined => {
    STRING.lastIndex = i;
    const m = STRING.exec(line);
    if (!m) return undefined;
    i = STRING.lastIndex;
    return decode(m[1]!);
  };
  const list = (): string[] => {
    const out: string[] = [];
    if (line.startsWith(', [', i)) {
      i += 3;
      while (line[i] === '"') {
        const s = str();
        if (s === undefined) break;
        out.push(s);
        if (line.startsWith(', ', i)) i += 2;
      }
      if (line[i] === ']') i++;
    }
    return out;
  };
  const path = str();
  if (path === undefined) return undefined;
  const argv = list();
  const env = list();
  return { file, path, argv, env };
}

/** Every execve call in a trace directory (WORKSPACE@tmp/exec-trace), file by file in name order. */
export function readExecTrace(dir: string): ExecCall[] {
  if (!existsSync(dir)) return [];
  const out: ExecCall[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.trace'))
    .sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const c = parseExecLine(line, f);
      if (c) out.push(c);
    }
  }
  return out;
}
