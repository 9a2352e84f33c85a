/**
 * The command table: every jslc command with its synopsis, one-line summary and options. It loads no command's
 * code (each is imported when it runs), so `jslc --version`, `jslc --help` and usage errors stay fast. One file per
 * command beside this one holds its help and its `run` (see `../command.ts`).
 *
 * @module
 */
import type { CommandSpec } from '../command.js';

export type { CommandSpec } from '../command.js';

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const list = { type: 'string', multiple: true } as const;

/** Every command, in the order `jslc --help` lists them. */
export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: 'build',
    synopsis: '<entry.ts>',
    summary: 'type-check, validate and write the library (--out DIR, default vars-out)',
    options: { out: str, verify: bool, 'no-verify': bool, 'skip-verify': bool, timeout: str },
    load: async () => (await import('./build.js')).default,
  },
  {
    name: 'verify',
    synopsis: '<libdir>',
    summary: 'check a library: Groovy 2.4.21, groovy-cps 1.31, CodeNarc, Declarative schema, sandbox, secrets',
    options: { checks: str, format: str },
    load: async () => (await import('./verify.js')).default,
  },
  {
    name: 'check',
    synopsis: '<entry.ts>',
    summary: 'exit 1 when DIR differs from what build would write (drift check for CI)',
    options: { out: str, timeout: str },
    load: async () => (await import('./check.js')).default,
  },
  {
    name: 'graph',
    synopsis: '<entry.ts>',
    summary: "print each pipeline's stage graph as Mermaid",
    options: { pipeline: str, timeout: str },
    load: async () => (await import('./graph.js')).default,
  },
  { name: 'init', synopsis: '[DIR]', summary: 'scaffold a pipeline project', options: {}, load: async () => (await import('./init.js')).default },
  {
    name: 'run',
    synopsis: '<Jenkinsfile>',
    summary: 'run a Jenkinsfile with a library in a container (jslc run --help)',
    options: {
      library: list,
      runner: str,
      workspace: str,
      scm: str,
      param: list,
      env: list,
      credentials: str,
      'agent-image': list,
      timeout: str,
      quiet: bool,
      'library-trust': str,
      'plugins-dir': str,
      'no-plugin-check': bool,
      input: list,
      'params-as-strings': bool,
    },
    load: async () => (await import('./run.js')).default,
  },
  {
    name: 'publish',
    synopsis: '<entry.ts>',
    summary: 'build, verify, commit, tag and push a library release (--repo, --version)',
    options: { repo: str, version: str, branch: str, 'dry-run': bool, timeout: str },
    load: async () => (await import('./publish.js')).default,
  },
  {
    name: 'api-diff',
    synopsis: '<old> <new>',
    summary: 'the API changes between two libraries and the release they need',
    options: {},
    load: async () => (await import('./api-diff.js')).default,
  },
  {
    name: 'jcasc',
    synopsis: '[<libdir>]',
    summary: 'the Configuration as Code entry registering the library (--remote URL)',
    options: { remote: str, name: str, 'default-version': str, 'credentials-id': str, implicit: bool, 'no-version-override': bool, changesets: bool },
    load: async () => (await import('./jcasc.js')).default,
  },
  {
    name: 'api-types',
    synopsis: '<libdir>',
    summary: "typed TypeScript functions for the library's pipeline vars",
    options: { out: str, import: str },
    load: async () => (await import('./api-types.js')).default,
  },
  {
    name: 'jenkinsfile',
    synopsis: '<entry.ts>',
    summary: 'type-check a typed Jenkinsfile and write it',
    options: { out: str, timeout: str },
    load: async () => (await import('./jenkinsfile.js')).default,
  },
];

/** The command named `name`, or undefined. */
export function commandSpec(name: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((c) => c.name === name);
}

/** Every command's name. */
export const COMMAND_NAMES: readonly string[] = COMMAND_SPECS.map((c) => c.name);
