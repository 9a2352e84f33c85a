/**
 * The forms of a Go version (`go.version`), in one place: what jslc accepts as a version and which of those name no
 * toolchain release.
 */

/** A Go version: a release (`1.27.4`), a language version (`1.22`) or a pre-release (`1.22rc1`, `1.22beta1`). */
const GO_VERSION = /^1\.\d+(\.\d+|rc\d+|beta\d+)?$/;

/** A language version `1.N`, without patch or pre-release; group 1 is N. */
const GO_LANGUAGE_VERSION = /^1\.(\d+)$/;

/** The first minor release whose `1.N` is a language version only (its first release is `1.N.0`). */
const FIRST_LANGUAGE_ONLY_MINOR = 21;

export function isGoVersion(v: string): boolean {
  return GO_VERSION.test(v);
}

/**
 * A version that names a language but no release, so `GOTOOLCHAIN=go<v>` fails: `1.N` from Go 1.21 on (cmd/go:
 * "go1.22 is a language version but not a toolchain version (go1.22.x)"). Before 1.21, `1.20` was a release.
 */
export function isLanguageOnlyGoVersion(v: string): boolean {
  const m = GO_LANGUAGE_VERSION.exec(v);
  return m !== null && Number(m[1]) >= FIRST_LANGUAGE_ONLY_MINOR;
}

/** The `1.N` minor of a version jslc accepts (`1.27.4`, `1.26`, `1.27rc1` → 27, 26, 27); undefined when it is none. */
export function goMinor(v: string): number | undefined {
  const m = /^1\.(\d+)/.exec(v);
  return m && isGoVersion(v) ? Number(m[1]) : undefined;
}
