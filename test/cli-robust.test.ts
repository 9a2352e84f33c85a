/**
 * `jslc build/check/graph` on entries and output directories that go wrong:
 * each gives one paragraph on stderr, exit code 1, no stack trace unless
 * --debug, and leaves the output directory byte for byte as it was, with no
 * temporary directory beside it. Spawns `node bin/jslc.js` (run `npm run
 * build` first). Also unit tests of writeLibrary's clean-up on real write
 * failures (ENOSPC from /dev/full, a rename into a non-directory).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WriteError, listFiles, writeLibrary, type WriterFs } from '../src/library/writer.js';

const JSLC = join(process.cwd(), 'bin', 'jslc.js');

function jslc(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [JSLC, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '', ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** sha256 over every path and content of a tree. */
function treeHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of listFiles(dir))
    h.update(f)
      .update('\0')
      .update(readFileSync(join(dir, f)))
      .update('\0');
  return h.digest('hex');
}

const STACK = /^\s+at /m;

let tmp: string;
let out: string;
let before: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jslc-robust-'));
  out = join(tmp, 'lib');
  cpSync('vars-out', out, { recursive: true });
  before = treeHash(out);
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** The output directory is untouched and nothing was left beside it. */
function expectUntouched(): void {
  expect(treeHash(out)).toBe(before);
  expect(readdirSync(tmp)).toEqual(['lib']);
}

