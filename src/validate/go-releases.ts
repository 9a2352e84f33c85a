/**
 * The Go release table: the date of each minor release's `.0`, for the end-of-support warning (JSLC047). Go's release
 * policy (go.dev/doc/devel/release#policy): "Each major Go release is supported until there are two newer major
 * releases", so `1.N` reaches its end of support on the day `1.(N+2).0` is released. The table is data, not the
 * clock: the same model gives the same findings on any day; a release newer than the table's last is "supported".
 *
 * Dates: go.dev/doc/devel/release, and for 1.25 on the module proxy's times of `golang.org/toolchain` versions
 * (`https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.N.0.linux-amd64.info`).
 * Add a line when a minor release comes out (and move the example to it: examples/go-service.pipeline.ts).
 */
export const GO_RELEASES: readonly (readonly [minor: number, released: string])[] = [
  [16, '2021-02-16'],
  [17, '2021-08-16'],
  [18, '2022-03-15'],
  [19, '2022-08-02'],
  [20, '2023-02-01'],
  [21, '2023-08-08'],
  [22, '2024-02-06'],
  [23, '2024-08-13'],
  [24, '2025-02-11'],
  [25, '2025-08-12'],
  [26, '2026-02-10'],
  [27, '2026-08-18'],
];

/** When a minor release's support ended, per the table: the release date of `1.(minor+2)`. */
export interface EndOfSupport {
  /** The release that ended it, `1.(minor+2)`. */
  readonly endedBy: string;
  /** Its release date, `YYYY-MM-DD`; undefined for minors older than the table (their end predates it). */
  readonly date?: string;
}

/** The end of support of Go `1.minor`, or undefined while it is supported (or newer than the table). */
export function endOfSupport(minor: number): EndOfSupport | undefined {
  const first = GO_RELEASES[0]![0];
  if (minor + 2 < first) return { endedBy: `1.${minor + 2}` };
  const ender = GO_RELEASES.find(([m]) => m === minor + 2);
  return ender ? { endedBy: `1.${ender[0]}`, date: ender[1] } : undefined;
}

/** The supported minors per the table, newest first (`['1.27', '1.26']`). */
export function supportedGoMinors(): string[] {
  return GO_RELEASES.slice(-2)
    .map(([m]) => `1.${m}`)
    .reverse();
}
