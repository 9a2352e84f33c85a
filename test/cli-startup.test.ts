/**
 * `jslc --version` (and --help, and a usage error) start fast: the CLI's static import graph reaches neither the
 * TypeScript compiler nor dockerode; the commands that need them import them dynamically.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Every module specifier `file` loads when it is imported: `import … from '…'`, `export … from '…'`, `import '…'`,
 * and `createRequire(…)('…')` (how src/load/typecheck.ts loads typescript).
 */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]/gm),
    ...text.matchAll(/createRequire\([^)]*\)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
}

/** The packages reached from `entry` through static imports (relative imports followed, type-only ones are erased). */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const todo = [resolve(entry)];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const s of staticImports(f)) {
      if (s.startsWith('.')) {
        const next = resolve(dirname(f), s);
        if (existsSync(next)) todo.push(next);
      } else if (!s.startsWith('node:')) packages.add(s.split('/')[0]!);
    }
  }
  return packages;
}

test('the CLI loads neither typescript nor dockerode before a command needs them', () => {
  const packages = staticPackages(join('dist', 'cli', 'bin.js'));
  expect(packages.has('typescript')).toBe(false);
  expect(packages.has('dockerode')).toBe(false);
  // The walk does see them where they are imported statically.
  expect(staticPackages(join('dist', 'load', 'typecheck.js')).has('typescript')).toBe(true);
});

test('jslc --version prints the version', () => {
  const r = spawnSync(process.execPath, [join('bin', 'jslc.js'), '--version'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
});
