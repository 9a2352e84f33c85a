/**
 * The SBOM and provenance generator (assets/go-sbom/main.go), run with the real `go run` on real binaries of
 * fixtures/go-service (linux/amd64 and linux/arm64, built from a git clone so they carry vcs build info):
 * - the SPDX 2.3 document lists the image, each platform binary (its sha256, Go version, build settings), the Go
 *   standard library and every dependency module with the go.sum checksum, and is valid for the SPDX tools'
 *   validator (pyspdxtools, the reference implementation from PyPI; .ci/run installs it);
 * - the SLSA provenance v1 predicate names the builder, the invocation, the source commit and every module;
 * - both are byte for byte the same on a second run;
 * - both are accepted by the real cosign as attestations of an image the daemonless builder pushed to a real registry:
 *   `cosign attest` then `cosign verify-attestation` on the host with the public key, whose statement's subject is the
 *   pushed digest; a wrong public key fails verification.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cosignBinary } from '../src/runner/image/inputs.js';
import { startRegistry, type LocalRegistry } from '../src/testing/registry.js';
import { onPath, whenTool } from './support/tools.js';

const ROOT = resolve(import.meta.dirname, '..');
const SBOM = join(ROOT, 'assets/go-sbom/main.go');
const BUILDER = join(ROOT, 'assets/oci-image/main.go');
const EPOCH = 1700000000;
const SLOW = 600_000;
const AUTH = { username: 'signer', password: 'pw-Sbom-s3cret' };
const PYSPDX = process.env['JSLC_PYSPDXTOOLS'] ?? 'pyspdxtools';

const ready = onPath('go') && onPath('git') && onPath('docker-registry') ? true : undefined;
const it = whenTool('go, git and docker-registry (the go-sbom tests run; .ci/run installs them)', ready);
const spdxReady = ready && onPath(PYSPDX) ? true : undefined;
const itSpdx = whenTool('pyspdxtools (the SPDX validator; .ci/run installs spdx-tools from PyPI)', spdxReady);

let work: string;
let revision: string;
const bins: Record<string, string> = {};

beforeAll(() => {
  if (!ready) return;
  work = mkdtempSync(join(tmpdir(), 'jslc-sbom-'));
  const src = join(work, 'src');
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
  revision = git('rev-parse', 'HEAD');
  for (const arch of ['amd64', 'arm64']) {
    bins[arch] = join(work, `app-linux-${arch}`);
    execFileSync('go', ['build', '-trimpath', '-o', bins[arch]!, '.'], {
      cwd: src,
      env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch, GOFLAGS: '-mod=mod' },
      stdio: 'pipe',
    });
  }
}, SLOW);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function sbom(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('go', ['run', SBOM, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: String(EPOCH) } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const binaryArgs = (): string[] => ['-binary', `linux/amd64=${bins['amd64']}`, '-binary', `linux/arm64=${bins['arm64']}`];
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const h1Hex = (h1: string): string => Buffer.from(h1.replace(/^h1:/, ''), 'base64').toString('hex');

/** The h1: checksum go.sum records for a module's content (not its go.mod). */
function goSum(module: string, version: string): string {
  const line = readFileSync(join(ROOT, 'fixtures/go-service/go.sum'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${module} ${version} `));
  expect(line).toBeDefined();
  return line!.split(' ')[2]!;
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  checksums?: { algorithm: string; checksumValue: string }[];
  externalRefs?: { referenceType: string; referenceLocator: string }[];
  comment?: string;
}

const DIGEST = `sha256:${'ab'.repeat(32)}`;

it(
  'the SPDX 2.3 SBOM lists the image, both binaries with their build info, the standard library and every module with its go.sum checksum',
  () => {
    const r = sbom(['-format', 'spdx', '-name', '127.0.0.1:5000/team/app', '-digest', DIGEST, '-source', 'https://example.com/app.git', ...binaryArgs()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      spdxVersion: string;
      creationInfo: { created: string };
      documentNamespace: string;
      packages: SpdxPackage[];
      relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
    };
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(doc.creationInfo.created).toBe('2023-11-14T22:13:20Z');
    const byId = new Map(doc.packages.map((p) => [p.SPDXID, p]));
    expect(byId.get('SPDXRef-Image')?.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: 'ab'.repeat(32) }]);
    for (const arch of ['amd64', 'arm64']) {
      const b = byId.get(`SPDXRef-Binary-linux-${arch}`)!;
      expect(b.name).toBe('example.com/go-service');
      expect(b.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: sha256(bins[arch]!) }]);
      expect(b.comment).toContain(`GOARCH=${arch}`);
      expect(b.comment).toContain(`vcs.revision=${revision}`);
      expect(b.comment).toContain('vcs.modified=false');
      expect(b.downloadLocation).toBe(`git+https://example.com/app.git@${revision}`);
      expect(doc.relationships).toContainEqual({ spdxElementId: 'SPDXRef-Image', relationshipType: 'CONTAINS', relatedSpdxElement: b.SPDXID });
    }
    const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
    expect(byId.get(`SPDXRef-Go-${goVersion}`)?.externalRefs?.[0]?.referenceLocator).toBe(`pkg:golang/stdlib@${goVersion}`);
    for (const [module, version] of [
      ['github.com/go-chi/chi/v5', 'v5.2.3'],
      ['github.com/google/uuid', 'v1.6.0'],
    ] as const) {
      const m = doc.packages.find((p) => p.name === module)!;
      expect(m.versionInfo).toBe(version);
      expect(m.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: h1Hex(goSum(module, version)) }]);
      expect(m.externalRefs?.[0]?.referenceLocator).toBe(`pkg:golang/${module}@${version}`);
      expect(doc.relationships).toContainEqual({ spdxElementId: 'SPDXRef-Binary-linux-amd64', relationshipType: 'DEPENDS_ON', relatedSpdxElement: m.SPDXID });
    }
    // Deterministic: the same inputs, the same bytes (namespace included).
    expect(
      sbom(['-format', 'spdx', '-name', '127.0.0.1:5000/team/app', '-digest', DIGEST, '-source', 'https://example.com/app.git', ...binaryArgs()]).stdout,
    ).toBe(r.stdout);
  },
  SLOW,
);

