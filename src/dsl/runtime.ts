import type { RuntimeRef, RuntimeValueName } from '../ir/types.js';

function ref(value: RuntimeValueName): RuntimeRef {
  return { kind: 'runtime', value };
}

/**
 * Values of the running build, for a script stage's `env` (never its text). Each reads the variable Jenkins sets
 * (see `RUNTIME_VALUES`); one the build does not have (a tag outside a tag build) is empty.
 *
 * @example stage.sh({ script: 'echo "build $N"', env: { N: runtime.buildNumber() } })
 */
export const runtime = {
  /** The build number (`BUILD_NUMBER`). */
  buildNumber: (): RuntimeRef => ref('buildNumber'),
  /** The build's URL (`BUILD_URL`); empty when Jenkins has no root URL configured. */
  buildUrl: (): RuntimeRef => ref('buildUrl'),
  /** The branch of a multibranch build (`BRANCH_NAME`). */
  branch: (): RuntimeRef => ref('branch'),
  /** The tag of a tag build (`TAG_NAME`). */
  tag: (): RuntimeRef => ref('tag'),
  /** The commit checked out by the git plugin (`GIT_COMMIT`). */
  commit: (): RuntimeRef => ref('commit'),
  /** The change request (pull request) id (`CHANGE_ID`). */
  changeId: (): RuntimeRef => ref('changeId'),
  /** The job's full name (`JOB_NAME`). */
  jobName: (): RuntimeRef => ref('jobName'),
} as const;
