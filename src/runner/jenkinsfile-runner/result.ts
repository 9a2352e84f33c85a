/**
 * What a finished Jenkinsfile Runner container means: the exit code read together with the
 * `Finished: <RESULT>` line of the build log.
 *
 * Upstream facts (jenkinsci/jenkinsfile-runner, master 0cb622f):
 * - `payload/src/main/java/io/jenkins/jenkinsfile/runner/Runner.java` returns
 *   `b.getResult().ordinal` after the build, and before that copies the build log to stdout
 *   (`writeLogTo`); Jenkins core ends every build log with `Finished: <RESULT>`
 *   (`hudson.model.Run#execute` → `TaskListener#finished`). The ordinals are
 *   SUCCESS 0, UNSTABLE 1, FAILURE 2, NOT_BUILT 3, ABORTED 4 (`hudson.model.Result`).
 * - `bootstrap/src/main/java/io/jenkins/jenkinsfile/runner/bootstrap/Bootstrap.java` exits with
 *   picocli's `CommandLine#execute` code: 1 when the command threw (`ExitCode.SOFTWARE`, e.g.
 *   `JenkinsLauncher`'s "--runHome is not a directory"), 2 for a usage error (`ExitCode.USAGE`,
 *   an unknown or repeated option).
 * - `JenkinsLauncherCommand#postConstruct` and `Runner#run` call `System.exit(-1)` / return -1
 *   (invalid plugins file, invalid job name, SCM credentials): 255 in the container.
 *
 * So 1 and 2 are both a build result and a crash code: only the log tells them apart. A run
 * whose log has no `Finished:` line agreeing with the exit code did not run a build to its end:
 * it crashed, and is no build result at all.
 */
import type { BuildResult } from '../types.js';

/** The build results in the order of `hudson.model.Result`'s ordinals (the exit code of a finished run). */
export const RESULT_ORDINALS: readonly BuildResult[] = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED'];

/** The exit code jslc proposes for a crashed Jenkinsfile Runner (0–4 are build results, 5 a run that could not start). */
export const JFR_CRASH_EXIT_CODE = 6;

/** Why a run is a crash. */
export type CrashKind =
  /** picocli's 1: the command threw before or instead of a build. */
  | 'exception'
  /** picocli's 2: the arguments were rejected. */
  | 'usage'
  /** `System.exit(-1)`: 255. */
  | 'exit-minus-one'
  /** The log says one result, the exit code another. */
  | 'mismatch'
  /** Any other exit code without a `Finished:` line (e.g. 137: killed, out of memory). */
  | 'other';

/** The outcome of a Jenkinsfile Runner container. */
export type JfrOutcome =
  /** The build ran to its end. */
  | { readonly kind: 'finished'; readonly result: BuildResult; readonly exitCode: number }
  /** jslc's deadline killed the container. */
  | { readonly kind: 'timed-out'; readonly result: 'ABORTED'; readonly exitCode: number }
  /** Jenkinsfile Runner crashed: there is no build result. */
  | { readonly kind: 'crashed'; readonly crash: CrashKind; readonly exitCode: number; readonly reason: string; readonly finishedLine?: BuildResult };

const FINISHED = /^Finished: (SUCCESS|UNSTABLE|FAILURE|NOT_BUILT|ABORTED)$/;

/**
 * The result of the last `Finished: <RESULT>` line (the last, so a build that echoes such a line
 * earlier does not decide), or undefined when there is none.
 */
export function finishedResult(lines: readonly string[]): BuildResult | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = FINISHED.exec(lines[i]!);
    if (m) return m[1] as BuildResult;
  }
  return undefined;
}

/** Reads the exit code, the log and whether jslc's deadline fired as one outcome. */
export function interpretRun(exitCode: number, lines: readonly string[], timedOut = false): JfrOutcome {
  if (timedOut) return { kind: 'timed-out', result: 'ABORTED', exitCode };
  const logged = finishedResult(lines);
  if (logged !== undefined) {
    if (RESULT_ORDINALS[exitCode] === logged) return { kind: 'finished', result: logged, exitCode };
    return {
      kind: 'crashed',
      crash: 'mismatch',
      exitCode,
      finishedLine: logged,
      reason: `the log's last line "Finished: ${logged}" says exit code ${RESULT_ORDINALS.indexOf(logged)}, but Jenkinsfile Runner exited with ${exitCode}`,
    };
  }
  const base = `Jenkinsfile Runner exited with ${exitCode} and its log has no "Finished: <RESULT>" line (no build ran to its end)`;
  switch (exitCode) {
    case 1:
      return { kind: 'crashed', crash: 'exception', exitCode, reason: `${base}: picocli's 1, an exception (look for the stack trace in the log)` };
    case 2:
      return {
        kind: 'crashed',
        crash: 'usage',
        exitCode,
        reason: `${base}: picocli's 2, a usage error (an option the image's Jenkinsfile Runner does not know, or one given twice)`,
      };
    case 255:
      return {
        kind: 'crashed',
        crash: 'exit-minus-one',
        exitCode,
        reason: `${base}: -1, Jenkinsfile Runner refused its set-up (plugins directory, job name or SCM credentials)`,
      };
    default:
      return { kind: 'crashed', crash: 'other', exitCode, reason: exitCode === 137 ? `${base}: killed (137: SIGKILL, e.g. out of memory)` : base };
  }
}

/** How many log lines a crash error quotes. */
export const CRASH_LOG_TAIL_LINES = 40;

/**
 * The error a crashed run rejects with. It carries the outcome, so a caller (`jslc run`) can exit
 * with {@link JFR_CRASH_EXIT_CODE} instead of reading a crash as a build result.
 */
export class JenkinsfileRunnerCrash extends Error {
  /** The crash. */
  readonly outcome: Extract<JfrOutcome, { kind: 'crashed' }>;
  /** The container's exit code. */
  readonly exitCode: number;
  /** The exit code jslc uses for it ({@link JFR_CRASH_EXIT_CODE}). */
  readonly jslcExitCode = JFR_CRASH_EXIT_CODE;
  /** The whole (masked) log. */
  readonly log: string;

  /** @param image the image that crashed; @param outcome its outcome; @param lines the masked log lines. */
  constructor(image: string, outcome: Extract<JfrOutcome, { kind: 'crashed' }>, lines: readonly string[]) {
    const tail = lines.slice(-CRASH_LOG_TAIL_LINES).join('\n');
    super(`jenkinsfile-runner: the run crashed (image ${image}): ${outcome.reason}. Last log lines:\n${tail}`);
    this.name = 'JenkinsfileRunnerCrash';
    this.outcome = outcome;
    this.exitCode = outcome.exitCode;
    this.log = lines.join('\n') + (lines.length > 0 ? '\n' : '');
  }
}

/** jslc's exit code when a run could not happen at all (no Docker, no image, a missing plugin): `jslc run`'s 5. */
export const RUN_NOT_POSSIBLE_EXIT_CODE = 5;

/**
 * The `jslc run` exit code for an error a run rejected with: {@link JFR_CRASH_EXIT_CODE} for a crashed
 * Jenkinsfile Runner, {@link RUN_NOT_POSSIBLE_EXIT_CODE} for anything else.
 */
export function runErrorExitCode(err: unknown): number {
  return err instanceof JenkinsfileRunnerCrash ? err.jslcExitCode : RUN_NOT_POSSIBLE_EXIT_CODE;
}
