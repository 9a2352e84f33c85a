/**
 * The script behind the `cosignSign` step var (assets/scripts/cosign-sign.sh), run by the real `sh` against an image
 * the daemonless builder pushed to a real registry with authentication, with the real cosign and go:
 * - with cosign on the agent's PATH it signs, attests the SPDX SBOM and the SLSA provenance made by the go-sbom
 *   resource, and verifies all three with the key's public half;
 * - on an agent that has only Go (no cosign on the PATH) it says so and runs the pinned cosign release with `go run`,
 *   with the same result;
 * - the registry password never appears in its output, and the agent's own Docker config is never written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { cosignBinary } from '../src/runner/image/inputs.js';
import { startRegistry, type LocalRegistry } from '../src/testing/registry.js';
import { COSIGN_VERSION } from '../src/util/tool-versions.js';
import { onPath, whenTool } from './support/tools.js';

const ROOT = resolve(import.meta.dirname, '..');
const SCRIPT = join(ROOT, 'assets/scripts/cosign-sign.sh');
const BUILDER = join(ROOT, 'assets/oci-image/main.go');
const EPOCH = 1700000000;
const SLOW = 900_000;
const AUTH = { username: 'signer', password: 'pw-Script-s3cret' };
const KEY_PASSWORD = 'cosign-pw-Script';

const ready = onPath('go') && onPath('git') && onPath('docker-registry') ? true : undefined;
const it = whenTool('go, git and docker-registry (the cosign-sign script tests run; .ci/run installs them)', ready);

let work: string;
let src: string;
let registry: LocalRegistry;
let cosign: string;
let home: string;

/** The PATH without any directory that holds a cosign: an agent that has only Go (and sh, git, base64). */
function pathWithoutCosign(): string {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((d) => d !== '' && !existsSync(join(d, 'cosign')))
    .join(delimiter);
}

beforeAll(async () => {
  if (!ready) return;
  work = mkdtempSync(join(tmpdir(), 'jslc-cosign-script-'));
  src = join(work, 'src');
  home = join(work, 'home');
  mkdirSync(home);
  cpSync(join(ROOT, 'fixtures/go-service'), src, { recursive: true });
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: src,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_DATE: `@${EPOCH} +0000`, GIT_COMMITTER_DATE: `@${EPOCH} +0000` },
    }).trim();
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'fixture');
  mkdirSync(join(src, 'bin'));
  for (const arch of ['amd64', 'arm64']) {
    execFileSync('go', ['build', '-trimpath', '-o', join(src, 'bin', `app-linux-${arch}`), '.'], {
      cwd: src,
      env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch, GOFLAGS: '-mod=mod' },
      stdio: 'pipe',
    });
  }
  registry = await startRegistry({ auth: AUTH });
  cosign = await cosignBinary();
  execFileSync(cosign, ['generate-key-pair'], { cwd: work, env: { ...process.env, COSIGN_PASSWORD: KEY_PASSWORD }, stdio: 'pipe' });
}, SLOW);

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Pushes a fresh two-platform image (a new tag each time) and returns the digest file the script reads. */
function push(tag: string): string {
  const digestFile = join(src, `digest-${tag}.txt`);
  execFileSync(
    'go',
    [
      'run',
      BUILDER,
      '-repository',
      `${registry.host}/team/app`,
      '-tag',
      tag,
      '-platform',
      `linux/amd64=${join(src, 'bin/app-linux-amd64')},linux/arm64=${join(src, 'bin/app-linux-arm64')}`,
      '-label',
      `org.opencontainers.image.version=${tag}`,
      '-digest-file',
      digestFile,
    ],
    {
      cwd: work,
      env: { ...process.env, SOURCE_DATE_EPOCH: String(EPOCH), JSLC_REGISTRY_USERNAME: AUTH.username, JSLC_REGISTRY_PASSWORD: AUTH.password },
      stdio: 'pipe',
    },
  );
  return digestFile;
}

