/**
 * The Configuration as Code (JCasC) entry that registers a shared library in Jenkins:
 * `unclassified.globalLibraries.libraries[]` with a modern SCM git retriever, as the pipeline-groovy-lib plugin's
 * `LibraryConfiguration` and the git plugin's `GitSCMSource` read it. One generator for `jslc jcasc` (a published
 * library) and the jenkinsfile-runner backend (the library mounted into the container).
 */
import { cascString } from './yaml.js';

/** A library as Jenkins registers it. */
export interface GlobalLibrary {
  /** The name `@Library('name@…')` uses. */
  readonly name: string;
  /** The git repository Jenkins retrieves it from (URL, or `file://` path). */
  readonly remote: string;
  /** The version used when a Jenkinsfile names none (a tag or branch). */
  readonly defaultVersion?: string;
  /** The Jenkins credentials id for the repository. */
  readonly credentialsId?: string;
  /** Load it in every pipeline without `@Library`. Default false. */
  readonly implicit?: boolean;
  /** Let Jenkinsfiles pick a version (`@Library('name@v1.2.0')`). Default true. */
  readonly allowVersionOverride?: boolean;
  /** Show the library's changes in the build's changelog. Default false. */
  readonly includeInChangesets?: boolean;
}

/** The lines of one `libraries:` list item, indented by `indent` spaces (the item's `- ` at that column). */
export function globalLibraryLines(lib: GlobalLibrary, indent: number): string[] {
  const p = ' '.repeat(indent);
  const lines = [`${p}- name: ${cascString(lib.name)}`];
  if (lib.defaultVersion !== undefined) lines.push(`${p}  defaultVersion: ${cascString(lib.defaultVersion)}`);
  lines.push(
    `${p}  implicit: ${lib.implicit ?? false}`,
    `${p}  allowVersionOverride: ${lib.allowVersionOverride ?? true}`,
    `${p}  includeInChangesets: ${lib.includeInChangesets ?? false}`,
    `${p}  retriever:`,
    `${p}    modernSCM:`,
    `${p}      scm:`,
    `${p}        git:`,
    `${p}          remote: ${cascString(lib.remote)}`,
  );
  if (lib.credentialsId !== undefined) lines.push(`${p}          credentialsId: ${cascString(lib.credentialsId)}`);
  // Versions may be branches or tags (`@Library('name@v1.2.0')`): discover both.
  lines.push(`${p}          traits:`, `${p}            - gitBranchDiscovery`, `${p}            - gitTagDiscovery`);
  return lines;
}

/** A whole JCasC document registering the libraries. */
export function globalLibrariesYaml(libraries: readonly GlobalLibrary[], header: readonly string[] = []): string {
  return (
    [...header.map((h) => `# ${h}`), 'unclassified:', '  globalLibraries:', '    libraries:', ...libraries.flatMap((l) => globalLibraryLines(l, 6))].join(
      '\n',
    ) + '\n'
  );
}
