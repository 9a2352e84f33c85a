/** docs/reference.md is generated from src/dsl/'s types and JSDoc (scripts/dsl-reference.mjs): it must be current. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

test('docs/reference.md matches the DSL types, their JSDoc and the emitted Groovy', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'dsl-reference.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const text = readFileSync(join(ROOT, 'docs', 'reference.md'), 'utf8');
  // Every stage builder's options, with defaults and the Groovy it emits.
  for (const name of [
    'CheckoutOptions',
    'ModulesOptions',
    'VetOptions',
    'TestOptions',
    'BuildOptions',
    'ImageOptions',
    'SignOptions',
    'ArchiveOptions',
    'GoPipelineSpec',
    'GoOptions',
  ]) {
    expect(text).toContain(`## ${name}\n`);
  }
  expect(text).toContain('goCheckout(fetchTags: true)');
  expect(text).toContain('| `race` | `boolean` | `true` |');
});
