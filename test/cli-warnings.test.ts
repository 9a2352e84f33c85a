/**
 * Validation warnings (issue 15, item 8): a Go release past its end of support is JSLC047, a warning. jslc build
 * prints it on stderr, writes the library and exits 0; with --json it is a finding of severity "warning" in an ok
 * envelope. An error next to it still stops the build, and both are reported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineLibrary, goPipeline, stage } from '../src/index.js';
import { compileModel, synth } from '../src/driver/driver.js';
import { endOfSupport, GO_RELEASES, supportedGoMinors } from '../src/validate/go-releases.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jslc-warn-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lib = (version: string, timeout = 30) =>
  defineLibrary({
    name: 'warned',
    pipelines: { app: goPipeline({ description: 'd', go: { version }, options: { timeout }, stages: [stage.checkout()] }) },
  });

const jslc = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'jslc.js'), ...args], { encoding: 'utf8', cwd: ROOT });

test('the release table: a minor ends when the second newer one is released; the two newest are supported', () => {
  const newest = GO_RELEASES[GO_RELEASES.length - 1]![0];
  expect(endOfSupport(newest)).toBeUndefined();
  expect(endOfSupport(newest - 1)).toBeUndefined();
  expect(endOfSupport(newest - 2)).toEqual({ endedBy: `1.${newest}`, date: GO_RELEASES[GO_RELEASES.length - 1]![1] });
  expect(endOfSupport(newest + 5)).toBeUndefined();
  expect(supportedGoMinors()).toEqual([`1.${newest}`, `1.${newest - 1}`]);
  // Dates ascend with the minors.
  for (let i = 1; i < GO_RELEASES.length; i++) {
    expect(GO_RELEASES[i]![0]).toBe(GO_RELEASES[i - 1]![0] + 1);
    expect(GO_RELEASES[i]![1] > GO_RELEASES[i - 1]![1]).toBe(true);
  }
});

test('a warning does not stop compileModel or synth; an error next to it does, with both reported', () => {
  const warned = compileModel(lib('1.21.6'));
  expect(warned.ok).toBe(true);
  if (warned.ok) expect(warned.warnings.map((d) => [d.code, d.severity])).toEqual([['JSLC047', 'warning']]);
  expect(synth(lib('1.21.6')).size).toBeGreaterThan(0);
  const both = compileModel(lib('1.21.6', 0));
  expect(both.ok).toBe(false);
  if (!both.ok)
    expect(both.diagnostics.map((d) => [d.code, d.severity]).sort()).toEqual([
      ['JSLC015', 'error'],
      ['JSLC047', 'warning'],
    ]);
  const current = compileModel(lib('1.27.4'));
  expect(current.ok && current.warnings).toEqual([]);
});

test('jslc build prints the warning, writes the library and exits 0; --json has it as a warning finding', () => {
  const out = join(tmp, 'lib');
  const r = jslc('build', 'fixtures/cli/old-go.ts', '--out', out, '--no-verify');
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/^jslc build: fixtures\/cli\/old-go\.ts:\d+:\d+ warning JSLC047 pipelines\.app\.go\.version: Go 1\.21 is past its end of support/m);
  expect(existsSync(join(out, 'vars', 'app.groovy'))).toBe(true);
  const j = jslc('build', 'fixtures/cli/old-go.ts', '--out', out, '--no-verify', '--json');
  expect(j.status).toBe(0);
  const env = JSON.parse(j.stdout) as { ok: boolean; findings: { severity: string; code: string; path: string; hint: string }[] };
  expect(env.ok).toBe(true);
  expect(env.findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'JSLC047', path: 'pipelines.app.go.version' })]);
  expect(env.findings[0]!.hint).toMatch(/Go 1\.\d+ or 1\.\d+/);
});

test('jslc build with an error and a warning: exit 1, nothing written, both printed', () => {
  const out = join(tmp, 'lib-bad');
  const r = jslc('build', 'fixtures/cli/old-go-invalid.ts', '--out', out, '--no-verify');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('1 validation error(s)');
  expect(r.stderr).toContain('JSLC015');
  expect(r.stderr).toContain('warning JSLC047');
  expect(existsSync(out)).toBe(false);
});
