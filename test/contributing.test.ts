/**
 * CONTRIBUTING.md's "Running one test": both documented commands run one ES-module test file (fixtures/jest/), with
 * and without the --experimental-vm-modules flag Jest's ESM support needs (jest.config.js adds it for a plain
 * `npx jest`).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const FILE = 'fixtures/jest/esm.test.ts';
// The fixture lies outside the suite's testMatch (test/**), so each run names it in its own.
const MATCH = ['--testMatch', '<rootDir>/fixtures/jest/*.test.ts'];

/** Runs a command at the repository root without NODE_OPTIONS, so that the flag comes only from what is run. */
function run(command: string, args: readonly string[]): { status: number | null; out: string } {
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  const r = spawnSync(command, args, { encoding: 'utf8', env, timeout: 90_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

test('CONTRIBUTING.md documents both ways of running one test file', () => {
  const text = readFileSync('CONTRIBUTING.md', 'utf8');
  const section = text.slice(text.indexOf('## Running one test'));
  expect(section).toContain('npm run jest -- test/schedule.test.ts');
  expect(section).toContain('npx jest test/schedule.test.ts');
  expect(readFileSync('README.md', 'utf8')).toContain('npm run jest -- <file>');
});

test.each([
  ['npm run jest -- <file>', 'npm', ['run', '--silent', 'jest', '--', ...MATCH, FILE]],
  ['npx jest <file>', 'npx', ['--no', '--', 'jest', ...MATCH, FILE]],
])('%s runs one ES-module test file', (_name, command, args) => {
  const r = run(command, args);
  expect(r.out).toContain('✓ an ES module test runs');
  expect(r.out).toContain('Tests:       1 passed, 1 total');
  expect(r.status).toBe(0);
});

test("a runner that is not Jest's bin, without the flag, gets the fix instead of a parse error", () => {
  const r = run(process.execPath, ['--input-type=module', '-e', "await import('./jest.config.js')"]);
  expect(r.status).not.toBe(0);
  expect(r.out).toContain("jslc's tests are ES modules: run Jest under node --experimental-vm-modules, e.g. npm run jest -- test/<file>.test.ts");
});
