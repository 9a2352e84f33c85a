/**
 * The generated goModules script's network-fault handling, with the real `go` against a real module proxy: the
 * test's own HTTP server serves the GOPROXY protocol from a module cache's download directory (the layout `go`
 * itself defines for GOPROXY=file://), filled once from the Go module proxy, behind a front that fails as told:
 * - 503 for the first requests: the download is retried with a logged backoff and succeeds;
 * - 503 for ever: it stops after 4 attempts, non-zero, saying so;
 * - 403 (an authentication failure): it is not retried.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { script } from '../src/emit/resources/assets.js';
import { onPath, whenTool } from './support/tools.js';

const go = onPath('go');
const itGo = whenTool('go', go);
const SLOW = 300_000;

let dir: string;
let service: string;
let download: string;

beforeAll(() => {
  if (!go) return;
  dir = mkdtempSync(join(tmpdir(), 'jslc-gomod-retry-'));
  service = join(dir, 'service');
  cpSync('fixtures/go-service', service, { recursive: true });
  writeFileSync(join(dir, 'script.sh'), script('go-modules.sh'));
  // The proxy's content: the fixture's modules, downloaded once from the Go module proxy.
  const seed = join(dir, 'seed');
  execFileSync('go', ['mod', 'download'], { cwd: service, env: { ...process.env, GOMODCACHE: seed, GOFLAGS: '-mod=readonly' }, stdio: 'pipe' });
  download = join(seed, 'cache', 'download');
}, SLOW);

afterAll(() => {
  if (!dir) return;
  execFileSync('chmod', ['-R', 'u+w', dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** A GOPROXY server over `download` that answers `fail(n)` (a status) to request n (from 1), else serves the file. */
async function proxy(fail: (n: number) => number | undefined): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    n += 1;
    const status = fail(n);
    if (status !== undefined) {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`failing on purpose (${status})\n`);
      return;
    }
    const file = normalize(join(download, decodeURIComponent((req.url ?? '/').split('?')[0]!)));
    if (!file.startsWith(download) || !existsSync(file)) {
      res.writeHead(404);
      res.end('not found\n');
      return;
    }
    res.writeHead(200);
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, requests: () => n, close: () => new Promise((ok) => server.close(() => ok())) };
}

/** The script with a fresh module cache and GOPROXY = the test's proxy (asynchronous: the proxy runs in this process). */
function run(proxyUrl: string, name: string): Promise<{ status: number | null; out: string }> {
  return new Promise((ok, fail) => {
    const child = spawn('sh', [join(dir, 'script.sh')], {
      cwd: service,
      env: {
        PATH: process.env['PATH'],
        HOME: dir,
        GOCACHE: join(dir, name, 'build'),
        GOMODCACHE: join(dir, name, 'mod'),
        GOTOOLCHAIN: 'local',
        GOFLAGS: '-mod=readonly',
        GOPROXY: proxyUrl,
        GOSUMDB: 'off',
        JSLC_RETRY_DELAY_S: '1',
        JSLC_VERIFY: 'true',
        JSLC_TIDY_CHECK: 'false',
        JSLC_FORBID_LOCAL_REPLACE: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => ok({ status, out }));
  });
}

itGo(
  'a proxy that answers 503 to its first requests: retried with a logged backoff, then downloaded and verified',
  async () => {
    const p = await proxy((n) => (n <= 2 ? 503 : undefined));
    try {
      const r = await run(p.url, 'flaky');
      expect(r.out).toContain('503 Service Unavailable');
      expect(r.out).toMatch(/go mod download failed with a transient network error \(attempt 1 of 4\): retrying in 1s/);
      expect(r.out).toContain('all modules verified');
      expect(r.status).toBe(0);
    } finally {
      await p.close();
    }
  },
  SLOW,
);

itGo(
  'a proxy that keeps answering 503: 4 attempts with a doubling delay, then a failure that says so',
  async () => {
    const p = await proxy(() => 503);
    try {
      const r = await run(p.url, 'down');
      expect(r.status).not.toBe(0);
      expect(r.out).toContain('attempt 1 of 4): retrying in 1s');
      expect(r.out).toContain('attempt 2 of 4): retrying in 2s');
      expect(r.out).toContain('attempt 3 of 4): retrying in 4s');
      expect(r.out).toContain('go mod download failed (attempt 4 of 4); not retried');
      expect(r.out).not.toContain('all modules verified');
    } finally {
      await p.close();
    }
  },
  SLOW,
);

itGo(
  'a proxy that refuses the credentials (403): not retried',
  async () => {
    const p = await proxy(() => 403);
    try {
      const r = await run(p.url, 'forbidden');
      expect(r.status).not.toBe(0);
      expect(r.out).toContain('403 Forbidden');
      expect(r.out).toContain('go mod download failed (attempt 1 of 4); not retried');
      expect(r.out).not.toContain('retrying in');
    } finally {
      await p.close();
    }
  },
  SLOW,
);
