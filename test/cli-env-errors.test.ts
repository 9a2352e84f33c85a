/** Environment errors (a missing Java, an unreachable Docker engine) are not internal errors. */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_EXIT, EnvError, missingJava } from '../src/cli/errors.js';

test('a verify that needs Java, without one, is an environment error naming what to install', () => {
  expect(missingJava('/usr/bin/java', ['groovy'], ['secrets'])).toBeUndefined();
  const e = missingJava(undefined, ['groovy', 'cps'], ['secrets'])!;
  expect(e).toBeInstanceOf(EnvError);
  expect(e.code).toBe('java');
  expect(e.message).toMatch(/^no Java found: the groovy, cps check\(s\) run on Java 17/);
  expect(e.message).toContain('apt-get install openjdk-17-jre-headless');
  expect(e.message).toContain('--checks secrets');
  expect(ENV_EXIT).toBe(4);
});

test('jslc run with DOCKER_HOST at a closed port says no Docker engine answers, not an internal error', () => {
  const r = spawnSync(
    process.execPath,
    [join('bin', 'jslc.js'), 'run', 'package.json', '--library', `x=${join('fixtures')}`, '--runner', 'jenkinsfile-runner'],
    { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: 'tcp://127.0.0.1:1' }, timeout: 60_000 },
  );
  // run's exit codes are build results (4 is ABORTED): its environment error keeps 5, "the run could not happen".
  expect(r.status).toBe(5);
  expect(r.stderr).toContain('jslc run: no Docker engine answers (tcp://127.0.0.1:1)');
  expect(r.stderr).not.toContain('internal error');
});

// A machine without Java, for real: a mount namespace in which /usr/lib/jvm (where every JDK of the machine lives,
// and where /usr/bin/java points) is an empty tmpfs. Needs root (CI runs as root); elsewhere the unit test above holds.
const root = process.getuid?.() === 0 && spawnSync('unshare', ['--mount', 'true']).status === 0;
(root ? test : test.skip)('jslc verify on a machine without Java exits 4 with the message, as text and as the --json envelope', () => {
  const jslc = (...args: string[]) => jslcIn({ CI: '' }, ...args);
  const jslcIn = (env: Record<string, string>, ...args: string[]) =>
    spawnSync('unshare', ['--mount', 'sh', '-c', 'mount -t tmpfs none /usr/lib/jvm && exec "$@"', 'sh', process.execPath, join('bin', 'jslc.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, JAVA_HOME: '', ...env },
      timeout: 60_000,
    });
  const text = jslc('verify', 'vars-out');
  expect(text.status).toBe(4);
  expect(text.stderr).toMatch(/^jslc verify: no Java found: the groovy, cps, codenarc, declarative, sandbox check\(s\) run on Java 17/);
  expect(text.stderr).toContain('--checks secrets');
  expect(text.stderr).not.toContain('internal error');
  const json = jslc('verify', 'vars-out', '--json');
  expect(json.status).toBe(4);
  expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, command: 'verify', exitCode: 4, findings: [{ severity: 'error', code: 'java' }] });
  // The checks that need no Java still run there.
  expect(jslc('verify', 'vars-out', '--checks', 'secrets').status).toBe(0);
  // build --verify needs Java too; under CI=true without a flag it says it does not verify and writes the library.
  expect(jslc('build', 'examples/go-service.pipeline.ts', '--out', '/tmp/jslc-nojava-out', '--verify').status).toBe(4);
  const ci = jslcIn({ CI: 'true' }, 'build', 'examples/go-service.pipeline.ts', '--out', '/tmp/jslc-nojava-out');
  expect(ci.status).toBe(0);
  expect(ci.stderr).toBe('jslc build: CI=true, but no Java 17 found: not verifying (install Java 17 to verify, or pass --verify to require it)\n');
  rmSync('/tmp/jslc-nojava-out', { recursive: true, force: true });
});
