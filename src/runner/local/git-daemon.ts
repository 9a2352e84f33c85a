/**
 * Serves a local git repository over git:// on 127.0.0.1, so that every container of a run (the runner's and its
 * agents', all on the host network) can clone and fetch it by one URL, as Jenkins agents reach a remote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { basename, dirname, resolve } from 'node:path';
import { freePort } from '../net.js';

/** A running `git daemon`. */
export interface GitServer {
  /** The repository's git:// URL. */
  readonly url: string;
  /** Stops the daemon. */
  stop(): Promise<void>;
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const c = createConnection({ host: '127.0.0.1', port }, () => {
      c.destroy();
      ok(true);
    });
    c.on('error', () => ok(false));
  });
}

/** Starts `git daemon` for `repository` (a directory with a .git, or a bare repository). */
export async function serveRepository(repository: string): Promise<GitServer> {
  const repo = resolve(repository);
  const base = dirname(repo);
  const port = await freePort();
  const child: ChildProcess = spawn('git', ['daemon', '--reuseaddr', '--listen=127.0.0.1', `--port=${port}`, '--export-all', `--base-path=${base}`, base], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await accepting(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`git daemon did not start for ${repo}: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `git://127.0.0.1:${port}/${basename(repo)}`,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill();
      }),
  };
}
