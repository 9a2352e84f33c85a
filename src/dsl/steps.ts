import type { ActionIR, CommandIR } from '../ir/types.js';
import { captureLocation } from './location.js';

function at<T extends object>(v: T): T {
  const loc = captureLocation();
  return loc ? { ...v, loc } : v;
}

/** Steps usable in `post` blocks of pipelines and stages. */
export const step = {
  /** Archive files matching Ant patterns as build artifacts (and fingerprint them). */
  archive: (artifacts: string | readonly string[], options: { fingerprint?: boolean; allowEmpty?: boolean } = {}): ActionIR =>
    at({
      kind: 'archive',
      artifacts: typeof artifacts === 'string' ? [artifacts] : [...artifacts],
      fingerprint: options.fingerprint ?? true,
      allowEmpty: options.allowEmpty ?? true,
    }),
  /** Publish JUnit XML reports (the build becomes UNSTABLE when tests failed). */
  junit: (pattern: string, options: { allowEmpty?: boolean } = {}): ActionIR => at({ kind: 'junit', pattern, allowEmpty: options.allowEmpty ?? true }),
  /** Print a message to the build log. */
  echo: (message: string): ActionIR => at({ kind: 'echo', message }),
  /** Delete the workspace directory. */
  deleteDir: (): ActionIR => at({ kind: 'deleteDir' }),
  /** Run a command (e.g. a notification tool) with an exact argument vector: `step.run(cmd('notify', ['--failed']))`. */
  run: (command: CommandIR): ActionIR => at({ kind: 'run', command }),
} as const;
