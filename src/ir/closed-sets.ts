/**
 * The closed sets jslc knows, each written once: the DSL derives its types from these arrays and validation checks
 * against the same arrays, so a value the type accepts is a value validation accepts. Values outside a set go
 * through `custom(...)` (checked for form only).
 */

/**
 * GOOS/GOARCH pairs: every port that `go tool dist list` prints in Go 1.21.0 and still prints in Go 1.26.8
 * (ports added later, such as openbsd/ppc64 and openbsd/riscv64, and windows/arm, removed in Go 1.26, need
 * `custom(...)`). freebsd/riscv64 is in Go 1.21's list and only marked broken since (`go tool dist list -broken`,
 * go.dev/issue/76475); it stays.
 *
 * The order decides ties between equally close suggestions, in validation's "did you mean" and in TypeScript's
 * (which follows the union's order): the ports most builds target come first, so `linux/arm65` suggests
 * `linux/arm64`, then the others as `go tool dist list` sorts them.
 */
export const KNOWN_PLATFORMS = [
  'linux/amd64',
  'linux/arm64',
  'linux/386',
  'linux/arm',
  'linux/ppc64le',
  'linux/s390x',
  'linux/riscv64',
  'linux/loong64',
  'linux/mips64le',
  'darwin/amd64',
  'darwin/arm64',
  'windows/amd64',
  'windows/arm64',
  'windows/386',
  'freebsd/amd64',
  'freebsd/arm64',
  'openbsd/amd64',
  'netbsd/amd64',
  'illumos/amd64',
  'solaris/amd64',
  'aix/ppc64',
  'js/wasm',
  'wasip1/wasm',
  'android/386',
  'android/amd64',
  'android/arm',
  'android/arm64',
  'dragonfly/amd64',
  'freebsd/386',
  'freebsd/arm',
  'freebsd/riscv64',
  'ios/amd64',
  'ios/arm64',
  'linux/mips',
  'linux/mips64',
  'linux/mipsle',
  'linux/ppc64',
  'netbsd/386',
  'netbsd/arm',
  'netbsd/arm64',
  'openbsd/386',
  'openbsd/arm',
  'openbsd/arm64',
  'plan9/386',
  'plan9/amd64',
  'plan9/arm',
] as const;
/** GOOS/GOARCH pairs known to jslc; others through `custom(...)`. */
export type KnownPlatform = (typeof KNOWN_PLATFORMS)[number];

export function isKnownPlatform(s: string): s is KnownPlatform {
  return (KNOWN_PLATFORMS as readonly string[]).includes(s);
}

/** CPU architectures Kubernetes nodes report in `kubernetes.io/arch`. */
export const KNOWN_K8S_ARCHES = ['amd64', 'arm64', 'arm', 's390x', 'ppc64le', 'riscv64'] as const;
/** A `kubernetes.io/arch` value known to jslc; others through `custom(...)`. */
export type KnownKubernetesArch = (typeof KNOWN_K8S_ARCHES)[number];

export function isKnownK8sArch(s: string): s is KnownKubernetesArch {
  return (KNOWN_K8S_ARCHES as readonly string[]).includes(s);
}

/** Post conditions, in Jenkins' evaluation order (pipeline-model-definition BuildCondition ordinals). */
export const POST_CONDITIONS = [
  'always',
  'changed',
  'fixed',
  'regression',
  'aborted',
  'success',
  'unsuccessful',
  'unstable',
  'failure',
  'notBuilt',
  'cleanup',
] as const;
/** One Declarative post condition. */
export type PostCondition = (typeof POST_CONDITIONS)[number];

export function isPostCondition(s: string): s is PostCondition {
  return (POST_CONDITIONS as readonly string[]).includes(s);
}

/** Base images a generated Dockerfile names by keyword (`distroless` is `gcr.io/distroless/static-debian12:nonroot`). */
export const KNOWN_BASE_IMAGES = ['scratch', 'distroless'] as const;
/** A base image keyword; any other image reference through `custom(...)`. */
export type KnownBaseImage = (typeof KNOWN_BASE_IMAGES)[number];

export function isKnownBaseImage(s: string): s is KnownBaseImage {
  return (KNOWN_BASE_IMAGES as readonly string[]).includes(s);
}

/**
 * The `changeRequest` condition's attributes, in pipeline-model-definition's order (ChangeRequestConditional's
 * @DataBoundSetters: id, target, branch, fork, url, title, author, authorDisplayName, authorEmail).
 */
export const CHANGE_REQUEST_FILTERS = ['id', 'target', 'branch', 'fork', 'url', 'title', 'author', 'authorDisplayName', 'authorEmail'] as const;

/** The comparators of `when` patterns (pipeline-model-definition's Comparator enum, minus its deprecated names). */
export const WHEN_COMPARATORS = ['EQUALS', 'GLOB', 'REGEXP'] as const;
