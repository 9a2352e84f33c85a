/**
 * The CLI's error types, in a module of their own so that commands (and `jslc --version`) can name them without
 * loading the TypeScript compiler, which src/cli/compile.ts loads.
 */
import type { CliFinding } from './envelope.js';

/** A failure the user can fix: printed as is, exit code 1, nothing written. */
export class UserError extends Error {
  constructor(
    message: string,
    /** Lines printed before the message (one per finding), on stderr. */
    readonly details: readonly string[] = [],
    /** Fields added to the `--json` envelope (e.g. `diagnostics`). */
    readonly json: unknown = undefined,
    /** The findings, for the `--json` envelope; default: the message as one error finding. */
    readonly findings: readonly CliFinding[] = [],
    /** What caused it (its stack is printed with `--debug`). */
    override readonly cause: unknown = undefined,
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

/** Node's error codes for an operation the user may not do (as opposed to a disk that is full or read-only). */
const PERMISSION_CODES = new Set(['EACCES', 'EPERM']);

/**
 * The environment error for a file-system error that is a permission problem (EACCES, EPERM), else undefined:
 * `what` says what jslc was doing (e.g. `cannot write vars-out`).
 */
export function permissionError(what: string, cause: unknown): EnvError | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !PERMISSION_CODES.has(code)) return undefined;
  const path = (cause as { path?: unknown }).path;
  return new EnvError(
    `${what}: permission denied${typeof path === 'string' ? ` (${path})` : ''}: this user (uid ${process.getuid?.() ?? '?'}) may not write there. ` +
      'Choose a directory you own (--out DIR), or fix its owner or mode (chown/chmod); jslc never needs root for this.',
    'permission',
  );
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
