/**
 * The generated goModules script with the real `go` and the Go module proxy: `go mod download` runs only when
 * go.mod or go.sum changed since the last download into the same module cache. A recorder on the PATH in front of
 * the real `go` writes down each go command line (the real go still does the work).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { script } from '../src/emit/resources/assets.js';
import { onPath, whenTool } from './support/tools.js';

const go = onPath('go');
const itGo = whenTool('go', go);

describe('goModules: download only when go.mod/go.sum changed', () => {
  let dir: string;
  let service: string;
  let calls: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jslc-gomod-'));
    service = join(dir, 'service');
    cpSync('fixtures/go-service', service, { recursive: true });
    writeFileSync(join(dir, 'script.sh'), script('go-modules.sh'));
    const bin = join(dir, 'bin');
    calls = join(dir, 'go-calls.txt');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'go'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\nexec '${go ?? 'go'}' "$@"\n`);
    chmodSync(join(bin, 'go'), 0o755);
    env = {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      HOME: dir,
      GOCACHE: join(dir, 'cache', 'build'),
      GOMODCACHE: join(dir, 'cache', 'mod'),
      GOTMPDIR: join(dir, 'cache', 'tmp'),
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-mod=readonly',
      GOPROXY: 'https://proxy.golang.org,direct',
      JSLC_VERIFY: 'true',
      JSLC_TIDY_CHECK: 'false',
      JSLC_FORBID_LOCAL_REPLACE: 'true',
    };
  });
  afterAll(() => {
    // The module cache is read-only, as go writes it.
    spawnSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (): { out: string; goCalls: string[] } => {
    writeFileSync(calls, '');
    const r = spawnSync('sh', [join(dir, 'script.sh')], { cwd: service, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`go-modules.sh failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return { out: r.stdout + r.stderr, goCalls: readFileSync(calls, 'utf8').trim().split('\n') };
  };

  itGo(
    'downloads, skips the unchanged second run, and downloads again after go.mod changes',
    () => {
      const first = run();
      expect(first.goCalls).toContain('mod download');
      expect(first.goCalls).toContain('mod verify');
      expect(existsSync(join(env['GOMODCACHE']!, 'github.com', 'go-chi'))).toBe(true);

      const second = run();
      expect(second.goCalls).not.toContain('mod download');
      expect(second.goCalls).toContain('mod verify');
      expect(second.out).toContain('go.mod and go.sum unchanged since the last download');

      appendFileSync(join(service, 'go.mod'), '\n// a change to go.mod\n');
      expect(run().goCalls).toContain('mod download');
      expect(run().goCalls).not.toContain('mod download');

      // An emptied module cache takes the stamp with it.
      spawnSync('chmod', ['-R', 'u+w', env['GOMODCACHE']!]);
      rmSync(env['GOMODCACHE']!, { recursive: true, force: true });
      const afterClean = run();
      expect(afterClean.goCalls).toContain('mod download');
      expect(existsSync(join(env['GOMODCACHE']!, 'github.com', 'go-chi'))).toBe(true);
    },
    180_000,
  );
});
