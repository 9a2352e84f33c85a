import type { ScheduledSignStage } from '../../schedule/types.js';
import { call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt, req } from './spec.js';

export const cosignSign: VarSpec = {
  name: STEP_VAR_BY_KIND.sign,
  summary: 'Sign the pushed image digest with cosign, then verify the signature.',
  description:
    'Reads the digest reference recorded by containerImage, binds the cosign key (secret file) and its ' +
    'password (secret text, read by cosign from COSIGN_PASSWORD) with withCredentials, signs, and verifies ' +
    'with the public key (given, or derived from the private key). Secrets never reach a command line or ' +
    'a Groovy string.',
  params: [
    req('keyCredentialsId', 'string', 'Secret-file credentials holding the cosign private key.'),
    req('passwordCredentialsId', 'string', 'Secret-text credentials holding the key password.'),
    opt('publicKeyCredentialsId', 'string', null, 'Secret-file credentials holding the public key for verify.'),
    opt('verify', 'boolean', true, 'Verify the signature after signing.'),
    opt('transparencyLog', 'boolean', true, 'Upload to (and verify against) the Rekor transparency log.'),
    opt('digestFile', 'string', 'image-digest.txt', 'File with the image digest reference.'),
    opt('registryCredentialsId', 'string', null, 'Username/password credentials to push the signature with.'),
    opt('registry', 'string', null, 'Registry host to log in to; default: from the digest reference.'),
  ],
  example: "cosignSign(keyCredentialsId: 'cosign-key', passwordCredentialsId: 'cosign-pass')",
  body: (w) =>
    w.code(`
      List creds = [
          file(credentialsId: cfg.keyCredentialsId, variable: 'JSLC_COSIGN_KEY'),
          string(credentialsId: cfg.passwordCredentialsId, variable: 'COSIGN_PASSWORD'),
      ]
      if (cfg.publicKeyCredentialsId) {
          creds.add(file(credentialsId: cfg.publicKeyCredentialsId, variable: 'JSLC_COSIGN_PUBLIC_KEY'))
      }
      List env = [
          'JSLC_DIGEST_FILE=' + cfg.digestFile,
          'JSLC_VERIFY=' + cfg.verify,
          'JSLC_TLOG=' + cfg.transparencyLog,
      ]
      if (cfg.registryCredentialsId) {
          creds.add(usernamePassword(credentialsId: cfg.registryCredentialsId, usernameVariable: 'JSLC_REGISTRY_USER', passwordVariable: 'JSLC_REGISTRY_PASSWORD'))
          env.add('JSLC_REGISTRY=' + (cfg.registry ?: jslcSupport.registryOf(readFile(cfg.digestFile).trim())))
      }
      withCredentials(creds) {
          withEnv(env) {
              sh(label: 'cosign sign', script: jslcSupport.script('cosign-sign.sh'))
          }
      }
    `),
};

/** The `cosignSign` calls a sign stage turns into, each a full line. */
export function cosignSignCalls(s: ScheduledSignStage): string[] {
  const push = s.registryPush;
  return [
    call(cosignSign.name, {
      keyCredentialsId: s.keyCredentialsId,
      passwordCredentialsId: s.passwordCredentialsId,
      publicKeyCredentialsId: s.publicKeyCredentialsId,
      verify: s.verify,
      transparencyLog: s.transparencyLog,
      digestFile: s.digestFile,
      registryCredentialsId: push?.credentialsId,
      registry: push?.registry,
    }),
  ];
}
