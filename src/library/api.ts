/**
 * The library's public API as data (`jslc-api.json` in every generated library): each var a Jenkinsfile may call,
 * with its parameters' names, types, required flags and defaults. `jslc publish` compares it with the previous
 * release's to refuse a breaking change under a minor or patch version.
 */
import type { VarParamType } from '../ir/vars.js';

/** The file's name in the library. */
export const API_FILE = 'jslc-api.json';

/** One parameter of a var. */
export interface ApiParam {
  /** The map key callers pass. */
  readonly name: string;
  /** Its type, as `jslcSupport.checkArgs` checks it. */
  readonly type: VarParamType;
  /** Whether callers must pass it. */
  readonly required: boolean;
  /** The value used when it is omitted (`null`: none). */
  readonly default: unknown;
}

/** One var callers may use. */
export interface ApiVar {
  /** The var's name (`vars/<name>.groovy`). */
  readonly name: string;
  /** A Declarative pipeline or a reusable step. */
  readonly kind: 'pipeline' | 'step';
  /** Its parameters, by name. */
  readonly params: readonly ApiParam[];
}

/** A library's public API. */
export interface LibraryApi {
  /** Format version of this file. */
  readonly apiVersion: 1;
  /** The library's name. */
  readonly library: string;
  /** Its vars, by name. */
  readonly vars: readonly ApiVar[];
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The public API of a library from its vars (internal vars such as `jslcSupport` are not part of it): sorted by name. */
export function libraryApi(library: string, vars: readonly ApiVar[]): LibraryApi {
  return {
    apiVersion: 1,
    library,
    vars: vars
      .map((v) => ({
        name: v.name,
        kind: v.kind,
        params: [...v.params].map((p) => ({ name: p.name, type: p.type, required: p.required, default: p.default })).sort(byName),
      }))
      .sort(byName),
  };
}

/** The API as the file's text (stable: sorted, two-space indented, final newline). */
export function renderApi(api: LibraryApi): string {
  return JSON.stringify(api, null, 2) + '\n';
}

/** Reads an API file's text; throws with the reason when it is not one. */
export function parseApi(text: string, where: string): LibraryApi {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: not JSON (${(e as Error).message})`);
  }
  const d = data as Partial<LibraryApi>;
  if (d?.apiVersion !== 1 || typeof d.library !== 'string' || !Array.isArray(d.vars)) {
    throw new Error(`${where}: not a jslc API file (apiVersion 1 with library and vars)`);
  }
  return d as LibraryApi;
}
