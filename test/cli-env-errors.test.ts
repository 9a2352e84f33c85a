/** Environment errors (a missing Java, an unreachable Docker engine) are not internal errors. */
import { spawnSync } from 'node:child_process';
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
