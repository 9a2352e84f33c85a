/** Semantic versions as jslc publishes them (`1.2.3`, `1.2.3-rc.1`; tags `v1.2.3`). */
import type { Bump } from './api-diff.js';

/** A parsed version. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers (`rc.1` → ['rc', '1']); empty for a release. */
  readonly pre: readonly string[];
  /** The text it was parsed from, without a leading `v`. */
  readonly text: string;
}

const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

/** Parses `1.2.3` or `v1.2.3` (with an optional pre-release); undefined when it is no semantic version. */
export function parseSemver(s: string): SemVer | undefined {
  const m = SEMVER.exec(s);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [], text: s.replace(/^v/, '') };
}

/** Compares by semver precedence: negative when a < b. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] - b[k];
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}

/** The bump from `prev` to `next` (next > prev). A 0.x release line treats a minor bump as major, as semver allows. */
export function bumpBetween(prev: SemVer, next: SemVer): Bump {
  if (next.major !== prev.major) return 'major';
  if (next.minor !== prev.minor) return next.major === 0 ? 'major' : 'minor';
  return 'patch';
}
