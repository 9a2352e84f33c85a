import type { ScheduledSignStage } from '../../schedule/types.js';
import { call } from '../groovy/expr.js';
import type { VarSpec } from './spec.js';
import { STEP_VAR_BY_KIND } from '../../ir/vars.js';
import { opt, req } from './spec.js';
import { COSIGN_VERSION } from '../../util/tool-versions.js';

export const cosignSign: VarSpec = {
  name: STEP_VAR_BY_KIND.sign,
  summary: 'Sign the pushed image digest with cosign, attest its SBOM and provenance, then verify them.',
  description:
    'Reads the digest reference recorded by containerImage, binds the cosign key (secret file) and its ' +
    'password (secret text, read by cosign from COSIGN_PASSWORD) with withCredentials, signs, and verifies ' +
    'with the public key (given, or derived from the private key). Secrets never reach a command line or ' +
    'a Groovy string. With sbom/provenance, the SPDX 2.3 SBOM and the SLSA provenance v1 statement of the ' +
    "image's Go binaries (made by the library's go-sbom resource from their build info) are attached as signed " +
    'attestations (cosign attest) and verified with the signature.',
  params: [
    req('keyCredentialsId', 'string', 'Secret-file credentials holding the cosign private key.'),
    req('passwordCredentialsId', 'string', 'Secret-text credentials holding the key password.'),
    opt('publicKeyCredentialsId', 'string', null, 'Secret-file credentials holding the public key for verify.'),
    opt('verify', 'boolean', true, 'Verify the signature after signing.'),
    opt('transparencyLog', 'boolean', true, 'Upload to (and verify against) the Rekor transparency log.'),
    opt('digestFile', 'string', 'image-digest.txt', 'File with the image digest reference.'),
    opt('registryCredentialsId', 'string', null, 'Username/password credentials to push the signature with.'),
    opt('registry', 'string', null, 'Registry host to log in to; default: from the digest reference.'),
    opt('cosignVersion', 'string', COSIGN_VERSION, 'The cosign release go run builds when the agent has no cosign on its PATH.'),
    opt('sbom', 'boolean', false, 'Attest an SPDX 2.3 SBOM of the binaries (cosign attest --type spdxjson).'),
    opt('provenance', 'boolean', false, 'Attest a SLSA provenance v1 statement (cosign attest --type slsaprovenance1).'),
    opt('binaries', 'list', [], "The image's Go binaries for the attestations, each 'os/arch=path', e.g. 'linux/amd64=bin/app-linux-amd64'."),
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
          'JSLC_ATTEST_SBOM=' + cfg.sbom,
          'JSLC_ATTEST_PROVENANCE=' + cfg.provenance,
          'JSLC_COSIGN_VERSION=' + cfg.cosignVersion,
      ]
      if (cfg.sbom || cfg.provenance) {
          if (!cfg.binaries) {
              error('cosignSign: sbom and provenance need the Go binaries of the image, binaries: [os/arch=path, ...]')
          }
          String tool = '.jslc/go-sbom/main.go'
          writeFile(file: tool, text: jslcSupport.resource('go-sbom/main.go'))
          env.add('JSLC_SBOM_TOOL=' + tool)
          jslcSupport.addListEnv(env, 'BINARIES', cfg.binaries)
      }
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
      sbom: s.attest.sbom || undefined,
      provenance: s.attest.provenance || undefined,
      binaries: s.attest.sbom || s.attest.provenance ? s.imageBinaries.map((b) => `${b.platform}=${b.path}`) : undefined,
    }),
  ];
}
