/**
 * The daemonless OCI image builder (assets/oci-image/main.go), run with the real `go run` against a real registry
 * (Debian's docker-registry with basic auth, src/testing/registry.ts): two static binaries of fixtures/oci-builder
 * (linux/amd64, linux/arm64) become one OCI index of two images, read back from the registry (platforms, ELF machine of
 * each layer's binary, /etc/passwd, the CA bundle, labels with the commit time, tar headers); a second build gives
 * the same digest and pushes nothing; a wrong password fails at once without the password in the output; a registry
 * front of the test's own that answers 503 first succeeds after retries, one that keeps failing ends non-zero; and
 * when a Docker engine is there, `docker pull` by digest and `docker run` of the image, a real consumer reading it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readElf } from '../src/runner/image/elf.js';
import { startRegistry, type LocalRegistry } from '../src/testing/registry.js';
import { untar, type TarEntry } from '../src/testing/tar.js';
import { flakyRegistryFront, forwardTo, startFront, type RegistryFront } from '../src/testing/registry-front.js';
import { onPath, whenTool } from './support/tools.js';

const ROOT = resolve(import.meta.dirname, '..');
const BUILDER = join(ROOT, 'assets/oci-image/main.go');
const FIXTURE = join(ROOT, 'fixtures/oci-builder');
const EPOCH = 1700000000; // 2023-11-14T22:13:20Z
const CREATED = '2023-11-14T22:13:20Z';
/** Each test runs `go run` several times; on a loaded machine one run takes seconds. */
const SLOW = 300_000;
const AUTH = { username: 'builder', password: 'pw-Secr3t-oci' };

const ready = onPath('go') && onPath('docker-registry') ? true : undefined;
const it = whenTool('go and docker-registry (the oci-builder tests run; .ci/run installs them)', ready);
const dockerReady = ready && onPath('docker') && dockerInfo() ? true : undefined;
const itDocker = whenTool('a running Docker engine (docker pull/run of the built image)', dockerReady);

