/**
 * User projects as users have them (issue 13): a tsconfig with options TypeScript 6 deprecated but the user's own
 * tsc (5.x) accepts, and an npm-workspaces monorepo whose pipeline imports a shared package's `.ts` sources.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const JSLC = join(process.cwd(), 'bin', 'jslc.js');

function jslc(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [JSLC, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jslc-user-projects-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('a tsconfig with moduleResolution node10 (deprecated in TypeScript 6) builds, with no deprecation error', () => {
  const out = join(tmp, 'node10-out');
  const r = jslc(['build', 'fixtures/user-projects/node10/pipeline.ts', '--out', out]);
  expect(r.stderr).not.toMatch(/deprecated/);
  expect(r.stderr).not.toMatch(/ignoreDeprecations/);
  expect(r.status).toBe(0);
  expect(existsSync(join(out, 'vars', 'vetPipeline.groovy'))).toBe(true);
});

test.each([
  ['moduleResolution classic', { moduleResolution: 'classic' }],
  ['baseUrl', { baseUrl: '.' }],
  ['target ES5', { target: 'ES5' }],
  ['module amd with outFile', { module: 'amd', outFile: 'x.js' }],
])('a tsconfig with %s (deprecated in TypeScript 6, accepted by TypeScript 5.x) builds', (name, options) => {
  const dir = join(tmp, name.replace(/\W+/g, '-'));
  mkdirSync(dir);
  cpSync('fixtures/user-projects/node10/pipeline.ts', join(dir, 'pipeline.ts'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true, ...options } }));
  const r = jslc(['build', join(dir, 'pipeline.ts'), '--out', join(dir, 'out')]);
  expect(r.stderr).not.toMatch(/deprecated|ignoreDeprecations/);
  expect(r.status).toBe(0);
});

describe('an npm-workspaces monorepo importing a shared package by its .ts sources', () => {
  let root = '';
  beforeAll(() => {
    // What `npm install` makes of the fixture: the workspace package linked into node_modules.
    root = join(tmp, 'workspace');
    cpSync('fixtures/user-projects/workspace', root, { recursive: true });
    mkdirSync(join(root, 'node_modules', '@acme'), { recursive: true });
    symlinkSync(join('..', '..', 'packages', 'shared'), join(root, 'node_modules', '@acme', 'shared'));
  });

  test('a static import of the package (type-checked, then loaded) builds', () => {
    const out = join(tmp, 'workspace-out');
    const r = jslc(['build', join(root, 'pipelines', 'library.ts'), '--out', out]);
    expect(r.stderr).not.toMatch(/Unknown file extension/);
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'vars', 'acmePipeline.groovy'))).toBe(true);
  });

  test('a computed dynamic import the type check cannot follow is transpiled by the module hooks', () => {
    const out = join(tmp, 'workspace-late-out');
    const r = jslc(['build', join(root, 'pipelines', 'late.ts'), '--out', out]);
    expect(r.stderr).not.toMatch(/Unknown file extension/);
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'vars', 'acmePipeline.groovy'))).toBe(true);
  });
});