describe('entries that cannot be loaded', () => {
  const cases: [string, string[], RegExp | string][] = [
    ['throws.ts', [], 'jslc build: fixtures/cli/throws.ts threw while loading: pipeline settings could not be read\n'],
    ['no-default.ts', [], 'jslc build: fixtures/cli/no-default.ts has no default export; end it with: export default defineLibrary({ ... })\n'],
    [
      'missing-import.ts',
      [],
      "fixtures/cli/missing-import.ts:3:27 Cannot find module './does-not-exist.js' or its corresponding type declarations.\n" +
        'jslc build: 1 TypeScript error(s) in fixtures/cli/missing-import.ts; nothing was written.\n',
    ],
    [
      'missing-dynamic.ts',
      [],
      /^jslc build: fixtures\/cli\/missing-dynamic\.ts imports a module that cannot be found: Cannot find module '\/.*\/fixtures\/cli\/pipelines\/generated\.js' imported from \/.*\/fixtures\/cli\/missing-dynamic\.ts\n$/,
    ],
    [
      'endless-loop.ts',
      ['--timeout', '1'],
      'jslc build: fixtures/cli/endless-loop.ts did not finish loading within 1 s (an endless loop or a pending promise at top level?); nothing was written.\n',
    ],
    [
      'pending-timer.ts',
      ['--timeout', '0.5'],
      'jslc build: fixtures/cli/pending-timer.ts did not finish loading within 0.5 s (an endless loop or a pending promise at top level?); nothing was written.\n',
    ],
    [
      'pending-forever.ts',
      [],
      'jslc build: fixtures/cli/pending-forever.ts did not finish loading: a top-level await waits on a promise that nothing can settle any more (Node: unsettled top-level await, exit code 13); nothing was written.\n',
    ],
    ['exits.ts', [], 'jslc build: fixtures/cli/exits.ts ended the process while loading (process.exit(0)); nothing was written.\n'],
  ];

  test.each(cases)('build %s: one paragraph, exit 1, output untouched', (fixture, extra, message) => {
    const r = jslc(['build', `fixtures/cli/${fixture}`, '--out', out, ...extra]);
    expect(r.status).toBe(1);
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe('');
    expectUntouched();
  });

  test('a busy loop is stopped at the deadline, not after it, by check and graph as well', () => {
    for (const command of ['check', 'graph']) {
      // graph takes no --out (an option a command does not take is a usage error).
      const r = jslc([command, 'fixtures/cli/endless-loop.ts', ...(command === 'check' ? ['--out', out] : []), '--timeout', '1']);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `jslc ${command}: fixtures/cli/endless-loop.ts did not finish loading within 1 s (an endless loop or a pending promise at top level?); nothing was written.\n`,
      );
      // Type check (about 1 s on a slow machine) + 1 s deadline, far below a hang.
      expect(r.ms).toBeLessThan(15_000);
    }
    const json = jslc(['build', 'fixtures/cli/endless-loop.ts', '--out', out, '--timeout', '1', '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      command: 'build',
      exitCode: 1,
      findings: [{ severity: 'error', message: expect.stringContaining('did not finish loading within 1 s') }],
      error: expect.stringContaining('did not finish loading within 1 s'),
    });
    expectUntouched();
  });

  test('--debug shows the stack trace, source-mapped to the entry', () => {
    const thrown = jslc(['build', 'fixtures/cli/throws.ts', '--out', out, '--debug']);
    expect(thrown.status).toBe(1);
    expect(thrown.stderr).toMatch(/at load \(.*fixtures\/cli\/throws\.ts:4:9\)/);
    const missing = jslc(['build', 'fixtures/cli/missing-dynamic.ts', '--out', out, '--debug']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(STACK);
    expectUntouched();
  });

  test('--timeout must be a positive number of seconds', () => {
    for (const bad of ['0', '-1', 'soon', '1e9', '']) {
      const r = jslc(['build', 'examples/go-service.pipeline.ts', '--out', out, `--timeout=${bad}`]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^jslc build: --timeout must be a number of seconds greater than 0/);
    }
    expectUntouched();
  });

  test('a valid entry still builds with a short deadline', () => {
    const r = jslc(['build', 'examples/go-service.pipeline.ts', '--out', out, '--timeout', '30']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectUntouched(); // same content as vars-out
  });
});

describe('output directories that cannot be written', () => {
  test("the out directory's parent is a regular file (ENOTDIR even for root)", () => {
    const file = join(tmp, 'not-a-dir');
    writeFileSync(file, 'keep');
    const r = jslc(['build', 'examples/go-service.pipeline.ts', '--out', join(file, 'lib')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^jslc build: cannot write .*\/not-a-dir\/lib: \/.*\/not-a-dir is a file, not a directory; nothing was changed\.\n$/);
    expect(readFileSync(file, 'utf8')).toBe('keep');
    expect(readdirSync(tmp).sort()).toEqual(['lib', 'not-a-dir']);
    expect(treeHash(out)).toBe(before);
  });

  test('the out path is a regular file', () => {
    const file = join(tmp, 'lib.txt');
    writeFileSync(file, 'keep');
    const r = jslc(['build', 'examples/go-service.pipeline.ts', '--out', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^jslc build: cannot write .*lib\.txt: it exists and is not a directory; nothing was changed\.\n$/);
    expect(readFileSync(file, 'utf8')).toBe('keep');
    expect(readdirSync(tmp).sort()).toEqual(['lib', 'lib.txt']);
  });

  // chmod does not stop root (CI runs as root): as root, jslc runs as user nobody through setpriv.
  const root = process.getuid?.() === 0;
  const setpriv = root ? ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p)) : undefined;
  const unprivileged = !root || setpriv ? test : test.skip;
  unprivileged('a read-only parent directory: a permission error, exit 4', () => {
    const ro = join(tmp, 'ro');
    mkdirSync(ro);
    const roOut = join(ro, 'lib');
    cpSync('vars-out', roOut, { recursive: true });
    const roBefore = treeHash(roOut);
    chmodSync(ro, 0o555);
    chmodSync(tmp, 0o755);
    try {
      const args = [JSLC, 'build', 'examples/go-service.pipeline.ts', '--out', roOut];
      const r = setpriv
        ? spawnSync(setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args], {
            encoding: 'utf8',
            env: { ...process.env, CI: '' },
          })
        : spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CI: '' } });
      // A permission problem is an environment error (exit 4), not invalid input: the fix is on the machine.
      expect(r.stderr).toMatch(
        /^jslc build: cannot write .*\/ro\/lib: permission denied \(.*\/ro\/\.jslc-tmp-lib-[0-9a-f]+\): this user \(uid \d+\) may not write there\. Choose a directory you own \(--out DIR\)/,
      );
      expect(r.status).toBe(4);
    } finally {
      chmodSync(ro, 0o755);
    }
    expect(treeHash(roOut)).toBe(roBefore);
    expect(readdirSync(ro)).toEqual(['lib']);
  });
});

