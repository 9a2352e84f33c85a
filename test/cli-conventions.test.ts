/** The conventions every jslc command shares (tsc/eslint/gh style): help, usage errors, did-you-mean. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { optionNames } from '../src/cli/args.js';
import { COMMAND_SPECS } from '../src/cli/commands/index.js';

const JSLC = join(process.cwd(), 'bin', 'jslc.js');
const COMMANDS = COMMAND_SPECS.map((c) => c.name);

function jslc(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [JSLC, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a mistyped command gets the closest one', () => {
  const r = jslc(['biuld', 'x.ts']);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^jslc: unknown command "biuld"; did you mean "build"\?/);
  expect(jslc(['verfy']).stderr).toContain('did you mean "verify"?');
  expect(jslc(['zzzzzzzz']).stderr).not.toContain('did you mean');
});

test('jslc help <cmd> prints the same text as jslc <cmd> --help, for every command', () => {
  for (const c of COMMANDS) {
    const viaHelp = jslc(['help', c]);
    const viaFlag = jslc([c, '--help']);
    expect(viaHelp.status).toBe(0);
    expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: jslc ${c}`));
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  }
  expect(jslc(['help']).stdout).toBe(jslc(['--help']).stdout);
  expect(jslc(['help', 'biuld']).stderr).toContain('did you mean "build"?');
});

test('a bad option is a usage error (exit 2) followed by that command’s help, not the top-level one', () => {
  for (const c of COMMANDS) {
    const r = jslc([c, '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^jslc ${c}: unknown option --bogus\\n\\nUsage: jslc ${c}`));
    expect(r.stderr).not.toContain('Commands:');
  }
});

test('a mistyped option gets the closest option of that command, for every option of every command', () => {
  for (const spec of COMMAND_SPECS) {
    const c = spec.name;
    for (const o of optionNames(spec)) {
      const r = jslc([c, `--${o}x`]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`jslc ${c}: unknown option --${o}x; did you mean "--${o}"?`);
    }
  }
});

test('an option of another command is rejected, naming the commands that take it', () => {
  const r = jslc(['check', 'examples/go-service.pipeline.ts', '--verify']);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^jslc check: --verify is not an option of check \(build takes it\)\n\nUsage: jslc check/);
  const g = jslc(['graph', 'examples/go-service.pipeline.ts', '--out', 'x']);
  expect(g.status).toBe(2);
  expect(g.stderr).toContain('--out is not an option of graph (build, check, api-types, jenkinsfile take it)');
  expect(jslc(['init', '--checks', 'lint']).status).toBe(2);
});

test('run’s usage errors exit 2 like every command’s', () => {
  const r = jslc(['run']);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^jslc run: expected exactly one Jenkinsfile\n\nUsage: jslc run/);
  expect(jslc(['run', 'Jenkinsfile', '--timeout', '0']).status).toBe(2);
  expect(jslc(['help', 'run']).stdout).toContain('--timeout SECONDS');
});

test('global options: --version, --help; anything else before the command is a usage error', () => {
  expect(jslc(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  expect(jslc(['-v']).status).toBe(0);
  const r = jslc(['--json', 'build']);
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^jslc: --json goes after the command \(build, .*\): jslc <command> --json\n/);
  expect(jslc([]).status).toBe(2);
});
