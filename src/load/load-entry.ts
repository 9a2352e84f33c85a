import { register } from 'node:module';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LibraryIR } from '../ir/types.js';
import type { CheckedEntry } from './typecheck.js';

/** Thrown when an entry cannot be loaded: it throws, exports nothing usable, or imports something missing. */
export class EntryError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EntryError';
  }
}

let port: MessagePort | undefined;
let loaded = false;

/**
 * Start the module hooks' thread now, so that it boots on another core while
 * the main thread type-checks; `loadEntry` hands it the modules later. Called
 * by `loadEntry` if nobody called it before.
 */
export function prepareLoader(): void {
  if (port) return;
  const channel = new MessageChannel();
  port = channel.port1;
  register(new URL('./hooks.js', import.meta.url), {
    data: {
      port: channel.port2,
      jslc: {
        jslc: new URL('../index.js', import.meta.url).href,
        'jslc/testing': new URL('../testing/index.js', import.meta.url).href,
      },
    },
    transferList: [channel.port2],
  });
}

/** Import a checked entry and return its default export, which must be a `defineLibrary(...)` result. */
export async function loadEntry(entry: string, checked: CheckedEntry): Promise<LibraryIR> {
  if (loaded) throw new Error('loadEntry can load one entry per process');
  loaded = true;
  process.setSourceMapsEnabled(true);
  prepareLoader();
  port!.postMessage(Object.fromEntries(checked.modules));
  port!.close();
  const url = pathToFileURL(resolve(entry)).href;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'ERR_MODULE_NOT_FOUND') throw new EntryError(`${entry} imports a module that cannot be found: ${err.message ?? ''}`, e);
    throw new EntryError(`${entry} threw while loading: ${err.message ?? String(e)}`, e);
  }
  const lib = mod.default as Partial<LibraryIR> | undefined;
  if (lib === undefined) throw new EntryError(`${entry} has no default export; end it with: export default defineLibrary({ ... })`);
  if (typeof lib !== 'object' || lib === null || lib.kind !== 'jslc.library') {
    throw new EntryError(`the default export of ${entry} is not a library; export default defineLibrary({ ... })`);
  }
  return lib as LibraryIR;
}
