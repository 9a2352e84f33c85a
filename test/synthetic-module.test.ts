/**
 * The synthetic Go module of `bench:pipeline --packages N` (bench/synthetic-module.js): generated from a seed, byte
 * for byte the same each time, and a module the real Go toolchain vets and tests (go.mod/go.sum exactly as they must
 * be: `-mod=readonly`, only the fixture's modules, fetched through the Go module proxy).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeSyntheticModule } from '../bench/synthetic-module.js';
import { onPath, whenTool } from './support/tools.js';

const PACKAGES = 30;
const SEED = 20261126;

const itGo = whenTool('go (the synthetic bench module under the real toolchain)', onPath('go'));

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jslc-synthetic-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under dir: relative path → content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

test('the same seed gives the same bytes; another seed, other bytes', () => {
  const a = join(tmp, 'a');
  const b = join(tmp, 'b');
  const c = join(tmp, 'c');
  const written = writeSyntheticModule(a, { packages: PACKAGES, seed: SEED });
  writeSyntheticModule(b, { packages: PACKAGES, seed: SEED });
  writeSyntheticModule(c, { packages: PACKAGES, seed: SEED + 1 });
  const [sa, sb, sc] = [snapshot(a), snapshot(b), snapshot(c)];
  expect([...sa.keys()].sort()).toEqual([...written.files].sort());
  expect([...sb.keys()]).toEqual([...sa.keys()]);
  for (const [path, text] of sa) expect(sb.get(path)).toBe(text);
  expect(sa.size).toBe(3 + 2 * PACKAGES); // go.mod, go.sum, main.go; a source and a test file per package
  expect([...sc.keys()]).toEqual([...sa.keys()]);
  expect([...sa].some(([path, text]) => sc.get(path) !== text)).toBe(true);
});

itGo(
  `go vet and go test pass on a ${PACKAGES}-package module, and go list sees main + ${PACKAGES} packages`,
  () => {
    const dir = join(tmp, 'go');
    writeSyntheticModule(dir, { packages: PACKAGES, seed: SEED });
    const env = { ...process.env, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local', GOPROXY: 'https://proxy.golang.org' };
    const go = (...args: string[]) => {
      const r = spawnSync('go', args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };
    const vet = go('vet', './...');
    expect(vet.status === 0 ? '' : vet.out).toBe('');
    const tests = go('test', './...');
    expect(tests.status === 0 ? '' : tests.out).toBe('');
    const list = go('list', './...');
    expect(list.status).toBe(0);
    const pkgs = list.out.trim().split('\n');
    expect(pkgs).toHaveLength(PACKAGES + 1);
    expect(pkgs).toContain('example.com/synthetic');
  },
  300_000,
);
