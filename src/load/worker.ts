/**
 * The thread that imports a user's pipeline entry (see `EntryLoader` in
 * load-entry.ts). The entry's code runs here, never on jslc's main thread,
 * so that a top-level `while (true) {}` or a promise that never settles can
 * be stopped by `Worker.terminate()` when its deadline passes, and jslc still
 * exits with its own message and exit code.
 *
 * Protocol: the main thread posts one `LoadRequest` once the entry has
 * type-checked; this thread answers with one `LoadReply`.
 */
// Loaded before the hooks are registered (static imports run first), while
// the main thread type-checks: the entry's `import 'jslc'` then finds jslc in
// this thread's module cache instead of loading it after the type check.
import '../index.js';
import { register } from 'node:module';
import { MessageChannel, parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/** What the main thread sends: the absolute entry path and the transpiled user modules (file URL → JavaScript). */
export interface LoadRequest {
  readonly entry: string;
  readonly modules: Record<string, string>;
  /** The `kind` the default export must have: a library, or a Jenkinsfile (`jslc jenkinsfile`). */
  readonly expect: 'jslc.library' | 'jslc.jenkinsfile';
}

/** What this thread answers. */
export type LoadReply =
  | { readonly ok: true; readonly lib: unknown }
  | {
      readonly ok: false;
      readonly kind: 'threw' | 'module-not-found' | 'no-default' | 'not-a-library' | 'not-data';
      readonly message: string;
      readonly stack?: string;
    };

process.setSourceMapsEnabled(true);
const hooks = new MessageChannel();
register(new URL('./hooks.js', import.meta.url), {
  data: {
    port: hooks.port2,
    jslc: {
      jslc: new URL('../index.js', import.meta.url).href,
      'jslc/testing': new URL('../testing/index.js', import.meta.url).href,
    },
  },
  transferList: [hooks.port2],
});

async function load(req: LoadRequest): Promise<LoadReply> {
  hooks.port1.postMessage(req.modules);
  hooks.port1.close();
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(req.entry).href)) as { default?: unknown };
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown; stack?: unknown };
    const message = typeof err?.message === 'string' ? err.message : String(e);
    const stack = typeof err?.stack === 'string' ? err.stack : undefined;
    const kind = err?.code === 'ERR_MODULE_NOT_FOUND' ? 'module-not-found' : 'threw';
    return { ok: false, kind, message, ...(stack !== undefined ? { stack } : {}) };
  }
  const lib = mod.default as { kind?: unknown } | undefined;
  if (lib === undefined) return { ok: false, kind: 'no-default', message: '' };
  if (typeof lib !== 'object' || lib === null || lib.kind !== req.expect) return { ok: false, kind: 'not-a-library', message: '' };
  return { ok: true, lib };
}

// Top-level awaits, on purpose: when the entry's own top-level await waits on a
// promise nothing can settle any more, this thread's event loop drains while
// this module is still pending, and Node ends the thread with exit code 13
// (unsettled top-level await), which the main thread reports as such.
const request = await new Promise<LoadRequest>((done) => parentPort!.once('message', done));
const reply = await load(request);
try {
  parentPort!.postMessage(reply);
} catch (e) {
  // The IR is plain data; something the entry put in it is not (a function, a symbol).
  parentPort!.postMessage({ ok: false, kind: 'not-data', message: (e as Error).message } satisfies LoadReply);
}
