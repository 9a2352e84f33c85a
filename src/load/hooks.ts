/**
 * Node module hooks (registered with `module.register`) that load a user's
 * pipeline entry from memory: the TypeScript sources jslc has type-checked
 * and transpiled, and `jslc` itself resolved to the running jslc, wherever the
 * entry lives.
 */
interface HookData {
  readonly modules: Record<string, string>;
  readonly jslc: Record<string, string>;
}

interface ResolveContext {
  readonly parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;
type NextLoad = (url: string, context: unknown) => Promise<unknown>;

let modules = new Map<string, string>();
let jslc: Record<string, string> = {};

export async function initialize(data: HookData): Promise<void> {
  modules = new Map(Object.entries(data.modules));
  jslc = data.jslc;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<unknown> {
  const own = jslc[specifier];
  if (own !== undefined) return { url: own, shortCircuit: true };
  const parent = context.parentURL;
  if (parent !== undefined && modules.has(parent) && (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const base = new URL(specifier, parent).href;
    const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, `${base}/index.ts`];
    const hit = candidates.find((c) => modules.has(c));
    if (hit !== undefined) return { url: hit, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url: string, context: unknown, next: NextLoad): Promise<unknown> {
  const source = modules.get(url);
  if (source !== undefined) return { format: 'module', source, shortCircuit: true };
  return next(url, context);
}