/** Runs the script as the step var does: in the workspace, with the env withCredentials and withEnv bind. */
function runScript(digestFile: string, path: string): { status: number | null; out: string } {
  const r = spawnSync('sh', [SCRIPT], {
    cwd: src,
    encoding: 'utf8',
    env: {
      PATH: path,
      HOME: home,
      GOPATH: process.env['GOPATH'] ?? join(process.env['HOME'] ?? '/root', 'go'),
      GOCACHE: execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim(),
      GOMODCACHE: execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim(),
      GOFLAGS: '-mod=readonly',
      ...(process.env['GOPROXY'] ? { GOPROXY: process.env['GOPROXY'] } : {}),
      JSLC_DIGEST_FILE: digestFile,
      JSLC_VERIFY: 'true',
      JSLC_TLOG: 'false',
      JSLC_ATTEST_SBOM: 'true',
      JSLC_ATTEST_PROVENANCE: 'true',
      JSLC_COSIGN_VERSION: COSIGN_VERSION,
      JSLC_COSIGN_KEY: join(work, 'cosign.key'),
      COSIGN_PASSWORD: KEY_PASSWORD,
      JSLC_SBOM_TOOL: join(ROOT, 'assets/go-sbom/main.go'),
      JSLC_BINARIES_COUNT: '2',
      JSLC_BINARIES_0: 'linux/amd64=bin/app-linux-amd64',
      JSLC_BINARIES_1: 'linux/arm64=bin/app-linux-arm64',
      JSLC_REGISTRY: registry.host,
      JSLC_REGISTRY_USER: AUTH.username,
      JSLC_REGISTRY_PASSWORD: AUTH.password,
      JOB_URL: 'https://jenkins.example.com/job/app/',
      BUILD_URL: 'https://jenkins.example.com/job/app/7/',
      GIT_URL: 'https://git.example.com/team/app.git',
    },
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The attestation types cosign finds on the host for the digest with the public key. */
function verifiedTypes(ref: string): string[] {
  const config = join(work, 'verify-config');
  mkdirSync(config, { recursive: true });
  execFileSync('sh', ['-c', 'cat > "$1/config.json"', 'sh', config], {
    input: JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64') } } }),
  });
  const env = { ...process.env, DOCKER_CONFIG: config };
  execFileSync(cosign, ['verify', '--key', join(work, 'cosign.pub'), '--insecure-ignore-tlog=true', ref], { env, stdio: 'pipe' });
  const types: string[] = [];
  for (const type of ['spdxjson', 'slsaprovenance1']) {
    const out = execFileSync(cosign, ['verify-attestation', '--key', join(work, 'cosign.pub'), '--insecure-ignore-tlog=true', '--type', type, ref], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const envelope = JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
      predicateType: string;
      subject: { digest: { sha256: string } }[];
    };
    expect(statement.subject[0]!.digest.sha256).toBe(ref.split('@sha256:')[1]);
    types.push(statement.predicateType);
  }
  return types;
}

function expectSignedAndAttested(r: { status: number | null; out: string }, ref: string): void {
  expect(r.out).not.toContain(AUTH.password);
  expect(r.out).not.toContain(KEY_PASSWORD);
  expect(r.status).toBe(0);
  for (const line of [
    `attested the spdx of ${ref}`,
    `attested the provenance of ${ref}`,
    `verified the signature of ${ref}`,
    `verified the SBOM attestation of ${ref}`,
    `verified the provenance attestation of ${ref}`,
  ]) {
    expect(r.out).toContain(line);
  }
  expect(verifiedTypes(ref)).toEqual(['https://spdx.dev/Document', 'https://slsa.dev/provenance/v1']);
  // The login lived in a private DOCKER_CONFIG: the agent's HOME has no Docker config.
  expect(existsSync(join(home, '.docker'))).toBe(false);
}

describe('cosign-sign.sh', () => {
  it(
    'signs, attests and verifies with the cosign on the PATH',
    () => {
      const digestFile = push('1.0.0');
      const ref = execFileSync('head', ['-n', '1', digestFile], { encoding: 'utf8' }).trim();
      const bin = join(work, 'cosign-bin');
      mkdirSync(bin, { recursive: true });
      symlinkSync(cosign, join(bin, 'cosign'));
      const r = runScript(digestFile, [bin, pathWithoutCosign()].join(delimiter));
      expect(r.out).not.toContain('cosign is not on the PATH');
      expectSignedAndAttested(r, ref);
    },
    SLOW,
  );

  it(
    'on an agent with only Go, runs the pinned cosign release with go run and does the same',
    () => {
      const path = pathWithoutCosign();
      expect(readdirSync(dirname(cosign))).toContain('cosign'); // the host has one; the agent's PATH does not
      const digestFile = push('1.0.1');
      const ref = execFileSync('head', ['-n', '1', digestFile], { encoding: 'utf8' }).trim();
      const r = runScript(digestFile, path);
      expect(r.out).toContain(`cosign is not on the PATH: running github.com/sigstore/cosign/v2/cmd/cosign@${COSIGN_VERSION} with go run`);
      expectSignedAndAttested(r, ref);
    },
    SLOW,
  );

  it(
    'fails with the reason when the digest file holds no digest reference',
    () => {
      const r = runScript(join(ROOT, 'package.json'), pathWithoutCosign());
      expect(r.status).not.toBe(0);
      expect(r.out).toContain('does not hold an image digest reference');
    },
    SLOW,
  );
});
