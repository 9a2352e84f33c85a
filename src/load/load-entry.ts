import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LibraryIR } from '../ir/types.js';
import type { CheckedEntry } from './typecheck.js';
import type { LoadReply, LoadRequest } from './worker.js';

/** Thrown when an entry cannot be loaded: it throws, exports nothing usable, imports something missing, or never finishes. */
export class EntryError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EntryError';
  }
}

/** Default deadline for loading an entry, in seconds (`--timeout`). */
export const DEFAULT_LOAD_TIMEOUT_S = 60;

type Outcome = { readonly reply: LoadReply } | { readonly exit: number } | { readonly error: unknown };

/**
 * Loads a user's entry in a worker thread (src/load/worker.ts), with a
 * deadline. The entry's code never runs on jslc's main thread, so that
 * `Worker.terminate()` can stop it even in a busy synchronous loop, and jslc
 * then exits with its own message and exit code 1.
 *
 * Create the loader before type-checking: the worker (and its module hooks
 * thread) boot and preload jslc on another core meanwhile. Always `dispose()`.
 */
export class EntryLoader {
  private readonly worker: Worker;
  private readonly outcome: Promise<Outcome>;
  private used = false;

  constructor() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { argv: process.argv.slice(2) });
    // Until `load` waits on it, the worker must not keep jslc alive (e.g. after a type error).
    this.worker.unref();
    this.outcome = new Promise<Outcome>((settle) => {
      this.worker.once('message', (reply: LoadReply) => settle({ reply }));
      this.worker.once('error', (error) => settle({ error }));
      this.worker.once('exit', (exit) => settle({ exit }));
    });
  }

  /** Import the checked entry and return its default export, which must be a `defineLibrary(...)` result. */
  async load(entry: string, checked: CheckedEntry, timeoutS = DEFAULT_LOAD_TIMEOUT_S): Promise<LibraryIR> {
    return (await this.loadDefault(entry, checked, timeoutS, 'jslc.library')) as LibraryIR;
  }

  /** Import the checked entry and return its default export, which must have the `kind` `expect`. */
  async loadDefault(entry: string, checked: CheckedEntry, timeoutS: number, expect: LoadRequest['expect']): Promise<unknown> {
    if (this.used) throw new Error('an EntryLoader loads one entry');
    this.used = true;
    const made = expect === 'jslc.library' ? 'defineLibrary({ ... })' : 'jenkinsfile({ ... })';
    const request: LoadRequest = { entry: resolve(entry), modules: Object.fromEntries(checked.modules), expect };
    this.worker.postMessage(request);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), Math.round(timeoutS * 1000));
    });
    let outcome: Outcome | 'timeout';
    try {
      outcome = await Promise.race([this.outcome, deadline]);
    } finally {
      clearTimeout(timer);
      this.dispose();
    }
    if (outcome === 'timeout') {
      throw new EntryError(`${entry} did not finish loading within ${timeoutS} s (an endless loop or a pending promise at top level?); nothing was written.`);
    }
    if ('exit' in outcome) {
      // Node ends a thread whose top-level await can no longer settle with exit code 13.
      if (outcome.exit === 13) {
        throw new EntryError(
          `${entry} did not finish loading: a top-level await waits on a promise that nothing can settle any more (Node: unsettled top-level await, exit code 13); nothing was written.`,
        );
      }
      throw new EntryError(`${entry} ended the process while loading (process.exit(${outcome.exit})); nothing was written.`);
    }
    if ('error' in outcome) {
      // Thrown outside the import itself: by a callback or an unhandled rejection during loading.
      const e = outcome.error as { message?: unknown };
      throw new EntryError(`${entry} threw while loading: ${typeof e?.message === 'string' ? e.message : String(outcome.error)}`, outcome.error);
    }
    const reply = outcome.reply;
    if (reply.ok) return reply.lib;
    const cause = Object.assign(new Error(reply.message), { stack: reply.stack ?? reply.message });
    switch (reply.kind) {
      case 'module-not-found':
        throw new EntryError(`${entry} imports a module that cannot be found: ${reply.message}`, cause);
      case 'threw':
        throw new EntryError(`${entry} threw while loading: ${reply.message}`, cause);
      case 'no-default':
        throw new EntryError(`${entry} has no default export; end it with: export default ${made}`);
      case 'not-a-library':
        throw new EntryError(`the default export of ${entry} is not a ${expect === 'jslc.library' ? 'library' : 'Jenkinsfile'}; export default ${made}`);
      case 'not-data':
        throw new EntryError(`the default export of ${entry} is not plain data (${reply.message}); build it with ${made} and the jslc builders`, cause);
    }
  }

  /** Stop the worker (idempotent). */
  dispose(): void {
    void this.worker.terminate();
  }
}

/**
 * Import a checked entry in a worker and return its default export, which
 * must be a `defineLibrary(...)` result; give up after `timeoutS` seconds.
 */
export async function loadEntry(entry: string, checked: CheckedEntry, timeoutS = DEFAULT_LOAD_TIMEOUT_S): Promise<LibraryIR> {
  return new EntryLoader().load(entry, checked, timeoutS);
}
