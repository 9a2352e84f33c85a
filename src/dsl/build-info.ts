import type { BuildInfoRef, BuildInfoValueName } from '../ir/types.js';

function ref(value: BuildInfoValueName): BuildInfoRef {
  return { kind: 'buildInfo', value };
}

/**
 * Values of the checked-out commit for a build stage's `stamp` (`-X` linker flags), computed with git when the
 * binary is built. The commit time, not the build time, so rebuilding a commit gives the same binary.
 *
 * @example stage.build({ stamp: { 'main.commit': buildInfo.commit(), 'main.date': buildInfo.commitDate(), 'main.build': runtime.buildNumber() } })
 */
export const buildInfo = {
  /** `git describe --tags --always --dirty`, as `versionVar` sets it (`v1.2.3`, `v1.2.3-4-gabc1234`). */
  version: (): BuildInfoRef => ref('version'),
  /** The full commit hash (`git rev-parse HEAD`). */
  commit: (): BuildInfoRef => ref('commit'),
  /** The commit hash's first 12 characters. */
  shortCommit: (): BuildInfoRef => ref('shortCommit'),
  /** The commit time in UTC, RFC 3339 (`2026-11-30T09:15:02Z`). */
  commitDate: (): BuildInfoRef => ref('commitDate'),
} as const;
