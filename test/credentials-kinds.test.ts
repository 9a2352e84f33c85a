/**
 * SSH key and certificate credentials (issue 16, item 2) on jslc's side of the runners: the JCasC the
 * jenkinsfile-runner backend loads (ssh-credentials' basicSSHUserPrivateKey with a direct-entry key, the credentials
 * plugin's certificate with an uploaded key store, as configuration-as-code's demos configure them) reads every
 * secret from a file and holds none; the log masking covers their secrets; `jslc run --credentials` accepts them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jcascPlan } from '../src/runner/jenkinsfile-runner/jcasc.js';
import { secretValues } from '../src/runner/log.js';
import type { Credential } from '../src/runner/types.js';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAMwAAAAtzc2gtZWQyNTUxOQAAACD2\n-----END OPENSSH PRIVATE KEY-----\n';
const STORE = Buffer.from([0x30, 0x82, 0x01, 0xff, 0x00, 0x80, 0xfe]);
const creds: Record<string, Credential> = {
  'git-ssh': { type: 'sshUserPrivateKey', username: 'git', privateKey: KEY, passphrase: 'open sesame', description: 'deploy key' },
  tls: { type: 'certificate', keystoreBase64: STORE.toString('base64'), password: 'store-pass' },
};

test('JCasC: basicSSHUserPrivateKey and certificate read their secrets from files; the YAML holds none', () => {
  const plan = jcascPlan([], creds);
  expect(plan.yaml).toContain('          - basicSSHUserPrivateKey:\n              scope: GLOBAL\n              id: "git-ssh"\n');
  expect(plan.yaml).toMatch(
    /username: "\$\{readFile:[^}]+\}"\n\s+passphrase: "\$\{readFile:[^}]+\}"\n\s+description: "deploy key"\n\s+privateKeySource:\n\s+directEntry:\n\s+privateKey: "\$\{readFile:[^}]+\}"/,
  );
  expect(plan.yaml).toMatch(
    /- certificate:\n\s+scope: GLOBAL\n\s+id: "tls"\n\s+password: "\$\{readFile:[^}]+\}"\n\s+keyStoreSource:\n\s+uploaded:\n\s+uploadedKeystore: "\$\{readFileBase64:[^}]+\}"/,
  );
  for (const secret of ['open sesame', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 'store-pass', STORE.toString('base64')])
    expect(plan.yaml).not.toContain(secret);
  // The key store's bytes go as bytes (read with readFileBase64), not as text.
  const store = plan.secretFiles.find((f) => f.fileName.endsWith('-keystore'));
  expect(Buffer.isBuffer(store?.content) && store.content.equals(STORE)).toBe(true);
  expect(plan.secretFiles.map((f) => f.fileName).sort()).toEqual(['0-passphrase', '0-privateKey', '0-username', '1-keystore', '1-password']);
});

test('log masking covers the key (whole and each line of key material), the passphrase and the key store password', () => {
  const values = secretValues(creds);
  expect(values).toEqual(
    expect.arrayContaining([KEY, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', 'AAAAMwAAAAtzc2gtZWQyNTUxOQAAACD2', 'open sesame', 'store-pass', 'git']),
  );
  expect(values).not.toContain('-----BEGIN OPENSSH PRIVATE KEY-----');
});

test('jslc run --credentials accepts the new kinds and names the fields of each kind when one is wrong', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jslc-creds-'));
  try {
    const file = join(dir, 'creds.json');
    writeFileSync(file, JSON.stringify({ k: { type: 'sshUserPrivateKey', username: 'git' } }));
    writeFileSync(join(dir, 'Jenkinsfile'), "echo 'x'\n");
    const r = spawnSync(process.execPath, ['bin/jslc.js', 'run', join(dir, 'Jenkinsfile'), '--library', 'vars-out', '--credentials', file], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('credential "k" must be');
    expect(r.stderr).toContain(
      '{type: sshUserPrivateKey, username, privateKey, passphrase?, description?} | {type: certificate, keystoreBase64, password, description?}',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
