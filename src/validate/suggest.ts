/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Length of the common prefix plus the common suffix, to break ties between equally distant candidates. */
function affinity(a: string, b: string): number {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return p + s;
}

/**
 * The closest candidate within distance 3, for a `did you mean "…"?` hint.
 * Ties go to the candidate sharing the longest prefix and suffix
 * (`windows/x64` suggests `windows/amd64`, not `windows/386`), then to the first one.
 */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  let bestA = -1;
  for (const c of candidates) {
    const d = editDistance(value, c);
    if (d > 3 || d > bestD) continue;
    const a = affinity(value, c);
    if (d < bestD || a > bestA) {
      best = c;
      bestD = d;
      bestA = a;
    }
  }
  return best === undefined ? undefined : `did you mean "${best}"?`;
}
