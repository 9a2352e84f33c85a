/**
 * Where jslc takes its jars from (src/jars/index.ts): the user cache dir's precedence, the shipped jar of a packed
 * package, and developer mode in a clone. No Java or Maven needed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, devJarPath, isClone, jarPath, shippedJar } from '../src/jars/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jslc-jars-resolve-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the cache dir: $JSLC_CACHE_DIR, else $XDG_CACHE_HOME/jslc, else ~/.cache/jslc', () => {
  expect(cacheDir({ JSLC_CACHE_DIR: '/c/j', XDG_CACHE_HOME: '/x' })).toBe('/c/j');
  expect(cacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/jslc');
  expect(cacheDir({})).toBe(join(homedir(), '.cache', 'jslc'));
});

test('a packed package uses its shipped jars', () => {
  mkdirSync(join(dir, 'dist', 'jars'), { recursive: true });
  expect(shippedJar('jslc-verifier.jar', dir)).toBeUndefined();
  for (const n of ['jslc-verifier.jar', 'jslc-executor.jar', 'groovy-cps-1.31.jar']) writeFileSync(join(dir, 'dist', 'jars', n), 'jar');
  expect(isClone(dir)).toBe(false);
  expect(jarPath('jslc-verifier.jar', dir)).toBe(join(dir, 'dist', 'jars', 'jslc-verifier.jar'));
  expect(jarPath('jslc-executor.jar', dir)).toBe(join(dir, 'dist', 'jars', 'jslc-executor.jar'));
  expect(shippedJar('groovy-cps-1.31.jar', dir)).toBe(join(dir, 'dist', 'jars', 'groovy-cps-1.31.jar'));
});

test('without shipped jars outside a clone, the on-demand build lives in the user cache dir, not the package', () => {
  const saved = process.env['JSLC_CACHE_DIR'];
  process.env['JSLC_CACHE_DIR'] = join(dir, 'cache');
  try {
    expect(devJarPath('jslc-verifier.jar', join(dir, 'pkg'))).toBe(join(dir, 'cache', 'build', 'verifier', 'target', 'jslc-verifier.jar'));
  } finally {
    if (saved === undefined) delete process.env['JSLC_CACHE_DIR'];
    else process.env['JSLC_CACHE_DIR'] = saved;
  }
});

test('a clone ignores shipped jars and builds in place (developer mode)', () => {
  writeFileSync(join(dir, '.git'), 'gitdir: elsewhere\n');
  mkdirSync(join(dir, 'dist', 'jars'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'jars', 'jslc-executor.jar'), 'stale');
  expect(jarPath('jslc-executor.jar', dir)).toBe(join(dir, 'runner', 'executor', 'target', 'jslc-executor.jar'));
});
