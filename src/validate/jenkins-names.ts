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

/** Environment variables jslc sets itself or that must not be overridden. */
export const RESERVED_ENV_NAMES: ReadonlySet<string> = new Set([
  'PATH', 'HOME', 'WORKSPACE', 'BUILD_NUMBER', 'BUILD_ID', 'BUILD_URL', 'JOB_NAME', 'BRANCH_NAME', 'NODE_NAME',
  'GOTOOLCHAIN', 'GOPROXY', 'GOPRIVATE', 'GOFLAGS', 'GO111MODULE', 'GOCACHE', 'GOMODCACHE', 'GOTMPDIR',
  'GOOS', 'GOARCH', 'CGO_ENABLED',
]);
