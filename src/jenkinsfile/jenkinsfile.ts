/**
 * Typed Jenkinsfiles: a Jenkinsfile that loads a library and calls one of its pipeline vars, written from TypeScript
 * with the var's own parameter types (the functions `jslc api-types` generates from the library's `jslc-api.json`),
 * rendered with the Groovy-literal escaper. `jslc jenkinsfile` writes it.
 *
 * @example
 * import { jenkinsfile } from 'jslc';
 * import { goServicePipeline } from './go-cd.api.js';
 * export default jenkinsfile({ library: 'go-cd@v1.2.0', call: goServicePipeline({ image: 'registry.example.com/team/app' }) });
 */
import { groovyKey, groovyLiteral, groovyString, type GroovyLiteral } from '../lang/groovy.js';
import { sortedEntries } from '../util/sorted.js';

/** A value a var call passes (what `jslcSupport.checkArgs` accepts). */
export type CallValue = string | number | boolean | readonly (string | number | boolean)[] | { readonly [key: string]: string };

/** A call of pipeline var `name` of library `L`; made by the generated typed functions. */
export interface PipelineCall<L extends string = string> {
  /** Marks the value. */
  readonly kind: 'jslc.pipelineCall';
  /** The library the var belongs to. */
  readonly library: L;
  /** The var. */
  readonly name: string;
  /** The arguments, by parameter name. */
  readonly args: { readonly [param: string]: CallValue | undefined };
}

/**
 * How the Jenkinsfile loads library `L`:
 * - `'go-cd@v1.2.0'`: `@Library('go-cd@v1.2.0') _`, a pinned release (a tag or branch);
 * - `'go-cd'`: `@Library('go-cd') _`, the default version Jenkins configures;
 * - `{ implicit: 'go-cd' }`: no annotation (the library is configured with `implicit: true`);
 * - `{ dynamic: {...} }`: `library identifier: 'go-cd@v1.2.0', retriever: modernSCM(...)`, loaded at run time
 *   from a git repository, without Jenkins configuration.
 */
export type LibraryRef<L extends string> =
  | L
  | `${L}@${string}`
  | { readonly implicit: L }
  | {
      readonly dynamic: {
        /** The library name. */
        readonly name: L;
        /** The version (tag or branch). */
        readonly version: string;
        /** The git repository. */
        readonly remote: string;
        /** Jenkins credentials for the repository. */
        readonly credentialsId?: string;
      };
    };

/** A Jenkinsfile: the library it loads and the pipeline var it calls. */
export interface JenkinsfileSpec<L extends string> {
  /** How the library is loaded; its name must be the call's library. */
  readonly library: LibraryRef<NoInfer<L>>;
  /** The pipeline var call (from a generated typed function). */
  readonly call: PipelineCall<L>;
  /** A comment line at the top. */
  readonly comment?: string;
}

/** A rendered Jenkinsfile. */
export interface Jenkinsfile {
  /** Marks the value (what `jslc jenkinsfile` expects as the default export). */
  readonly kind: 'jslc.jenkinsfile';
  /** The Jenkinsfile's text. */
  readonly text: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Used by the generated typed functions: a call of pipeline var `name` of `library`. */
export function pipelineCall<L extends string>(library: L, name: string, args: PipelineCall['args']): PipelineCall<L> {
  return { kind: 'jslc.pipelineCall', library, name, args };
}

function libraryLines<L extends string>(ref: LibraryRef<L>, library: L): string[] {
  if (typeof ref === 'string') {
    const name = ref.includes('@') ? ref.slice(0, ref.indexOf('@')) : ref;
    if (name !== library) throw new Error(`jenkinsfile: library ${JSON.stringify(ref)} is not ${library}, the library of the call`);
    return [`@Library(${groovyString(ref)}) _`];
  }
  if ('implicit' in ref) {
    if (ref.implicit !== library) throw new Error(`jenkinsfile: implicit library ${ref.implicit} is not ${library}`);
    return [`// ${library} is loaded implicitly (a global library with implicit: true).`];
  }
  const d = ref.dynamic;
  if (d.name !== library) throw new Error(`jenkinsfile: dynamic library ${d.name} is not ${library}`);
  const scm = [`$class: 'GitSCMSource'`, `remote: ${groovyString(d.remote)}`, ...(d.credentialsId ? [`credentialsId: ${groovyString(d.credentialsId)}`] : [])];
  return [`library(identifier: ${groovyString(`${d.name}@${d.version}`)}, retriever: modernSCM([${scm.join(', ')}]))`];
}

/** Renders a Jenkinsfile. Argument keys are sorted, so equal calls give byte-identical files. */
export function jenkinsfile<L extends string>(spec: JenkinsfileSpec<L>): Jenkinsfile {
  const { call } = spec;
  if (!IDENT.test(call.name)) throw new Error(`jenkinsfile: ${JSON.stringify(call.name)} is not a var name`);
  const args = sortedEntries(call.args)
    .filter((e): e is [string, CallValue] => e[1] !== undefined)
    .map(([k, v]) => `${groovyKey(k)}: ${groovyLiteral(v as GroovyLiteral)}`);
  const lines = [
    ...(spec.comment !== undefined ? [`// ${spec.comment.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`] : []),
    ...libraryLines(spec.library, call.library),
    '',
    `${call.name}(${args.join(', ')})`,
  ];
  return { kind: 'jslc.jenkinsfile', text: lines.join('\n') + '\n' };
}
