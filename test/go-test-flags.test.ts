/**
 * goTest's test options (issue 17, item 5) with the real `go`: the typed options become go test flags (testFlags),
 * which go-test.sh passes as one argument each, so a `-run` regular expression is data, not shell: only the tests
 * it matches run, `-skip` drops one, `-count=1` bypasses the result cache, `-shuffle` prints its seed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stage } from '../src/index.js';
import { script } from '../src/emit/resources/assets.js';
import { testFlags } from '../src/emit/vars/go-test.js';
import { onPath, whenTool } from './support/tools.js';

const itGo = whenTool('go', onPath('go'));
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jslc-gotest-flags-'));
  writeFileSync(join(dir, 'go-test.sh'), script('go-test.sh'));
  cpSync('fixtures/go-service', join(dir, 'ws'), { recursive: true });
});
afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** go test through the script with the flags of a test stage, verbose (-v) so each test run is listed. */
function goTest(flags: readonly string[]): string {
  const all = [...flags, '-v'];
  const r = spawnSync('sh', [join(dir, 'go-test.sh')], {
    cwd: join(dir, 'ws'),
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
      JSLC_TRIMPATH: 'true',
      JSLC_COVER_PROFILE: '',
      JSLC_COVER_MODE: 'set',
      JSLC_GO_TIMEOUT: '',
      JSLC_TAGS: '',
      JSLC_JUNIT: '',
      JSLC_PACKAGES_COUNT: '1',
      JSLC_PACKAGES_0: './...',
      JSLC_FLAGS_COUNT: String(all.length),
      ...Object.fromEntries(all.map((f, i) => [`JSLC_FLAGS_${i}`, f])),
    },
  });
  if (r.status !== 0) throw new Error(`go-test.sh failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

const ran = (out: string): string[] => [...out.matchAll(/^=== RUN\s+(\S+)$/gm)].map((m) => m[1]!).sort();

test('the typed options as go test flags, in a fixed order, the extra flags last', () => {
  const s = stage.test({
    run: '^Test(Healthz|Routes)$',
    skip: 'TestRoutes/stats',
    short: true,
    count: 1,
    shuffle: 42,
    parallel: 2,
    coverProfile: 'c.out',
    coverPackages: ['./...'],
    flags: ['-failfast'],
  });
  expect(testFlags(s)).toEqual([
    '-run',
    '^Test(Healthz|Routes)$',
    '-skip',
    'TestRoutes/stats',
    '-short',
    '-count=1',
    '-shuffle=42',
    '-parallel=2',
    '-coverpkg=./...',
    '-failfast',
  ]);
  expect(testFlags(stage.test())).toEqual([]);
});

itGo(
  '-run selects, -skip drops, -count=1 runs again instead of reporting (cached), -shuffle prints its seed',
  () => {
    const s = stage.test({ run: '^Test(Healthz|Routes)$', skip: 'TestRoutes/stats', count: 1, shuffle: 42 });
    const first = goTest(testFlags(s));
    expect(ran(first)).toContain('TestHealthz');
    expect(ran(first)).toContain('TestRoutes');
    expect(ran(first)).toContain('TestRoutes/healthz');
    expect(ran(first)).not.toContain('TestRoutes/stats');
    expect(ran(first)).not.toContain('TestVersion');
    expect(first).toContain('-test.shuffle 42');
    const again = goTest(testFlags(s));
    expect(again).not.toContain('(cached)');
    // A regular expression with shell characters is one argument: nothing is expanded or run.
    const odd = goTest(testFlags(stage.test({ run: '$(touch pwned)|^TestID$' })));
    expect(ran(odd)).toEqual(['TestID']);
    expect(spawnSync('test', ['-e', join(dir, 'ws', 'pwned')]).status).not.toBe(0);
  },
  300_000,
);
