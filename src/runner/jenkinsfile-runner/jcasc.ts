/**
 * The JCasC file of a run: the shared libraries as global libraries, trusted or untrusted, the
 * credentials in the system store. Deterministic (libraries in request order, credentials by id).
 *
 * Trusted and untrusted registration, as pipeline-groovy-lib defines them (jenkinsci/pipeline-groovy-lib-plugin
 * 5cc6888, `src/main/java/org/jenkinsci/plugins/workflow/libs/`): `GlobalLibraries` (its `ForJob`
 * resolver's `isTrusted()` is true: the library runs outside the sandbox) and `GlobalUntrustedLibraries`
 * (`isTrusted()` false: the library's code runs in the script-security sandbox, as a folder-level
 * library's does; added in 727.ve832a_9244dfa_, JENKINS-40533). Both are `GlobalConfiguration`s
 * extending `AbstractGlobalLibraries` with a `libraries` list (`setLibraries`), without a `@Symbol`, so
 * JCasC names them by their class name, decapitalised, under `unclassified`: `globalLibraries` and
 * `globalUntrustedLibraries`. (Folder-level `FolderLibraries` is a folder property: configuring it
 * from JCasC needs job-dsl, so jslc uses the global untrusted list, which the sandbox treats alike.)
 *
 * No secret is written into the YAML. Each secret field is its own file in the secrets
 * directory (copied into the container at {@link SECRETS_DIR}), and the YAML references it with
 * JCasC's `${readFile:…}` / `${readFileBase64:…}` interpolation. JCasC resolves
 * variables inside resolved values too, so a secret file holds the secret JCasC-escaped
 * (`${` as `^${`); JCasC unescapes it once, giving back the secret exactly.
 */
import type { Credential, LibrarySource } from '../types.js';
import { SECRETS_DIR, libraryContainerPath } from './paths.js';
import { globalLibraryLines } from '../../jcasc/global-libraries.js';
import { cascEscape, cascReference, cascString } from '../../jcasc/yaml.js';

/** A file of the secrets directory, copied into the container before it starts. */
export interface SecretFile {
  /** The file's name in the secrets directory. */
  readonly fileName: string;
  /** Its content, exactly as JCasC must read it (bytes for binary files such as a key store). */
  readonly content: string | Buffer;
}

/** A library as JCasC registers it. */
export interface JcascLibrary {
  /** The library's name. */
  readonly name: string;
  /** Its default version (a branch or tag); omitted from the YAML when undefined. */
  readonly defaultVersion?: string;
}

/** How the libraries are registered: `trusted` (`globalLibraries`) or `untrusted` (`globalUntrustedLibraries`, sandboxed). */
export type LibraryTrust = 'trusted' | 'untrusted';

/** The JCasC root element (under `unclassified`) of each trust. */
export const LIBRARY_CASC_ROOT: Readonly<Record<LibraryTrust, string>> = {
  trusted: 'globalLibraries',
  untrusted: 'globalUntrustedLibraries',
};

/** The JCasC file and the secret files it reads. */
export interface JcascPlan {
  /** The YAML text of `jenkins.yaml`. */
  readonly yaml: string;
  /** The secret files, copied into the container (mode 0400 in a mode-0700 directory). */
  readonly secretFiles: readonly SecretFile[];
}

/** The library registration lines (under `libraries:`): retrieved with git from its read-only mount. */
function libraryLines(lib: JcascLibrary): string[] {
  return globalLibraryLines(
    { name: lib.name, remote: `file://${libraryContainerPath(lib.name)}`, ...(lib.defaultVersion !== undefined ? { defaultVersion: lib.defaultVersion } : {}) },
    6,
  );
}

