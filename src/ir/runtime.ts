import type { RuntimeRef, RuntimeValueName } from './types.js';

/**
 * The Jenkins environment variable each run-time value reads. Facts from upstream Jenkins:
 * BUILD_NUMBER, BUILD_URL and JOB_NAME are set for every build (jenkinsci/jenkins,
 * core/src/main/resources/jenkins/model/CoreEnvironmentContributor/buildEnv.groovy); BRANCH_NAME, TAG_NAME and
 * CHANGE_ID by multibranch projects (jenkinsci/branch-api-plugin, BranchNameContributor); GIT_COMMIT by the git
 * plugin's checkout (jenkinsci/git-plugin, GitSCM#buildEnvironment). A value the build does not have is empty.
 */
export const RUNTIME_VALUES: { readonly [K in RuntimeValueName]: string } = {
  buildNumber: 'BUILD_NUMBER',
  buildUrl: 'BUILD_URL',
  branch: 'BRANCH_NAME',
  tag: 'TAG_NAME',
  commit: 'GIT_COMMIT',
  changeId: 'CHANGE_ID',
  jobName: 'JOB_NAME',
};

/** A `runtime.*` reference: an object of exactly `kind: 'runtime'` and a known `value`. */
export function isRuntimeRef(v: unknown): v is RuntimeRef {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    (v as { kind?: unknown }).kind === 'runtime' &&
    typeof (v as { value?: unknown }).value === 'string' &&
    Object.prototype.hasOwnProperty.call(RUNTIME_VALUES, (v as { value: string }).value) &&
    Object.keys(v).length === 2
  );
}
