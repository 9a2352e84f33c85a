/** Child processes for the image build: run a command, its output split into lines for a log callback. */
import { spawn } from 'node:child_process';
import { LineSplitter } from '../log.js';

/** Options of {@link runCommand}. */
export interface RunOptions {
  /** Called with each stderr line (and each stdout line when `logStdout`). */
  readonly onLog?: (line: string) => void;
  /** Also send stdout lines to onLog. */
  readonly logStdout?: boolean;
  /** Working directory. */
  readonly cwd?: string;
}

/** Runs a command; resolves with its stdout, rejects with its last stderr lines when it fails. */
export function runCommand(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const tail: string[] = [];
    const err = new LineSplitter((line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      options.onLog?.(line);
    });
    const out = new LineSplitter((line) => options.onLog?.(line));
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (options.logStdout) out.push(c);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => err.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      err.end();
      out.end();
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`));
    });
  });
}
