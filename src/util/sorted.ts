/**
 * Entries of an object, sorted by key (code-unit order, independent of locale), so the order keys were written in
 * never changes an output: the IR, emitted files, command lines and hashes are canonical.
 */
export function sortedEntries<T>(o: { readonly [k: string]: T }): [string, T][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
