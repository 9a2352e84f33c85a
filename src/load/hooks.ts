import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MessagePort } from 'node:worker_threads';
import type * as Ts from 'typescript';

/**
 * Node module hooks (registered with `module.register`) that load a user's
 * pipeline entry from memory: the TypeScript sources jslc has type-checked
 * and transpiled, and `jslc` itself resolved to the running jslc, wherever the
 * entry lives.
 */
interface HookData {
  /** Receives one message: the modules (file URL → JavaScript), once the entry is type-checked. */
  readonly port: MessagePort;
  readonly jslc: Record<string, string>;
}

interface ResolveContext {
  readonly parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;
type NextLoad = (url: string, context: unknown) => Promise<unknown>;

let modules = new Map<string, string>();
let jslc: Record<string, string> = {};
let ready: Promise<void> = Promise.resolve();

const TS_SOURCE = /\.(?:[cm]?ts)$/;

/** A file URL of a TypeScript source on disk that the type check did not reach (e.g. a computed dynamic import). */
function isStrayTsSource(url: string): boolean {
  return url.startsWith('file:') && TS_SOURCE.test(url) && !url.endsWith('.d.ts') && existsSync(fileURLToPath(url));
}

let typescript: typeof Ts | undefined;

/** Transpile a TypeScript source to ESM as checkEntry does; the compiler is loaded only if one is needed. */
function transpile(url: string): string {
  typescript ??= createRequire(import.meta.url)('typescript') as typeof Ts;
  const ts = typescript;
  return ts.transpileModule(readFileSync(fileURLToPath(url), 'utf8'), {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, esModuleInterop: true },
  }).outputText;
}

export async function initialize(data: HookData): Promise<void> {
  jslc = data.jslc;
  ready = new Promise((done) => {
    data.port.once('message', (m: Record<string, string>) => {
      modules = new Map(Object.entries(m));
      data.port.close();
      done();
    });
    // Closed without the modules (the entry failed to type-check): stop waiting.
    data.port.once('close', () => done());
  });
  // The port must not keep the hooks' thread alive by itself.
  data.port.unref();
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<unknown> {
  await ready;
  const own = jslc[specifier];
  if (own !== undefined) return { url: own, shortCircuit: true };
  const parent = context.parentURL;
  if (parent !== undefined && modules.has(parent) && (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const base = new URL(specifier, parent).href;
    const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, `${base}/index.ts`];
    const hit = candidates.find((c) => modules.has(c));
    if (hit !== undefined) return { url: hit, format: 'module', shortCircuit: true };
  }
  if (parent !== undefined && TS_SOURCE.test(parent) && (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const base = new URL(specifier, parent).href;
    const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, `${base}/index.ts`];
    const hit = candidates.find((c) => c !== base && (modules.has(c) || isStrayTsSource(c)));
    if (hit !== undefined && !existsSync(fileURLToPath(base))) return { url: hit, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url: string, context: unknown, next: NextLoad): Promise<unknown> {
  await ready;
  const source = modules.get(url);
  if (source !== undefined) return { format: 'module', source, shortCircuit: true };
  // A `.ts` source the type check did not reach, such as a workspace package's: transpiled like the others.
  if (isStrayTsSource(url)) return { format: 'module', source: transpile(url), shortCircuit: true };
  return next(url, context);
}