itSpdx(
  'the SBOM is a valid SPDX 2.3 document for the SPDX tools',
  () => {
    const file = join(work, 'sbom.spdx.json');
    const r = sbom(['-format', 'spdx', '-name', '127.0.0.1:5000/team/app', '-digest', DIGEST, '-o', file, ...binaryArgs()]);
    expect(r.status).toBe(0);
    const v = spawnSync(PYSPDX, ['--infile', file], { encoding: 'utf8' });
    expect(v.stdout + v.stderr).toBe('');
    expect(v.status).toBe(0);
    // The validator does catch a broken document (so the empty output above means something).
    const broken = join(work, 'broken.spdx.json');
    writeFileSync(broken, readFileSync(file, 'utf8').replace('"SPDXRef-Image"', '"Image"'));
    const b = spawnSync(PYSPDX, ['--infile', broken], { encoding: 'utf8' });
    expect(b.status).not.toBe(0);
  },
  SLOW,
);

it(
  'the SLSA provenance v1 predicate names the builder, the invocation, the source commit, the toolchain and every module',
  () => {
    const args = [
      '-format',
      'provenance',
      '-name',
      '127.0.0.1:5000/team/app',
      '-source',
      'https://example.com/app.git',
      '-revision',
      revision,
      '-builder',
      'https://jenkins.example.com/job/app/',
      '-invocation',
      'https://jenkins.example.com/job/app/7/',
      '-param',
      'branch=main',
      ...binaryArgs(),
    ];
    const r = sbom(args);
    expect(r.stderr).toBe('');
    const p = JSON.parse(r.stdout) as {
      buildDefinition: {
        buildType: string;
        externalParameters: Record<string, string>;
        internalParameters: { platforms: Record<string, { goVersion: string; settings: string[] }> };
        resolvedDependencies: { uri: string; digest?: Record<string, string> }[];
      };
      runDetails: { builder: { id: string }; metadata: { invocationId: string }; byproducts: { name: string; digest: Record<string, string> }[] };
    };
    expect(p.buildDefinition.buildType).toBe('https://jslc.dev/jenkins-pipeline/v1');
    expect(p.buildDefinition.externalParameters).toEqual({ branch: 'main', revision, source: 'https://example.com/app.git' });
    expect(Object.keys(p.buildDefinition.internalParameters.platforms)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(p.buildDefinition.internalParameters.platforms['linux/arm64']!.settings).toContain('GOARCH=arm64');
    expect(p.buildDefinition.resolvedDependencies[0]).toEqual({ uri: `git+https://example.com/app.git@${revision}`, digest: { gitCommit: revision } });
    expect(p.buildDefinition.resolvedDependencies).toContainEqual({
      uri: 'pkg:golang/github.com/google/uuid@v1.6.0',
      digest: { sha256: h1Hex(goSum('github.com/google/uuid', 'v1.6.0')) },
    });
    expect(p.runDetails.builder.id).toBe('https://jenkins.example.com/job/app/');
    expect(p.runDetails.metadata.invocationId).toBe('https://jenkins.example.com/job/app/7/');
    expect(p.runDetails.byproducts.map((b) => b.digest['sha256'])).toEqual([sha256(bins['amd64']!), sha256(bins['arm64']!)]);
    expect(sbom(args).stdout).toBe(r.stdout);
  },
  SLOW,
);

it(
  'bad input is refused with exit 2 and the fix: no binary, a file that is not a Go binary, provenance without a builder',
  () => {
    const none = sbom(['-format', 'spdx', '-name', 'r/app']);
    expect(none.stderr).toContain('go-sbom: at least one -binary os/arch=path is needed');
    expect(none.stderr).toMatch(/exit status 2\s*$/);
    const notGo = join(work, 'not-go');
    writeFileSync(notGo, '#!/bin/sh\n');
    expect(sbom(['-format', 'spdx', '-name', 'r/app', '-binary', `linux/amd64=${notGo}`]).stderr).toContain('has no Go build info');
    expect(sbom(['-format', 'provenance', '-name', 'r/app', ...binaryArgs()]).stderr).toContain('-builder (the Jenkins job URL) is needed for provenance');
  },
  SLOW,
);

describe('as cosign attestations of a pushed image', () => {
  let registry: LocalRegistry;
  let cosign: string;
  let ref: string;
  const password = 'cosign-pw-Attest';

  beforeAll(async () => {
    if (!ready) return;
    registry = await startRegistry({ auth: AUTH });
    cosign = await cosignBinary();
    execFileSync(cosign, ['generate-key-pair'], { cwd: work, env: { ...process.env, COSIGN_PASSWORD: password }, stdio: 'pipe' });
    execFileSync(cosign, ['generate-key-pair', '--output-key-prefix', 'other'], {
      cwd: work,
      env: { ...process.env, COSIGN_PASSWORD: password },
      stdio: 'pipe',
    });
    const digestFile = join(work, 'digest.txt');
    execFileSync(
      'go',
      [
        'run',
        BUILDER,
        '-repository',
        `${registry.host}/team/app`,
        '-tag',
        '1.0.0',
        '-platform',
        `linux/amd64=${bins['amd64']},linux/arm64=${bins['arm64']}`,
        '-digest-file',
        digestFile,
      ],
      {
        cwd: work,
        env: { ...process.env, SOURCE_DATE_EPOCH: String(EPOCH), JSLC_REGISTRY_USERNAME: AUTH.username, JSLC_REGISTRY_PASSWORD: AUTH.password },
        stdio: 'pipe',
      },
    );
    ref = readFileSync(digestFile, 'utf8').trim();
  }, SLOW);

  afterAll(async () => {
    await registry?.stop();
  });

  /** cosign against the test's registry, with its credentials in a private Docker config (never on argv). */
  function cosignRun(args: string[]): { status: number | null; out: string } {
    const config = join(work, 'docker-config');
    mkdirSync(config, { recursive: true });
    writeFileSync(
      join(config, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64') } } }),
    );
    const r = spawnSync(cosign, args, {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, COSIGN_PASSWORD: password, DOCKER_CONFIG: config },
    });
    return { status: r.status, out: r.stdout + r.stderr };
  }

  it(
    'cosign attests both predicates to the pushed digest and verify-attestation accepts them with the public key, not another',
    () => {
      const digest = ref.split('@')[1]!;
      const spdx = join(work, 'att.spdx.json');
      const prov = join(work, 'att.provenance.json');
      expect(sbom(['-format', 'spdx', '-name', ref.split('@')[0]!, '-digest', digest, '-o', spdx, ...binaryArgs()]).status).toBe(0);
      expect(
        sbom(['-format', 'provenance', '-name', ref.split('@')[0]!, '-builder', 'https://jenkins.example.com/job/app/', '-o', prov, ...binaryArgs()]).status,
      ).toBe(0);
      for (const [type, file] of [
        ['spdxjson', spdx],
        ['slsaprovenance1', prov],
      ] as const) {
        const a = cosignRun(['attest', '--yes', '--key', 'cosign.key', '--tlog-upload=false', '--type', type, '--predicate', file, ref]);
        expect(a.out).not.toContain(AUTH.password);
        expect(a.status).toBe(0);
        const v = cosignRun(['verify-attestation', '--key', 'cosign.pub', '--insecure-ignore-tlog=true', '--type', type, ref]);
        expect(v.status).toBe(0);
        const envelope = JSON.parse(v.out.split('\n').find((l) => l.startsWith('{'))!) as { payload: string };
        const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
          subject: { digest: { sha256: string } }[];
          predicateType: string;
          predicate: unknown;
        };
        expect(statement.subject[0]!.digest.sha256).toBe(digest.replace('sha256:', ''));
        expect(statement.predicate).toEqual(JSON.parse(readFileSync(file, 'utf8')));
        const wrong = cosignRun(['verify-attestation', '--key', 'other.pub', '--insecure-ignore-tlog=true', '--type', type, ref]);
        expect(wrong.status).not.toBe(0);
      }
    },
    SLOW,
  );
});
