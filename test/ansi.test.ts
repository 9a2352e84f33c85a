/**
 * Colour-free output (issue 13): `stripAnsi` and `colourAllowed` (NO_COLOR per no-color.org, FORCE_COLOR, TERM=dumb,
 * TTY), and every place jslc passes a child process's output through: a build script (Maven via build-jar.sh), the
 * verifier JVM's stderr, and CodeNarc through npm-groovy-lint. Each child here really prints colour codes.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runBuildScript } from '../src/jars/index.js';
import { colourAllowed, forStream, stripAnsi } from '../src/util/ansi.js';
import { runCodeNarc } from '../src/verify/codenarc.js';
import { runVerifier } from '../src/verify/jvm.js';

const ESC = '\u001b';
/** What Maven prints with -B -Dstyle.color=never (a reset), and what a coloured ERROR line looks like. */
const COLOURED = `${ESC}[0m${ESC}[1;31m[ERROR]${ESC}[0m Failed ${ESC}[36mto${ESC}[m build`;
const PLAIN = '[ERROR] Failed to build';

describe('stripAnsi', () => {
  test('removes SGR, cursor, erase, OSC title and hyperlink sequences; keeps all other text', () => {
    expect(stripAnsi(COLOURED)).toBe(PLAIN);
    expect(stripAnsi(`a${ESC}[2K${ESC}[1G${ESC}[?25lb${ESC}[38;5;196mc${ESC}[48;2;1;2;3md`)).toBe('abcd');
    expect(stripAnsi(`${ESC}]0;title\u0007x${ESC}]8;;https://example.org${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('xlink');
    expect(stripAnsi(`${ESC}cx${ESC}7y${ESC}8`)).toBe('xy');
    expect(stripAnsi('\u009b31mred\u009b0m')).toBe('red');
    const plain = 'vars/a.groovy:1:2 [cps] 100% [x] é ✓ tab\there\r\nnext';
    expect(stripAnsi(plain)).toBe(plain);
  });
});

describe('colourAllowed', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  test.each([
    ['a terminal', tty, {}, true],
    ['a pipe or a file', pipe, {}, false],
    ['a stream without isTTY', {}, {}, false],
    ['NO_COLOR=1 on a terminal', tty, { NO_COLOR: '1' }, false],
    ['NO_COLOR=0 (any non-empty value)', tty, { NO_COLOR: '0' }, false],
    ['NO_COLOR empty (ignored, per no-color.org)', tty, { NO_COLOR: '' }, true],
    ['TERM=dumb on a terminal', tty, { TERM: 'dumb' }, false],
    ['TERM=xterm-256color on a terminal', tty, { TERM: 'xterm-256color' }, true],
    ['NODE_DISABLE_COLORS=1', tty, { NODE_DISABLE_COLORS: '1' }, false],
    ['FORCE_COLOR=1 on a pipe (CI log viewers)', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR empty on a pipe', pipe, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR=1 with TERM=dumb', pipe, { FORCE_COLOR: '1', TERM: 'dumb' }, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false on a terminal', tty, { FORCE_COLOR: 'false' }, false],
    ['NO_COLOR=1 beats FORCE_COLOR=1', tty, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ] as const)('%s → %s', (_name, stream, env, expected) => {
    expect(colourAllowed(stream, env)).toBe(expected);
    expect(forStream(COLOURED, stream, env)).toBe(expected ? COLOURED : PLAIN);
  });
});

describe('child output passed through', () => {
  let dir = '';
  const saved = { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'] };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jslc-ansi-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  /** An executable shell script in `dir` that prints Maven-like colour codes on stderr. */
  function script(name: string, body: string): string {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }
  /** A stream that records what is written to it. */
  const recorder = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { isTTY, chunks, write: (t: string) => chunks.push(t) };
  };
  const colourOut = `printf '\\033[0m\\033[1;31m[ERROR]\\033[0m Failed \\033[36mto\\033[m build\\n' >&2`;

  test('a build script (Maven through build-jar.sh): stripped for a pipe and with NO_COLOR, kept on a terminal', () => {
    const build = script('build.sh', `${colourOut}\necho /path/to/the.jar`);
    const pipe = recorder(false);
    expect(runBuildScript(build, [], { stderr: pipe, env: { PATH: process.env['PATH'] ?? '' } })).toBe('/path/to/the.jar\n');
    expect(pipe.chunks.join('')).toBe(`${PLAIN}\n`);
    const noColor = recorder(true);
    runBuildScript(build, [], { stderr: noColor, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });
    expect(noColor.chunks.join('')).toBe(`${PLAIN}\n`);
    const terminal = recorder(true);
    runBuildScript(build, [], { stderr: terminal, env: { PATH: process.env['PATH'] ?? '' } });
    expect(terminal.chunks.join('')).toBe(`${COLOURED}\n`);
  });

  test('a failing build script: its colour-free log is written, and the error names the script and its exit status', () => {
    const failing = script('fail.sh', `${colourOut}\nexit 7`);
    const pipe = recorder(false);
    expect(() => runBuildScript(failing, ['verifier'], { stderr: pipe, env: { PATH: process.env['PATH'] ?? '' } })).toThrow(
      `${failing} verifier failed (exit 7); its output is above`,
    );
    expect(pipe.chunks.join('')).toBe(`${PLAIN}\n`);
  });

  test("the verifier JVM's stderr in jslc's error: stripped with NO_COLOR, kept with FORCE_COLOR", async () => {
    const java = script('java', `${colourOut}\nexit 1`);
    const jar = script('fake.jar', 'exit 0');
    process.env['NO_COLOR'] = '1';
    await expect(runVerifier(dir, ['groovy'], { java, jar })).rejects.toThrow(`jslc verify: the verifier failed (exit 1): ${PLAIN}`);
    delete process.env['NO_COLOR'];
    process.env['FORCE_COLOR'] = '1';
    await expect(runVerifier(dir, ['groovy'], { java, jar })).rejects.toThrow(`jslc verify: the verifier failed (exit 1): ${COLOURED}`);
  });

  test("CodeNarc's stderr (through npm-groovy-lint) in jslc's error and npm-groovy-lint's own console output: stripped with NO_COLOR", async () => {
    const lib = join(dir, 'lib');
    script('lib/vars/x.groovy', 'def call() { echo "x" }');
    const java = script('codenarc-java', `${colourOut}\nexit 1`);
    process.env['NO_COLOR'] = '1';
    const printed: string[] = [];
    // Record what npm-groovy-lint prints (jslc's wrapper forwards to whatever console method it finds).
    const methods = ['log', 'info', 'warn', 'error'] as const;
    const originals = methods.map((m) => [m, console[m]] as const);
    for (const m of methods) console[m] = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    try {
      const error = await runCodeNarc(lib, { java, groovyCpsJar: null }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain('jslc verify (codenarc): CodeNarc did not run');
      expect(error?.message).toContain(PLAIN);
      expect(error?.message).not.toContain(ESC);
      expect(printed.join('\n')).toContain(PLAIN);
      expect(printed.join('\n')).not.toContain(ESC);
    } finally {
      for (const [m, original] of originals) console[m] = original;
    }
  }, 120_000);
});