function dockerInfo(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

let work: string;
let registry: LocalRegistry;
const bins: Record<string, string> = {};

beforeAll(async () => {
  if (!ready) return;
  work = mkdtempSync(join(tmpdir(), 'jslc-oci-'));
  for (const arch of ['amd64', 'arm64']) {
    bins[arch] = join(work, `app-linux-${arch}`);
    execFileSync('go', ['build', '-trimpath', '-o', bins[arch]!, './hello'], {
      cwd: FIXTURE,
      env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch },
      stdio: 'pipe',
    });
  }
  registry = await startRegistry({ auth: AUTH });
}, SLOW);

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `go run` of the builder (asynchronously: the test's own registry front answers in this process). */
function build(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn('go', ['run', BUILDER, ...args], {
      cwd: work,
      env: {
        ...process.env,
        SOURCE_DATE_EPOCH: String(EPOCH),
        JSLC_REGISTRY_USERNAME: AUTH.username,
        JSLC_REGISTRY_PASSWORD: AUTH.password,
        DOCKER_CONFIG: join(work, 'no-docker-config'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

/**
 * The builder's own exit status: `go run` exits 1 for any failing program and prints `exit status N` last on stderr.
 */
function status(r: Run): number | null {
  if (r.code === 0) return 0;
  const m = /exit status (\d+)\s*$/.exec(r.stderr);
  return m ? Number(m[1]) : r.code;
}

function imageArgs(host: string, repo: string, extra: string[] = []): string[] {
  return [
    '-repository',
    `${host}/${repo}`,
    '-tag',
    '1.0.0,latest',
    '-platform',
    `linux/amd64=${bins['amd64']},linux/arm64=${bins['arm64']}`,
    '-expose',
    '8080',
    '-label',
    'org.opencontainers.image.revision=0123abc',
    '-annotation',
    'org.opencontainers.image.source=https://example.com/hello.git',
    ...extra,
  ];
}

const basic = (): Record<string, string> => ({
  Authorization: 'Basic ' + Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64'),
});

async function blob(repo: string, digest: string): Promise<Buffer> {
  const r = await fetch(`http://${registry.host}/v2/${repo}/blobs/${digest}`, { headers: basic() });
  if (!r.ok) throw new Error(`GET blob ${digest}: ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

interface Manifest {
  config: { digest: string };
  layers: { digest: string; mediaType: string }[];
  annotations?: Record<string, string>;
}
interface IndexBody {
  mediaType: string;
  manifests: { digest: string; mediaType: string; platform: { os: string; architecture: string; variant?: string } }[];
  annotations?: Record<string, string>;
}
interface Config {
  created: string;
  architecture: string;
  os: string;
  variant?: string;
  config: { User: string; Entrypoint: string[]; ExposedPorts: Record<string, object>; Labels: Record<string, string> };
  history: { created: string }[];
}

/**
 * A registry front with token auth (distribution's token spec): a request without the token gets a Bearer challenge
 * naming the front's /token realm, which hands out a token for the right basic credentials; requests with the token
 * are forwarded with the registry's basic credentials.
 */
function bearerFront(target: string, scopes: string[]): Promise<RegistryFront> {
  const token = 'tok-' + Math.random().toString(36).slice(2);
  return startFront((req, res, _count, self) => {
    const url = new URL(req.url ?? '/', `http://${self}`);
    if (url.pathname === '/token') {
      req.resume();
      scopes.push(`${url.searchParams.get('service')} ${url.searchParams.get('scope')}`);
      if (req.headers.authorization !== basic()['Authorization']) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${self}/token",service="jslc-front"` }).end();
      return;
    }
    forwardTo(req, res, target, { ...req.headers, authorization: basic()['Authorization'] });
  });
}

describe('oci-image: the daemonless image builder', () => {
  let digest = '';

  it(
    'pushes an OCI index of one image per platform, read back from the registry',
    async () => {
      const digestFile = join(work, 'image.digest');
      const r = await build(imageArgs(registry.host, 'team/hello', ['-digest-file', digestFile]));
      expect(r.stderr).not.toContain('error');
      expect(r.code).toBe(0);
      const ref = readFileSync(digestFile, 'utf8');
      expect(ref).toMatch(new RegExp(`^${registry.host}/team/hello@sha256:[0-9a-f]{64}\\n$`));
      digest = ref.trim().split('@')[1]!;
      expect(r.stdout).toMatch(/linux\/amd64: manifest sha256:[0-9a-f]{64}/);
      expect(r.stdout).toMatch(/linux\/arm64\/v8: manifest sha256:[0-9a-f]{64}/);
      expect(r.stdout).toContain('pushed 5 blobs and 5 manifests');

      expect(await registry.tags('team/hello')).toEqual(['1.0.0', 'latest']);
      const idx = await registry.manifest('team/hello', '1.0.0');
      expect(idx.digest).toBe(digest);
      expect(idx.mediaType).toBe('application/vnd.oci.image.index.v1+json');
      const body = idx.body as unknown as IndexBody;
      expect(body.mediaType).toBe('application/vnd.oci.image.index.v1+json');
      expect(body.annotations).toEqual({ 'org.opencontainers.image.source': 'https://example.com/hello.git' });
      expect(body.manifests.map((m) => [m.mediaType, m.platform])).toEqual([
        ['application/vnd.oci.image.manifest.v1+json', { os: 'linux', architecture: 'amd64' }],
        ['application/vnd.oci.image.manifest.v1+json', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
      ]);
      expect(r.stdout).toContain(`linux/amd64: manifest ${body.manifests[0]!.digest}`);

      const hostCa = readFileSync('/etc/ssl/certs/ca-certificates.crt');
      const machines: string[] = [];
      for (const m of body.manifests) {
        const man = (await registry.manifest('team/hello', m.digest)).body as unknown as Manifest;
        expect(man.layers.map((l) => l.mediaType)).toEqual(Array(2).fill('application/vnd.oci.image.layer.v1.tar+gzip'));
        const cfg = (await registry.blobJson('team/hello', man.config.digest)) as Config;
        expect([cfg.os, cfg.architecture, cfg.variant]).toEqual([m.platform.os, m.platform.architecture, m.platform.variant]);
        expect(cfg.created).toBe(CREATED);
        expect(cfg.history.map((h) => h.created)).toEqual([CREATED, CREATED]);
        expect(cfg.config.User).toBe('65532');
        expect(cfg.config.Entrypoint).toEqual(['/app']);
        expect(cfg.config.ExposedPorts).toEqual({ '8080/tcp': {} });
        expect(cfg.config.Labels).toEqual({ 'org.opencontainers.image.created': CREATED, 'org.opencontainers.image.revision': '0123abc' });

        const [files, binary] = await Promise.all(man.layers.map(async (l) => untar(gunzipSync(await blob('team/hello', l.digest)))));
        for (const e of [...files!, ...binary!]) {
          expect([e.uid, e.gid, e.uname, e.gname, e.mtime]).toEqual([0, 0, '', '', EPOCH]);
        }
        const names = files!.map((e) => e.name);
        expect(names).toEqual([...names].sort());
        const file = (n: string): TarEntry => files!.find((e) => e.name === n) ?? fail(`${n} missing`);
        expect(file('etc/passwd').data.toString()).toContain('nonroot:x:65532:65532:');
        expect(file('etc/group').data.toString()).toContain('nonroot:x:65532:');
        expect(file('etc/passwd').mode).toBe(0o644);
        expect(file('etc/ssl/certs/ca-certificates.crt').data.equals(hostCa)).toBe(true);
        const app = binary!.find((e) => e.name === 'app') ?? fail('app missing');
        expect(app.mode).toBe(0o755);
        const path = join(work, `from-registry-${m.platform.architecture}`);
        writeFileSync(path, app.data);
        const elf = readElf(path);
        expect(elf?.interpreter).toBeUndefined();
        machines.push(elf?.machine ?? 'no ELF');
      }
      expect(machines).toEqual(['x86-64', 'aarch64']);
    },
    SLOW,
  );

  it(
    'builds the same digest again and pushes nothing',
    async () => {
      expect(digest).not.toBe('');
      const r = await build(imageArgs(registry.host, 'team/hello'));
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toBe(`${registry.host}/team/hello@${digest}`);
      expect(r.stdout).toContain('nothing pushed: the registry already has every blob and manifest');
      expect(r.stdout).not.toMatch(/: pushed/);
    },
    SLOW,
  );

  it(
    'fails at once on a wrong password, naming the registry and never the password',
    async () => {
      const r = await build(imageArgs(registry.host, 'team/denied'), { JSLC_REGISTRY_PASSWORD: 'wrong-Pa55word' });
      expect(status(r)).toBe(3);
      expect(r.stderr).toContain(`registry ${registry.host} refused the credentials (HTTP 401; not retried)`);
      expect(r.stdout + r.stderr).not.toContain('wrong-Pa55word');
      expect(r.stdout + r.stderr).not.toContain('retrying');
      expect(await registry.tags('team/denied')).toEqual([]);
    },
    SLOW,
  );

  it(
    'rejects bad input with the fix, before any push',
    async () => {
      const noEpoch = await build(imageArgs(registry.host, 'team/bad'), { SOURCE_DATE_EPOCH: '' });
      expect(status(noEpoch)).toBe(2);
      expect(noEpoch.stderr).toContain('SOURCE_DATE_EPOCH is not set: set it to the commit time');
      const wrongArch = await build(['-repository', `${registry.host}/team/bad`, '-tag', 'x', '-platform', `linux/arm64=${bins['amd64']}`]);
      expect(status(wrongArch)).toBe(2);
      expect(wrongArch.stderr).toContain('the binary is for EM_X86_64, not arm64 (build it with GOOS=linux GOARCH=arm64)');
      const badTag = await build(['-repository', `${registry.host}/team/bad`, '-tag', 'a b', '-platform', `linux/amd64=${bins['amd64']}`]);
      expect(status(badTag)).toBe(2);
      expect(badTag.stderr).toContain('-tag "a b" is no valid tag');
      expect(await registry.tags('team/bad')).toEqual([]);
    },
    SLOW,
  );

  it(
    'retries a registry front that answers 503 twice, then succeeds',
    async () => {
      const front = await flakyRegistryFront(registry.host, 2);
      try {
        const r = await build(imageArgs(front.host, 'team/flaky'));
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('HTTP 503; retrying in 500ms (attempt 2 of 5)');
        expect(r.stdout).toContain('HTTP 503; retrying in 1s (attempt 3 of 5)');
        expect(r.stdout).not.toContain('attempt 4 of 5');
        expect(front.seen()).toBeGreaterThan(2);
      } finally {
        await front.close();
      }
      expect(await registry.tags('team/flaky')).toEqual(['1.0.0', 'latest']);
    },
    SLOW,
  );

  it(
    'ends non-zero after bounded retries when the front keeps failing',
    async () => {
      const front = await flakyRegistryFront(registry.host, Number.MAX_SAFE_INTEGER);
      try {
        const r = await build(imageArgs(front.host, 'team/down'));
        expect(status(r)).toBe(1);
        expect(r.stdout).toContain('attempt 5 of 5');
        expect(r.stderr).toContain(`GET http://${front.host}/v2/: HTTP 503, still after 5 attempts`);
        expect(front.seen()).toBe(5);
      } finally {
        await front.close();
      }
      expect(await registry.tags('team/down')).toEqual([]);
    },
    SLOW,
  );

  it(
    'takes a Bearer token from the realm the challenge names (token auth)',
    async () => {
      const scopes: string[] = [];
      const f = await bearerFront(registry.host, scopes);
      try {
        const r = await build(imageArgs(f.host, 'team/bearer'));
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(scopes[0]).toBe('jslc-front repository:team/bearer:pull,push');
        const wrong = await build(imageArgs(f.host, 'team/bearer2'), { JSLC_REGISTRY_PASSWORD: 'wrong-Pa55word' });
        expect(status(wrong)).toBe(3);
        expect(wrong.stderr).toContain(`registry ${f.host} refused the credentials (HTTP 401; not retried)`);
        expect(wrong.stdout + wrong.stderr).not.toContain('wrong-Pa55word');
      } finally {
        await f.close();
      }
      expect(await registry.tags('team/bearer')).toEqual(['1.0.0', 'latest']);
      expect(await registry.tags('team/bearer2')).toEqual([]);
    },
    SLOW,
  );

  it(
    'reads credentials from DOCKER_CONFIG, and adds extra files and tzdata',
    async () => {
      const config = join(work, 'docker-config-creds');
      mkdirSync(config, { recursive: true });
      const auth = Buffer.from(`${AUTH.username}:${AUTH.password}`).toString('base64');
      writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [`http://${registry.host}`]: { auth } } }));
      const ui = join(work, 'ui');
      mkdirSync(join(ui, 'css'), { recursive: true });
      writeFileSync(join(ui, 'index.html'), '<h1>hello</h1>\n');
      writeFileSync(join(ui, 'css', 'site.css'), 'h1 {}\n');
      const r = await build(imageArgs(registry.host, 'team/extra', ['-file', `${ui}:/srv/ui`, '-tzdata', '-ca-bundle', 'none']), {
        JSLC_REGISTRY_USERNAME: undefined,
        JSLC_REGISTRY_PASSWORD: undefined,
        DOCKER_CONFIG: config,
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const idx = (await registry.manifest('team/extra', 'latest')).body as unknown as IndexBody;
      const man = (await registry.manifest('team/extra', idx.manifests[0]!.digest)).body as unknown as Manifest;
      const files = untar(gunzipSync(await blob('team/extra', man.layers[0]!.digest)));
      expect(files.map((e) => `${e.name} ${e.mode.toString(8)}`)).toEqual([
        'etc/ 755',
        'etc/group 644',
        'etc/passwd 644',
        'srv/ 755',
        'srv/ui/ 755',
        'srv/ui/css/ 755',
        'srv/ui/css/site.css 644',
        'srv/ui/index.html 644',
        'tmp/ 1777',
        'usr/ 755',
        'usr/share/ 755',
        'usr/share/zoneinfo.zip 644',
      ]);
      const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
      const zip = files.find((e) => e.name === 'usr/share/zoneinfo.zip')!;
      expect(zip.data.equals(readFileSync(join(goroot, 'lib/time/zoneinfo.zip')))).toBe(true);
      const cfg = (await registry.blobJson('team/extra', man.config.digest)) as Config & { config: { Env: string[] } };
      expect(cfg.config.Env).toContain('ZONEINFO=/usr/share/zoneinfo.zip');
      expect(cfg.config.Env.some((e) => e.startsWith('SSL_CERT_FILE='))).toBe(false);
    },
    SLOW,
  );

  it(
    'builds on a base image pinned by digest: its layers first, mounted, its labels and env kept',
    async () => {
      const baseFile = join(work, 'base-marker');
      writeFileSync(baseFile, 'from the base\n');
      const baseRun = await build([
        '-repository',
        `${registry.host}/team/base`,
        '-tag',
        'v1',
        '-platform',
        `linux/amd64=${bins['amd64']},linux/arm64=${bins['arm64']}`,
        '-entrypoint',
        '/base-app',
        '-label',
        'base.label=kept',
        '-file',
        `${baseFile}:/etc/base-marker`,
      ]);
      expect(baseRun.code).toBe(0);
      const baseRef = baseRun.stdout.trim().split('\n').at(-1)!;
      const baseIdx = (await registry.manifest('team/base', 'v1')).body as unknown as IndexBody;

      const tagOnly = await build(imageArgs(registry.host, 'team/onbase', ['-base', `${registry.host}/team/base:v1`]));
      expect(status(tagOnly)).toBe(2);
      expect(tagOnly.stderr).toContain('must be pinned by digest (reproducible)');

      const r = await build(imageArgs(registry.host, 'team/onbase', ['-base', baseRef]));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`base layer sha256:`);
      expect(r.stdout).toMatch(/base layer sha256:[0-9a-f]{12}: mounted from team\/base/);
      const idx = (await registry.manifest('team/onbase', 'latest')).body as unknown as IndexBody;
      expect(idx.manifests.map((m) => m.platform.architecture)).toEqual(['amd64', 'arm64']);
      for (const [i, m] of idx.manifests.entries()) {
        const man = (await registry.manifest('team/onbase', m.digest)).body as unknown as Manifest;
        const baseMan = (await registry.manifest('team/base', baseIdx.manifests[i]!.digest)).body as unknown as Manifest;
        expect(man.layers).toHaveLength(4);
        expect(man.layers.slice(0, 2)).toEqual(baseMan.layers);
        const cfg = (await registry.blobJson('team/onbase', man.config.digest)) as Config & { rootfs: { diff_ids: string[] } };
        const baseCfg = (await registry.blobJson('team/base', baseMan.config.digest)) as Config & { rootfs: { diff_ids: string[] } };
        expect(cfg.rootfs.diff_ids.slice(0, 2)).toEqual(baseCfg.rootfs.diff_ids);
        expect(cfg.history).toHaveLength(4);
        expect(cfg.config.Labels['base.label']).toBe('kept');
        expect(cfg.config.Entrypoint).toEqual(['/app']);
        const baseFiles = untar(gunzipSync(await blob('team/onbase', man.layers[0]!.digest)));
        expect(baseFiles.find((e) => e.name === 'etc/base-marker')?.data.toString()).toBe('from the base\n');
      }
      const again = await build(imageArgs(registry.host, 'team/onbase', ['-base', baseRef]));
      expect(again.stdout).toContain('nothing pushed');
    },
    SLOW,
  );

  itDocker(
    'is pulled by digest and run by Docker for the host platform',
    async () => {
      expect(digest).not.toBe('');
      const ref = `${registry.host}/team/hello@${digest}`;
      const config = join(work, 'docker-config');
      mkdirSync(config, { recursive: true });
      const docker = (args: string[], input?: string): string =>
        execFileSync('docker', ['--config', config, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000 });
      docker(['login', registry.host, '--username', AUTH.username, '--password-stdin'], AUTH.password);
      try {
        docker(['pull', '--platform', 'linux/amd64', ref]);
        expect(docker(['run', '--rm', '--platform', 'linux/amd64', ref]).trim()).toBe('hello from oci-builder linux/amd64 uid=65532 ca=true');
      } finally {
        try {
          docker(['rmi', '--force', ref]);
        } catch {
          // already gone
        }
      }
    },
    SLOW,
  );
});

function fail(message: string): never {
  throw new Error(message);
}
