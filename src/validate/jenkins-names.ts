/**
 * Names a library var must not take: Pipeline built-in steps and globals
 * (workflow-basic-steps, workflow-durable-task-step, workflow-cps globals,
 * pipeline-model-definition, docker-workflow, kubernetes, credentials-binding,
 * junit, timestamper). A var with such a name shadows the step for every
 * Jenkinsfile that loads the library.
 */
export const RESERVED_VAR_NAMES: ReadonlySet<string> = new Set([
  'pipeline', 'node', 'stage', 'parallel', 'properties', 'env', 'params', 'currentBuild', 'scm', 'docker',
  'sh', 'bat', 'powershell', 'pwsh', 'echo', 'error', 'unstable', 'dir', 'deleteDir', 'withEnv', 'withCredentials',
  'timeout', 'retry', 'sleep', 'waitUntil', 'catchError', 'warnError', 'checkout', 'git', 'stash', 'unstash',
  'archiveArtifacts', 'archive', 'fingerprint', 'junit', 'writeFile', 'readFile', 'fileExists', 'isUnix', 'pwd',
  'libraryResource', 'library', 'load', 'input', 'milestone', 'lock', 'build', 'mail', 'emailext', 'tool',
  'timestamps', 'ws', 'podTemplate', 'container', 'kubernetes', 'credentials', 'getContext', 'withContext',
  'evaluate', 'steps', 'agent', 'stages', 'post', 'environment', 'options', 'parameters', 'triggers', 'tools',
  'when', 'matrix', 'script', 'cleanWs', 'readJSON', 'writeJSON', 'readYaml', 'writeYaml', 'jenkins', 'manager',
  'binding', 'out', 'this', 'super', 'class', 'println', 'print', 'sleep', 'unarchive', 'publishChecks',
]);

/** Groovy keywords and literals, which cannot be identifiers. */
export const GROOVY_KEYWORDS: ReadonlySet<string> = new Set([
  'abstract', 'as', 'assert', 'boolean', 'break', 'byte', 'case', 'catch', 'char', 'class', 'const', 'continue',
  'def', 'default', 'do', 'double', 'else', 'enum', 'extends', 'false', 'final', 'finally', 'float', 'for', 'goto',
  'if', 'implements', 'import', 'in', 'instanceof', 'int', 'interface', 'long', 'native', 'new', 'null', 'package',
  'private', 'protected', 'public', 'return', 'short', 'static', 'strictfp', 'super', 'switch', 'synchronized',
  'this', 'threadsafe', 'throw', 'throws', 'trait', 'transient', 'true', 'try', 'void', 'volatile', 'while',
]);

/** GOOS/GOARCH pairs of `go tool dist list` (Go 1.21+, first-class and common ports). */
export const KNOWN_PLATFORMS: readonly string[] = [
  'aix/ppc64', 'android/amd64', 'android/arm64', 'darwin/amd64', 'darwin/arm64', 'dragonfly/amd64',
  'freebsd/386', 'freebsd/amd64', 'freebsd/arm', 'freebsd/arm64', 'freebsd/riscv64', 'illumos/amd64',
  'ios/arm64', 'js/wasm', 'linux/386', 'linux/amd64', 'linux/arm', 'linux/arm64', 'linux/loong64',
  'linux/mips', 'linux/mips64', 'linux/mips64le', 'linux/mipsle', 'linux/ppc64', 'linux/ppc64le',
  'linux/riscv64', 'linux/s390x', 'netbsd/386', 'netbsd/amd64', 'netbsd/arm', 'netbsd/arm64',
  'openbsd/386', 'openbsd/amd64', 'openbsd/arm', 'openbsd/arm64', 'plan9/386', 'plan9/amd64', 'plan9/arm',
  'solaris/amd64', 'wasip1/wasm', 'windows/386', 'windows/amd64', 'windows/arm64',
];

/** CPU architectures Kubernetes nodes report in `kubernetes.io/arch`. */
export const KNOWN_K8S_ARCHES: readonly string[] = ['amd64', 'arm64', 'arm', 's390x', 'ppc64le', 'riscv64'];

/** Environment variables jslc sets itself or that must not be overridden. */
export const RESERVED_ENV_NAMES: ReadonlySet<string> = new Set([
  'PATH', 'HOME', 'WORKSPACE', 'BUILD_NUMBER', 'BUILD_ID', 'BUILD_URL', 'JOB_NAME', 'BRANCH_NAME', 'NODE_NAME',
  'GOTOOLCHAIN', 'GOPROXY', 'GOPRIVATE', 'GOFLAGS', 'GO111MODULE', 'GOCACHE', 'GOMODCACHE', 'GOTMPDIR',
  'GOOS', 'GOARCH', 'CGO_ENABLED',
]);
