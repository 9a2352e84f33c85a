/**
 * A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8) on 127.0.0.1 with its own storage,
 * optionally behind htpasswd basic auth, and a small client of its HTTP API to check what a pipeline pushed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../runner/net.js';

/** A running registry. */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`, the registry part of an image reference. */
  readonly host: string;
  /** Basic auth credentials, when the registry was started with auth. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Tags of a repository (empty when it does not exist). */
  tags(repository: string): Promise<string[]>;
  /** A manifest by tag or digest, with the digest the registry gives it. */
  manifest(repository: string, reference: string): Promise<{ digest: string; mediaType: string; body: RegistryManifest }>;
  /** A blob as JSON (e.g. an image config). */
  blobJson(repository: string, digest: string): Promise<unknown>;
  /** A blob's bytes (e.g. a layer). */
  blob(repository: string, digest: string): Promise<Buffer>;
  /** Stops the registry and deletes its storage. */
  stop(): Promise<void>;
}

/** The fields of an image manifest the tests read. */
export interface RegistryManifest {
  /** Manifest media type. */
  readonly mediaType?: string;
  /** The image config descriptor. */
  readonly config?: { readonly digest: string; readonly mediaType: string };
  /** Layer descriptors. */
  readonly layers?: readonly { readonly digest: string; readonly mediaType: string }[];
  /** An image index's manifests, each with its platform. */
  readonly manifests?: readonly {
    readonly digest: string;
    readonly mediaType: string;
    readonly platform?: { readonly os: string; readonly architecture: string; readonly variant?: string };
  }[];
  /** Annotations of a manifest or an index. */
  readonly annotations?: Readonly<Record<string, string>>;
}

const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

/** A bcrypt htpasswd line (the registry accepts only bcrypt); the password goes through stdin. */
function htpasswdLine(username: string, password: string): string {
  const r = spawnSync(
    '/usr/bin/python3',
    ['-W', 'ignore', '-c', 'import crypt,sys; print(crypt.crypt(sys.stdin.read(), crypt.mksalt(crypt.METHOD_BLOWFISH)))'],
    {
      input: password,
      encoding: 'utf8',
    },
  );
  const hash = r.stdout.trim();
  if (r.status !== 0 || !hash.startsWith('$2')) throw new Error(`cannot make a bcrypt hash: ${r.stderr}`);
  return `${username}:${hash}\n`;
}

/** Starts `docker-registry serve` on a free port of 127.0.0.1. */
export async function startRegistry(options: { auth?: { username: string; password: string }; binary?: string } = {}): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'jslc-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
  ];
  if (options.auth) {
    writeFileSync(join(dir, 'htpasswd'), htpasswdLine(options.auth.username, options.auth.password), { mode: 0o600 });
    lines.push('auth:', '  htpasswd:', '    realm: jslc-test', `    path: ${join(dir, 'htpasswd')}`);
  }
  writeFileSync(join(dir, 'config.yml'), lines.join('\n') + '\n');
  const child: ChildProcess = spawn(options.binary ?? 'docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const authHeader = options.auth
    ? { Authorization: 'Basic ' + Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64') }
    : undefined;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`http://${host}${path}`, { headers: { ...headers, ...authHeader } });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const r = await get('/v2/');
      if (r.status === 200 || r.status === 401) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`docker-registry did not start: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    ...(options.auth ? { auth: { ...options.auth } } : {}),
    async tags(repository) {
      const r = await get(`/v2/${repository}/tags/list`);
      if (r.status === 404) return [];
      if (!r.ok) throw new Error(`GET tags of ${repository}: ${r.status}`);
      const body = (await r.json()) as { tags: string[] | null };
      return [...(body.tags ?? [])].sort();
    },
    async manifest(repository, reference) {
      const r = await get(`/v2/${repository}/manifests/${reference}`, { Accept: ACCEPT });
      if (!r.ok) throw new Error(`GET manifest ${repository}:${reference}: ${r.status}`);
      return {
        digest: r.headers.get('docker-content-digest') ?? '',
        mediaType: r.headers.get('content-type') ?? '',
        body: (await r.json()) as RegistryManifest,
      };
    },
    async blobJson(repository, digest) {
      const r = await get(`/v2/${repository}/blobs/${digest}`);
      if (!r.ok) throw new Error(`GET blob ${digest}: ${r.status}`);
      return r.json();
    },
    async blob(repository, digest) {
      const r = await get(`/v2/${repository}/blobs/${digest}`);
      if (!r.ok) throw new Error(`GET blob ${digest}: ${r.status}`);
      return Buffer.from(await r.arrayBuffer());
    },
    stop: () =>
      new Promise<void>((ok) => {
        const done = (): void => {
          rmSync(dir, { recursive: true, force: true });
          ok();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill();
      }),
  };
}
