/**
 * Facts about credentials-binding bindings (`CredentialBindingIR`) that validation, the emitter and the docs share:
 * the variables a binding sets and which of them hold a secret (the value a command line must never carry) rather
 * than a path or an identity. Roles follow the plugin: a key file's or key store's variable is a path to a secret
 * file; a username is an identity (masked only when the credential says so).
 */
import type { CredentialBindingIR } from './types.js';

/** What a binding's variable holds. */
export type BindingRole = 'secret' | 'path' | 'identity';

/** The variables a binding sets, with their roles, in the plugin's parameter order. */
export function bindingVariables(b: CredentialBindingIR): { readonly field: string; readonly name: string; readonly role: BindingRole }[] {
  const v = (field: string, name: string | undefined, role: BindingRole) => (name === undefined ? [] : [{ field, name, role }]);
  switch (b.kind) {
    case 'string':
      return v('variable', b.variable, 'secret');
    case 'file':
      return v('variable', b.variable, 'path');
    case 'usernamePassword':
      return [...v('usernameVariable', b.usernameVariable, 'identity'), ...v('passwordVariable', b.passwordVariable, 'secret')];
    case 'sshUserPrivateKey':
      return [
        ...v('keyFileVariable', b.keyFileVariable, 'path'),
        ...v('usernameVariable', b.usernameVariable, 'identity'),
        ...v('passphraseVariable', b.passphraseVariable, 'secret'),
      ];
    case 'certificate':
      return [
        ...v('keystoreVariable', b.keystoreVariable, 'path'),
        ...v('passwordVariable', b.passwordVariable, 'secret'),
        ...v('aliasVariable', b.aliasVariable, 'identity'),
      ];
  }
}
