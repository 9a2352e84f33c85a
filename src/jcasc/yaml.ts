/**
 * YAML scalars for the files JCasC reads. Every user-supplied string goes through
 * {@link cascString}: JCasC-escaped first (so it is never interpolated), then quoted.
 */
import { yamlString } from '../lang/yaml.js';

/**
 * Escapes text for JCasC's variable resolver: every `${` becomes `^${`, which JCasC turns
 * back into a literal `${` instead of resolving a variable, a file or a secret.
 */
export function cascEscape(s: string): string {
  return s.split('${').join('^${');
}

/** A JCasC-escaped, double-quoted YAML scalar for a user-supplied string. */
export function cascString(s: string): string {
  return yamlString(cascEscape(s));
}

/**
 * A double-quoted YAML scalar that JCasC does resolve: only for jslc's own `${readFile:…}`
 * references, whose paths jslc chooses (never user text).
 */
export function cascReference(kind: 'readFile' | 'readFileBase64', path: string): string {
  if (!/^[A-Za-z0-9/._-]+$/.test(path)) throw new Error(`not a safe secret file path: ${path}`);
  return yamlString(`\${${kind}:${path}}`);
}
