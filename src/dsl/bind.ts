import type { CredentialBindingIR } from '../ir/types.js';

/**
 * Credentials bound around one script stage only (credentials-binding's `withCredentials`), not the whole pipeline.
 * Each variable reaches the script through its environment; secrets are masked in the log. Read a secret as
 * `"$NAME"` where a command reads it from stdin, a file or its environment, never as a command-line argument
 * (jslc build rejects that: JSLC048).
 *
 * @example stage.sh({ script: 'printf %s "$REG_PASS" | docker login -u "$REG_USER" --password-stdin registry.example.com',
 *   credentials: [bind.usernamePassword('registry', { usernameVariable: 'REG_USER', passwordVariable: 'REG_PASS' })] })
 */
export const bind = {
  /** Secret text in `variable`. */
  string: (credentialsId: string, variable: string): CredentialBindingIR => ({ kind: 'string', credentialsId, variable }),
  /** A secret file: `variable` holds the path of a temporary copy (deleted after the script). */
  file: (credentialsId: string, variable: string): CredentialBindingIR => ({ kind: 'file', credentialsId, variable }),
  /** Username and password in two variables. */
  usernamePassword: (credentialsId: string, v: { readonly usernameVariable: string; readonly passwordVariable: string }): CredentialBindingIR => ({
    kind: 'usernamePassword',
    credentialsId,
    usernameVariable: v.usernameVariable,
    passwordVariable: v.passwordVariable,
  }),
  /** An SSH private key: `keyFileVariable` holds the key file's path; the user name and passphrase optionally. */
  sshUserPrivateKey: (
    credentialsId: string,
    v: { readonly keyFileVariable: string; readonly usernameVariable?: string; readonly passphraseVariable?: string },
  ): CredentialBindingIR => ({
    kind: 'sshUserPrivateKey',
    credentialsId,
    keyFileVariable: v.keyFileVariable,
    ...(v.usernameVariable !== undefined ? { usernameVariable: v.usernameVariable } : {}),
    ...(v.passphraseVariable !== undefined ? { passphraseVariable: v.passphraseVariable } : {}),
  }),
  /** A certificate: `keystoreVariable` holds the PKCS#12 key store's path; its password and alias optionally. */
  certificate: (
    credentialsId: string,
    v: { readonly keystoreVariable: string; readonly passwordVariable?: string; readonly aliasVariable?: string },
  ): CredentialBindingIR => ({
    kind: 'certificate',
    credentialsId,
    keystoreVariable: v.keystoreVariable,
    ...(v.passwordVariable !== undefined ? { passwordVariable: v.passwordVariable } : {}),
    ...(v.aliasVariable !== undefined ? { aliasVariable: v.aliasVariable } : {}),
  }),
} as const;
