/**
 * Versions of the third-party tools jslc pins, in one place: the runner image carries them, and generated steps that
 * find no such tool on the agent run exactly this release with `go run` (verified by the Go checksum database).
 */

/** The cosign release: the runner image's (scripts/build-cosign.sh builds it) and the one `cosignSign` falls back to. */
export const COSIGN_VERSION = 'v2.6.5';