describe('writeLibrary undoes every step on a real write failure', () => {
  const files = new Map([
    ['vars/a.groovy', 'a\n'],
    ['vars/b.groovy', 'b\n'],
    ['resources/x/c.sh', 'c\n'],
    ['jslc-manifest.json', JSON.stringify({ files: { 'vars/a.groovy': 'x', 'vars/b.groovy': 'x', 'resources/x/c.sh': 'x' } })],
  ]);
  /** A file system whose writeFileSync really fails with ENOSPC (the write goes to /dev/full) for the nth file. */
  const fullDiskAt = (n: number): WriterFs => {
    let count = 0;
    return {
      writeFileSync: (path, text) => writeFileSync(++count === n ? '/dev/full' : path, text),
      renameSync: (from, to) => renameSync(from, to),
    };
  };
  /** A file system whose nth rename really fails (ENOTDIR: the target is under a regular file). */
  const renameFailsAt = (n: number): WriterFs => {
    let count = 0;
    return {
      writeFileSync: (path, text) => writeFileSync(path, text),
      renameSync: (from, to) => renameSync(from, ++count === n ? join(tmp, 'blocker', 'x') : to),
    };
  };
  const caught = (f: () => unknown): WriteError => {
    try {
      f();
    } catch (e) {
      return e as WriteError;
    }
    throw new Error('expected writeLibrary to throw');
  };

  test('ENOSPC into a new directory: nothing created, no temporary directory left', () => {
    const target = join(tmp, 'new', 'deeper', 'lib');
    const e = caught(() => writeLibrary(target, files, fullDiskAt(3)));
    expect(e).toBeInstanceOf(WriteError);
    expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(e.message).toMatch(/^cannot write .*\/new\/deeper\/lib: ENOSPC: no space left on device/);
    expectUntouched();
  });

  test('ENOSPC over a previous build (swapped as a whole): the old build stays', () => {
    const e = caught(() => writeLibrary(out, files, fullDiskAt(2)));
    expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expectUntouched();
  });

  test('a failed rename in the middle of replacing files one by one (foreign files present): everything is put back', () => {
    writeFileSync(join(out, 'NOTES.md'), 'mine');
    before = treeHash(out);
    writeFileSync(join(tmp, 'blocker'), '');
    for (const n of [1, 2, 3, 5, 6]) {
      const e = caught(() => writeLibrary(out, files, renameFailsAt(n)));
      expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOTDIR');
      expect(treeHash(out)).toBe(before);
      expect(readdirSync(tmp).sort()).toEqual(['blocker', 'lib']);
    }
  });

  test('a failed swap of a previous build puts the old directory back', () => {
    writeFileSync(join(tmp, 'blocker'), '');
    const e = caught(() => writeLibrary(out, files, renameFailsAt(2)));
    expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOTDIR');
    expect(treeHash(out)).toBe(before);
    expect(readdirSync(tmp).sort()).toEqual(['blocker', 'lib']);
  });

  test('after the failures, the same write succeeds', () => {
    mkdirSync(join(tmp, 'other'));
    writeLibrary(join(tmp, 'other', 'lib'), files);
    expect(listFiles(join(tmp, 'other', 'lib'))).toEqual([...files.keys()].sort());
    expect(existsSync(join(tmp, 'other'))).toBe(true);
    expect(readdirSync(join(tmp, 'other'))).toEqual(['lib']);
  });
});
