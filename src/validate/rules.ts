/**
 * The catalogue of validation rules. Each code is stable: tests, docs and
 * users' CI logs refer to it. Every rule has a fixture under
 * `fixtures/invalid/` and a test asserting its exact message.
 */
export const RULES = {
  JSLC001: "library name must be usable in @Library('<name>@<version>')",
  JSLC002: 'var names must be Groovy identifiers starting with a lower-case letter',
  JSLC003: 'var names must not shadow Pipeline steps, globals or jslc-generated vars',
  JSLC004: 'a library needs at least one pipeline',
  JSLC005: 'stages, parallel branches and sequences must not be empty',
  JSLC006: 'stage names must be unique in a pipeline (Jenkins requires it at every nesting level)',
  JSLC007: 'stage names must be non-empty single-line text',
  JSLC008: 'a parallel branch must not contain another parallel group (Jenkins forbids it)',
  JSLC009: 'stages need an agent when the pipeline has agent none',
  JSLC010: 'post conditions must be ones Jenkins knows',
  JSLC011: 'parameter names must be Groovy identifiers and not reserved',
  JSLC012: 'platforms must be known GOOS/GOARCH pairs (or custom(...))',
  JSLC013: 'platforms must not repeat',
  JSLC014: 'param(...) must refer to a declared parameter',
  JSLC015: 'timeouts and retry counts must be positive integers',
  JSLC016: 'the Go version must look like 1.27.4 (or 1.22rc1)',
  JSLC017: 'environment variable names must be valid and not reserved',
  JSLC018: 'credentials ids must be non-empty and contain no whitespace',
  JSLC019: 'image repositories must be valid references without tag or digest',
  JSLC020: 'image tags must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127} (a NUL in a tag is reported here, not as JSLC024)',
  JSLC021: 'each ldflags element must be one non-empty flag without whitespace or quotes',
  JSLC022: 'versionVar and stamp variables must be package-qualified variables such as main.version, each set once to a buildInfo.* or runtime.* value',
  JSLC023: "stages that need another stage's output must come after it",
  JSLC024: 'strings must not contain NUL or other control characters that cannot be passed safely',
  JSLC025: 'parameter defaults must match the declared type and required parameters have no default',
  JSLC026: 'with race, the coverage mode must be atomic',
  JSLC027: 'Go durations must look like 90s, 10m or 1h30m',
  JSLC028: 'workspace paths must be relative and stay inside the workspace',
  JSLC029: "lists emitted as Groovy literals must stay under the CPS engine's caps",
  JSLC030: 'agents need a label, image or architecture that Jenkins accepts',
  JSLC031: 'exposed ports must be between 1 and 65535',
  JSLC032: 'Go package patterns, build tags and commands must be non-empty and not start with a dash',
  JSLC033: 'a parallel group must not set an agent, and the CPS engine needs fewer than 250 branches',
  JSLC034: 'a script stage needs a non-empty script',
  JSLC035: "a script's environment names must be POSIX names and not set by Jenkins, the shell or jslc",
  JSLC036: "a script's dir must be a relative directory inside the workspace",
  JSLC037: 'make stages need targets of letters, digits and _ . / + - (not starting with a dash)',
  JSLC038: 'a script stage label must be non-empty single-line text',
  JSLC039: "a script's environment values must be strings, param(...), runtime.* values or captured(...)",
  JSLC040: 'allowed exit codes must be integers from 0 to 255, at least one',
  JSLC042: 'a retry delay must be whole seconds from 0 to 3600',
  JSLC043: 'a retry backoff must be a factor from 1 to 10',
  JSLC044: 'onFailure must set SUCCESS, UNSTABLE or FAILURE without hiding the failure, and warn needs a one-line message',
  JSLC045: 'a coverage minimum must be a whole percentage from 0 to 100',
  JSLC046: 'result control options must fit the stage: onFailure and retry waits on stages that run steps, coverage with a coverProfile',
  JSLC047: 'the Go version should be a supported Go release (a warning: Go supports the two newest minor releases)',
  JSLC048: "a script must not expand a credential's secret on a command line (pass it on stdin, in a file or by environment)",
  JSLC049: 'script credentials must be bind.* bindings, each variable set once',
  JSLC050:
    'job options must be values Jenkins accepts (quietPeriod 0-86400 s, preserveStashes 1-50, known durability hints and durations, newContainerPerStage on a docker agent)',
  JSLC051: 'triggers need crontab lines Jenkins parses and upstream jobs by name',
  JSLC052: 'a capture is a name set once by an sh script that exits 0, and captured(...) names a capture of an earlier stage',
  JSLC053:
    'test options must be ones go test accepts: coverage options with a coverProfile, counts from 1, one flag per element, typed options not repeated as flags',
  JSLC054: 'when conditions need known comparators and attributes, regular expressions that compile, cause names and one-line patterns',
  JSLC055: 'build parameters must be strings, booleans, integers or choices Jenkins can offer, with the default among the choices',
  JSLC057: 'an image stage that runs docker build (either dockerfile form) needs an agent that declares a Docker daemon',
  JSLC058: 'an image stage is built either from a Dockerfile (dockerfile, buildArgs) or by the OCI builder (oci), not both',
  JSLC059: 'an image stage built with oci pushes: without a daemon only the registry holds the image',
  JSLC060: "sign attestations (SBOM, provenance) need an image made from build stages' linux Go binaries jslc knows",
  JSLC061: 'the OCI builder packs linux binaries only, of the architectures it knows',
  JSLC062: "the OCI builder's base is scratch or pinned by digest, its user a uid[:gid], its entrypoint and file destinations clean absolute paths",
} as const;

/** A rule code of {@link RULES}. */
export type RuleCode = keyof typeof RULES;

/** The rules whose findings are warnings: printed, and the build goes on. Every other rule's finding is an error. */
export const WARNING_RULES: ReadonlySet<string> = new Set<RuleCode>(['JSLC047']);

/** A rule's severity. */
export function severityOf(code: string): 'error' | 'warning' {
  return WARNING_RULES.has(code) ? 'warning' : 'error';
}
