/**
 * The generated goTest script with the real `go`: with trimpath (the default) the test results cached by one
 * workspace serve another workspace at a different path (another branch, pull request or agent directory) through
 * the persisted GOCACHE; without it, go test runs the tests again.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { script } from '../src/emit/resources/assets.js';
import { onPath, whenTool } from './support/tools.js';

const itGo = whenTool('go', onPath('go'));

describe('goTest: cached results across workspaces', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jslc-gotest-'));
    writeFileSync(join(dir, 'go-test.sh'), script('go-test.sh'));
  });
  afterAll(() => {
    spawnSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** go test through the script in a fresh copy of the fixture at `workspace`, with the shared caches. */
  const run = (workspace: string, trimpath: boolean): string => {
    const ws = join(dir, workspace);
    cpSync('fixtures/go-service', ws, { recursive: true });
    const r = spawnSync('sh', [join(dir, 'go-test.sh')], {
      cwd: ws,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: dir,
        GOCACHE: join(dir, 'cache', 'build'),
        GOMODCACHE: join(dir, 'cache', 'mod'),
        GOTOOLCHAIN: 'local',
        GOFLAGS: '-mod=readonly',
        GOPROXY: 'https://proxy.golang.org,direct',
        JSLC_RACE: 'false',
        JSLC_TRIMPATH: String(trimpath),
        JSLC_COVER_PROFILE: 'coverage.out',
        JSLC_COVER_MODE: 'set',
        JSLC_GO_TIMEOUT: '',
        JSLC_TAGS: '',
        JSLC_JUNIT: '',
        JSLC_PACKAGES_COUNT: '1',
        JSLC_PACKAGES_0: './...',
      },
    });
    if (r.status !== 0) throw new Error(`go-test.sh failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout + r.stderr;
  };

  itGo(
    'with -trimpath a second workspace gets the cached results; without it the tests run again',
    () => {
      expect(run('main/workspace', true)).not.toContain('(cached)');
      expect(run('PR-7/workspace', true)).toMatch(/internal\/api\t\(cached\)/);
      expect(run('plain-main/workspace', false)).not.toContain('(cached)');
      expect(run('plain-PR-7/workspace', false)).not.toContain('(cached)');
    },
    180_000,
  );
});
