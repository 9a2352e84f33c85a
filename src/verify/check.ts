/**
 * What every check of `jslc verify` is: a name, what it proves, whether it needs Java, and a run
 * function returning its findings. The checks themselves are listed in `./checks.ts`.
 *
 * @module
 */
import type { VerifyFinding } from './finding.js';
import type { JvmCheck, VerifierResult } from './jvm.js';

/** The parts of a verify run that are timed (`VerifyResult.ms`, beside the total). */
export type TimedPart = 'jvm' | 'codenarc' | 'secrets';

/** What a check is given: the library, and the shared run of the verifier jar. */
export interface CheckContext {
  /** The library directory, absolute. */
  readonly dir: string;
  /**
   * The one run of the verifier jar for this `verifyLibrary` call, with the `jvmParts` of every
   * selected check: started by the first check that asks, shared by all.
   */
  jvm(): Promise<VerifierResult>;
}

/** What a check's run returns. */
export interface CheckOutcome<N extends string = string> {
  readonly findings: readonly VerifyFinding<N>[];
  /** Number of Groovy files checked, when the check counts them. */
  readonly files?: number;
  /** Wall time of the parts it ran, in ms. */
  readonly ms?: Partial<Record<TimedPart, number>>;
}

/** One check of `jslc verify`. */
export interface VerifyCheck<N extends string = string> {
  /** What `--checks` accepts and findings print in brackets: `file:line:col [name] message`. */
  readonly name: N;
  /** One line: what a pass of the check proves (the `jslc verify --help` text). */
  readonly description: string;
  /** True when the check runs on the JVM (Java 17). */
  readonly needsJava: boolean;
  /** The checks of the verifier jar it needs, run in the one shared JVM (`CheckContext.jvm`). */
  readonly jvmParts: readonly JvmCheck[];
  /**
   * Runs the check over `ctx.dir`. Checks that need Java are started first, so that their
   * JVMs run while the others use this thread.
   */
  run(ctx: CheckContext): Promise<CheckOutcome<N>>;
}
