import type { LibraryIR, PipelineIR } from '../ir/types.js';
import { captureLocation } from './location.js';
import { sortedEntries } from '../util/sorted.js';

/** Everything `defineLibrary` accepts. */
export interface LibrarySpec {
  /** Library name as registered in Jenkins: `@Library('<name>@<version>') _`. */
  readonly name: string;
  /** One paragraph for the library README. */
  readonly description?: string;
  /** Pipelines by var name (a Groovy identifier such as `goServicePipeline`); emitted in name order. */
  readonly pipelines: { readonly [varName: string]: PipelineIR };
}

/**
 * The library: the default export of an entry file compiled by `jslc build`.
 *
 * @example
 * export default defineLibrary({ name: 'go-cd', pipelines: { goServicePipeline: goPipeline({ ... }) } });
 */
export function defineLibrary(spec: LibrarySpec): LibraryIR {
  const loc = captureLocation();
  return {
    kind: 'jslc.library',
    name: spec.name,
    description: spec.description ?? '',
    pipelines: sortedEntries(spec.pipelines).map(([name, p]) => ({ ...p, name })),
    ...(loc ? { loc } : {}),
  };
}
