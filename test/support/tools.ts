import { execFileSync } from 'node:child_process';
import { javaHome } from '../../src/verify/jvm.js';

export { javaHome };

/** In CI (or with JSLC_E2E=required) a missing tool fails the test run instead of skipping. */
export function toolsRequired(): boolean {
  return process.env['CI'] === 'true' || process.env['JSLC_E2E'] === 'required';
}

/** The path of a command on the PATH, if any. */
export function onPath(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** groovyc 2.4.21 (Debian's groovy package), with the environment to run it; undefined when absent. */
export function groovyc(): { path: string; env: NodeJS.ProcessEnv; version: string } | undefined {
  const path = onPath('groovyc');
  const home = javaHome();
  if (!path || !home) return undefined;
  const env = { ...process.env, JAVA_HOME: home };
  // groovyc prints its version on stderr.
  const version = execFileSync('sh', ['-c', '"$0" --version 2>&1', path], { env, encoding: 'utf8' });
  return { path, env, version };
}

/** `test` when the tool is there; else `test.skip` with a one-line notice, or a hard failure in CI. */
export function whenTool<T>(name: string, tool: T | undefined): jest.It {
  if (tool !== undefined) return test;
  if (toolsRequired()) {
    throw new Error(`${name} is required in CI (CI=true or JSLC_E2E=required) but was not found; .ci/run installs it`);
  }
  process.stderr.write(`jslc tests: ${name} not found; tests that need it are skipped (install it, or run .ci/run)\n`);
  return test.skip;
}
