/**
 * Whether `jslc build` verifies (issue 13, item 3): flags decide; under CI=true it verifies when Java is found, and
 * says so in one line either way; never silently.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideVerify } from '../src/cli/commands/build.js';
import { UsageError } from '../src/cli/command.js';

const args = (...flags: string[]) => ({ values: Object.fromEntries(flags.map((f) => [f, true])), positionals: ['x.ts'] });
const yes = async () => true;
const no = async () => false;

test('flags decide, whatever CI says', async () => {
  expect(await decideVerify(args('verify'), {}, no)).toEqual({ verify: true });
  expect(await decideVerify(args('no-verify'), { CI: 'true' }, yes)).toEqual({ verify: false });
  expect(await decideVerify(args('skip-verify'), { CI: 'true' }, yes)).toEqual({ verify: false });
  await expect(decideVerify(args('verify', 'no-verify'), {}, yes)).rejects.toThrow(UsageError);
});

test('without CI and without flags: no verification, no notice', async () => {
  expect(await decideVerify(args(), {}, yes)).toEqual({ verify: false });
  expect(await decideVerify(args(), { CI: 'false' }, yes)).toEqual({ verify: false });
});

test('CI=true: verifies when Java is found, with a notice; without Java it says so and does not verify', async () => {
  const on = await decideVerify(args(), { CI: 'true' }, yes);
  expect(on.verify).toBe(true);
  expect(on.notice).toMatch(/^jslc build: CI=true: verifying the library .*--no-verify skips it\)$/);
  const off = await decideVerify(args(), { CI: 'true' }, no);
  expect(off.verify).toBe(false);
  expect(off.notice).toMatch(/^jslc build: CI=true, but no Java 17 found: not verifying/);
});

test('jslc build under CI=true --no-verify prints no notice; --verify --no-verify is a usage error', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'jslc-ci-'));
  try {
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, ['bin/jslc.js', 'build', 'examples/go-service.pipeline.ts', '--out', join(tmp, 'lib'), ...extra], {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      });
    const skipped = run('--no-verify');
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toBe('');
    const both = run('--verify', '--no-verify');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^jslc build: --verify and --no-verify exclude each other\n\nUsage: jslc build/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
