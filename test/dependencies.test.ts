/**
 * Dependencies are loaded only where they are needed (docs/dependencies.md): importing jslc, or starting its CLI,
 * does not load dockerode (the runner commands import it dynamically).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The CommonJS modules under node_modules/<pkg>/ loaded by importing `module` (ESM imports of CJS fill require.cache). */
function loadedFrom(module: string, pkgs: readonly string[]): string[] {
  const script = [
    `import { createRequire } from 'node:module';`,
    `await import(${JSON.stringify(pathToFileURL(join(process.cwd(), module)).href)});`,
    `const cache = Object.keys(createRequire(import.meta.url).cache);`,
    `const pkgs = ${JSON.stringify(pkgs)};`,
    `console.log(JSON.stringify(cache.filter((k) => pkgs.some((p) => k.includes('/node_modules/' + p + '/')))));`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as string[];
}

const DOCKER = ['dockerode', 'docker-modem', 'ssh2'];

test.each(['dist/index.js', 'dist/cli/main.js'])('importing %s does not load dockerode', (module) => {
  expect(loadedFrom(module, DOCKER)).toEqual([]);
});

test('the measure sees dockerode where it is loaded (the runner image module)', () => {
  expect(loadedFrom('dist/runner/image/docker.js', DOCKER).length).toBeGreaterThan(0);
});
