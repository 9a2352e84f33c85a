/** A cross-process lock file: `open(path, 'wx')` holding the owner's pid; a lock whose pid is gone is stale. */
import { open, readFile, unlink } from 'node:fs/promises';

/** Whether a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link withFileLock}. */
export interface LockOptions {
  /** Give up after this many milliseconds of waiting. Default: 30 minutes. */
  readonly timeoutMs?: number;
  /** Called once when the lock is held by another process. */
  readonly onWait?: (pid: number) => void;
}

/** Takes the lock, removing it when its owner process is gone; resolves with a release function. */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let told = false;
  for (;;) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    // A pid not yet written (an owner between open and write) reads as NaN: wait for it like for a live owner.
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${path} (held by pid ${pid})`);
    if (!told) options.onWait?.(pid);
    told = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Runs `fn` holding the lock file `path`. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(path, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}
