/**
 * Semantic versioning of a library from its API: what changed between two `jslc-api.json` files, and the smallest
 * version bump that change allows. Removing or renaming a var or a parameter, making a parameter required, adding a
 * required one, or changing its type breaks callers (major). Adding a var or an optional parameter, making a
 * required parameter optional, or changing a default changes what callers get without breaking them (minor).
 * Anything else (the Groovy inside, help texts, scripts) is a patch.
 */
import type { ApiParam, ApiVar, LibraryApi } from './api.js';

/** A version bump, smallest first. */
export type Bump = 'patch' | 'minor' | 'major';

const RANK: Readonly<Record<Bump, number>> = { patch: 0, minor: 1, major: 2 };

/** One API change and the bump it needs. */
export interface ApiChange {
  /** The bump this change needs at least. */
  readonly bump: Bump;
  /** The var, or `var.param`. */
  readonly path: string;
  /** What changed, in words. */
  readonly message: string;
}

const show = (v: unknown): string => JSON.stringify(v);

function paramChanges(v: string, before: readonly ApiParam[], after: readonly ApiParam[]): ApiChange[] {
  const out: ApiChange[] = [];
  const old = new Map(before.map((p) => [p.name, p]));
  const now = new Map(after.map((p) => [p.name, p]));
  for (const [name, p] of old) {
    const q = now.get(name);
    const path = `${v}.${name}`;
    if (!q) {
      out.push({ bump: 'major', path, message: `parameter removed (callers passing ${name} now fail)` });
      continue;
    }
    if (p.type !== q.type) out.push({ bump: 'major', path, message: `type changed from ${p.type} to ${q.type}` });
    if (!p.required && q.required) out.push({ bump: 'major', path, message: 'parameter became required' });
    if (p.required && !q.required) out.push({ bump: 'minor', path, message: 'parameter became optional' });
    if (show(p.default) !== show(q.default)) out.push({ bump: 'minor', path, message: `default changed from ${show(p.default)} to ${show(q.default)}` });
  }
  for (const [name, q] of now) {
    if (old.has(name)) continue;
    out.push(
      q.required
        ? { bump: 'major', path: `${v}.${name}`, message: 'required parameter added (existing calls lack it)' }
        : { bump: 'minor', path: `${v}.${name}`, message: `optional parameter added (default ${show(q.default)})` },
    );
  }
  return out;
}

/** Every API change from `before` to `after`, sorted by path. */
export function diffApi(before: LibraryApi, after: LibraryApi): ApiChange[] {
  const out: ApiChange[] = [];
  const old = new Map<string, ApiVar>(before.vars.map((v) => [v.name, v]));
  const now = new Map<string, ApiVar>(after.vars.map((v) => [v.name, v]));
  for (const [name, v] of old) {
    const w = now.get(name);
    if (!w) out.push({ bump: 'major', path: name, message: `${v.kind} var removed (Jenkinsfiles calling ${name} now fail)` });
    else out.push(...paramChanges(name, v.params, w.params));
  }
  for (const [name, w] of now) if (!old.has(name)) out.push({ bump: 'minor', path: name, message: `${w.kind} var added` });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The bump a list of changes needs (patch when empty). */
export function requiredBump(changes: readonly ApiChange[]): Bump {
  return changes.reduce<Bump>((m, c) => (RANK[c.bump] > RANK[m] ? c.bump : m), 'patch');
}

/** Whether `actual` is at least `needed`. */
export function bumpAllows(actual: Bump, needed: Bump): boolean {
  return RANK[actual] >= RANK[needed];
}

/** The diff as text: one line per change, `major  goBuild.platforms: type changed from list to string`. */
export function formatApiDiff(changes: readonly ApiChange[]): string {
  if (changes.length === 0) return 'no API changes';
  return changes.map((c) => `${c.bump.padEnd(5)}  ${c.path}: ${c.message}`).join('\n');
}
