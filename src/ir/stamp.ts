/**
 * Build stamps (`stage.build({ stamp })`): the token each stamp value travels as, from the pipeline var to the
 * `goBuild` step var to `go-build.sh`, which computes the value (git for `buildInfo.*`, the Jenkins variable of
 * `RUNTIME_VALUES` for `runtime.*`). One table, so the emitter, the script and the docs agree.
 */
import type { BuildInfoRef, BuildInfoValueName, StampValue } from './types.js';
import { RUNTIME_VALUES, isRuntimeRef } from './runtime.js';

/** How `go-build.sh` computes each `buildInfo.*` value (documentation; the script is assets/scripts/go-build.sh). */
export const BUILD_INFO_VALUES: { readonly [K in BuildInfoValueName]: string } = {
  version: 'git describe --tags --always --dirty (as versionVar)',
  commit: 'git rev-parse HEAD',
  shortCommit: 'git rev-parse --short=12 HEAD',
  commitDate: 'the commit time in UTC, RFC 3339 (git show -s --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ)',
};

/** A `buildInfo.*` reference: an object of exactly `kind: 'buildInfo'` and a known `value`. */
export function isBuildInfoRef(v: unknown): v is BuildInfoRef {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    (v as { kind?: unknown }).kind === 'buildInfo' &&
    typeof (v as { value?: unknown }).value === 'string' &&
    Object.prototype.hasOwnProperty.call(BUILD_INFO_VALUES, (v as { value: string }).value) &&
    Object.keys(v).length === 2
  );
}

/** A stamp value jslc knows. */
export function isStampValue(v: unknown): v is StampValue {
  return isBuildInfoRef(v) || isRuntimeRef(v);
}

/**
 * The token of a stamp value in the `goBuild` call: the `buildInfo` name (`commit`), or `env:` and the Jenkins
 * variable of a run-time value (`env:BUILD_NUMBER`).
 */
export function stampToken(v: StampValue): string {
  switch (v.kind) {
    case 'buildInfo':
      return v.value;
    case 'runtime':
      return `env:${RUNTIME_VALUES[v.value]}`;
  }
}