/** The credential lines (under `credentials:`) and the secret files they reference. */
function credentialLines(index: number, id: string, cred: Credential): { lines: string[]; files: SecretFile[] } {
  const file = (field: string): string => `${index}-${field}`;
  const ref = (field: string, kind: 'readFile' | 'readFileBase64' = 'readFile'): string => cascReference(kind, `${SECRETS_DIR}/${file(field)}`);
  const head = ['              scope: GLOBAL', `              id: ${cascString(id)}`];
  switch (cred.type) {
    case 'string':
      return {
        lines: ['          - string:', ...head, `              secret: ${ref('secret')}`],
        files: [{ fileName: file('secret'), content: cascEscape(cred.secret) }],
      };
    case 'usernamePassword':
      return {
        lines: ['          - usernamePassword:', ...head, `              username: ${ref('username')}`, `              password: ${ref('password')}`],
        files: [
          { fileName: file('username'), content: cascEscape(cred.username) },
          { fileName: file('password'), content: cascEscape(cred.password) },
        ],
      };
    case 'file':
      return {
        lines: [
          '          - file:',
          ...head,
          `              fileName: ${cascString(cred.fileName)}`,
          `              secretBytes: ${ref('content', 'readFileBase64')}`,
        ],
        // Read as base64, so never interpolated: the content is written as is.
        files: [{ fileName: file('content'), content: cred.content }],
      };
    case 'sshUserPrivateKey':
      // ssh-credentials' BasicSSHUserPrivateKey, as configuration-as-code's demos/credentials configure it.
      return {
        lines: [
          '          - basicSSHUserPrivateKey:',
          ...head,
          `              username: ${ref('username')}`,
          ...(cred.passphrase !== undefined ? [`              passphrase: ${ref('passphrase')}`] : []),
          ...(cred.description !== undefined ? [`              description: ${cascString(cred.description)}`] : []),
          '              privateKeySource:',
          '                directEntry:',
          `                  privateKey: ${ref('privateKey')}`,
        ],
        files: [
          { fileName: file('username'), content: cascEscape(cred.username) },
          ...(cred.passphrase !== undefined ? [{ fileName: file('passphrase'), content: cascEscape(cred.passphrase) }] : []),
          { fileName: file('privateKey'), content: cascEscape(cred.privateKey) },
        ],
      };
    case 'certificate':
      // The credentials plugin's CertificateCredentialsImpl with an uploaded key store (UploadedKeyStoreSource).
      return {
        lines: [
          '          - certificate:',
          ...head,
          `              password: ${ref('password')}`,
          ...(cred.description !== undefined ? [`              description: ${cascString(cred.description)}`] : []),
          '              keyStoreSource:',
          '                uploaded:',
          `                  uploadedKeystore: ${ref('keystore', 'readFileBase64')}`,
        ],
        files: [
          { fileName: file('password'), content: cascEscape(cred.password) },
          // The key store's bytes, read as base64: never interpolated.
          { fileName: file('keystore'), content: Buffer.from(cred.keystoreBase64, 'base64') },
        ],
      };
  }
}

/**
 * Builds the JCasC YAML for the libraries (mounted at `/jslc/libraries/<name>`, retrieved
 * with git from `file://`), registered as `trust` says, and the credentials, and the secret files it reads.
 */
export function jcascPlan(
  libraries: readonly JcascLibrary[],
  credentials: Readonly<Record<string, Credential>> = {},
  trust: LibraryTrust = 'trusted',
): JcascPlan {
  const lines = [
    '# Generated by jslc for the jenkinsfile-runner backend. No secret is written here:',
    '# credentials are read from files when JCasC loads this file.',
  ];
  if (libraries.length > 0) {
    const root = LIBRARY_CASC_ROOT[trust];
    if (root === undefined) throw new Error(`library trust must be trusted or untrusted, got ${JSON.stringify(trust)}`);
    lines.push('unclassified:', `  ${root}:`, '    libraries:', ...libraries.flatMap(libraryLines));
  }
  const ids = Object.keys(credentials).sort();
  const secretFiles: SecretFile[] = [];
  if (ids.length > 0) {
    lines.push('credentials:', '  system:', '    domainCredentials:', '      - credentials:');
    ids.forEach((id, i) => {
      const c = credentialLines(i, id, credentials[id]!);
      lines.push(...c.lines);
      secretFiles.push(...c.files);
    });
  }
  if (libraries.length === 0 && ids.length === 0) lines.push('jenkins: {}');
  return { yaml: lines.join('\n') + '\n', secretFiles };
}

/** The JCasC libraries of a request: each library with its default version (when known). */
export function jcascLibraries(libraries: readonly LibrarySource[], resolvedVersions: ReadonlyMap<string, string> = new Map()): JcascLibrary[] {
  return libraries.map((l) => {
    const v = l.defaultVersion ?? resolvedVersions.get(l.name);
    return v === undefined ? { name: l.name } : { name: l.name, defaultVersion: v };
  });
}
