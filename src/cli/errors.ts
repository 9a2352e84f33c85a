/**
 * The CLI's error types, in a module of their own so that commands (and `jslc --version`) can name them without
 * loading the TypeScript compiler, which src/cli/compile.ts loads.
 */

/** A failure the user can fix: printed as is, exit code 1, nothing written. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
    readonly json: unknown = undefined,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The exit code of an environment error: something jslc needs is missing or unreachable (not a bug: that is 3). */
export const ENV_EXIT = 4;

/**
 * Something on the machine is missing or unreachable (Java, a Docker engine) or not permitted: not the user's input
 * and not a bug in jslc. Printed as one paragraph saying what is missing and how to get it; exit {@link ENV_EXIT}.
 */
export class EnvError extends Error {
  constructor(
    message: string,
    /** A short machine-readable name of what is missing, e.g. `java`, `docker`, `permission`. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'EnvError';
  }
}

/**
 * The environment error for a verify whose `checks` need Java when `java` (the java executable found, if any) is
 * missing; `noJava` are the checks that run without it.
 */
export function missingJava(java: string | undefined, checks: readonly string[], noJava: readonly string[]): EnvError | undefined {
  if (java) return undefined;
  return new EnvError(
    `no Java found: the ${checks.join(', ')} check(s) run on Java 17, and neither JAVA_HOME, ` +
      '/usr/lib/jvm nor the PATH has one. Install a Java 17 runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; ' +
      'macOS: brew install openjdk@17) and set JAVA_HOME or put java on the PATH, or run only the checks that need no ' +
      `Java: jslc verify <libdir> --checks ${noJava.join(',')}.`,
    'java',
  );
}
