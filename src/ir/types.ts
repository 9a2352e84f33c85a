/**
 * The intermediate representation (IR): plain, JSON-serializable data that the
 * DSL builders produce and every later stage (validation, emitter, writer)
 * consumes. Every default is already applied here; nothing in the IR is
 * optional "because the emitter will pick something".
 *
 * Each node may carry a `loc`: where in the user's source it was built. It is
 * used for diagnostics only and never reaches the generated library.
 */

import type { PostCondition } from './closed-sets.js';

/** Post conditions live with the other closed sets; re-exported for the IR's importers. */
export { POST_CONDITIONS, type PostCondition } from './closed-sets.js';

/** A position in a user's source file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A reference to a parameter the pipeline var receives from its Jenkinsfile caller. */
export interface ParamRef {
  readonly kind: 'param';
  readonly name: string;
}

/** A string known when the library is compiled, or a caller parameter resolved at run time. */
export type StringValue = string | ParamRef;

/** Escape value for closed sets: a value jslc does not know, accepted as typed by the user. */
export interface Custom<T extends string = string> {
  readonly kind: 'custom';
  readonly value: T;
}

/** The whole library: one shared library repository. */
export interface LibraryIR {
  readonly kind: 'jslc.library';
  /** Library name as registered in Jenkins (`@Library('<name>@<version>') _`). */
  readonly name: string;
  readonly description: string;
  /** Pipelines by var name, in the order the user declared them. */
  readonly pipelines: readonly PipelineIR[];
  readonly loc?: SourceLocation;
}

/** A Declarative pipeline exported as `vars/<name>.groovy`. */
export interface PipelineIR {
  readonly kind: 'jslc.pipeline';
  /** The var name (Groovy identifier); set by `defineLibrary` from the pipelines map key. */
  readonly name: string;
  readonly description: string;
  readonly agent: AgentIR;
  readonly go: GoIR;
  readonly environment: readonly EnvEntryIR[];
  readonly options: OptionsIR;
  readonly triggers: TriggersIR;
  readonly params: readonly ParamIR[];
  readonly stages: readonly StageIR[];
  /**
   * `'auto'`: stages start as soon as the stages they depend on are done (see `schedule/`); `'as-written'`: the
   * stages run exactly as given.
   */
  readonly schedule: 'auto' | 'as-written';
  readonly post: PostIR;
  readonly loc?: SourceLocation;
}

/** Where a pipeline or stage runs (Declarative `agent`). */
export type AgentIR =
  | { readonly type: 'any' }
  | { readonly type: 'none' }
  | { readonly type: 'label'; readonly label: string }
  | {
      readonly type: 'docker';
      readonly image: string;
      readonly args: string;
      readonly label?: string;
      readonly reuseNode: boolean;
      readonly alwaysPull: boolean;
      /** The container can reach a Docker daemon (declared, or its args mount the socket or set `DOCKER_HOST`). */
      readonly dockerDaemon: boolean;
    }
  | {
      readonly type: 'kubernetes';
      /** Node architecture: a known one, or `custom(...)` (checked for form only). */
      readonly arch: string | Custom;
      /** Image of the `go` container; `null` means `golang:<go.version>` of the pipeline. */
      readonly image: string | null;
      readonly cloud?: string;
      readonly serviceAccount?: string;
      readonly inheritFrom?: string;
      readonly cpu?: string;
      readonly memory?: string;
      /** Mount the Docker socket of the node into the pod (for an image stage that runs `docker build`). */
      readonly dockerSocket: boolean;
    };

/** Go toolchain and module environment for a pipeline. */
export interface GoIR {
  readonly version: string;
  readonly toolchain: 'pin' | 'local' | 'auto';
  readonly proxy: readonly string[];
  readonly private: readonly string[];
  readonly flags: readonly string[];
  readonly modules: 'on' | 'auto' | 'off';
  /** Persistent cache root, or `null` to leave GOCACHE/GOMODCACHE at their defaults. */
  readonly cache: null | { readonly root: string; readonly volume: string };
}

/** An environment value: a string or parameter, or a Jenkins credential bound with `credentials()`. */
export type EnvValueIR = { readonly type: 'value'; readonly value: StringValue } | { readonly type: 'credentials'; readonly credentialsId: string };

/** One entry of a pipeline's `environment { }`. */
export interface EnvEntryIR {
  readonly name: string;
  readonly value: EnvValueIR;
}

/** Units of the `timeout` step. */
export type TimeUnit = 'SECONDS' | 'MINUTES' | 'HOURS';

/** A `timeout(time:, unit:)` option. */
export interface TimeoutIR {
  readonly time: number;
  readonly unit: TimeUnit;
}

/** Pipeline `options { }`, with jslc's defaults applied. */
export interface OptionsIR {
  readonly timeout?: TimeoutIR;
  readonly retry?: number;
  readonly timestamps: boolean;
  readonly buildDiscarder?: { readonly numToKeep?: number; readonly daysToKeep?: number };
  readonly disableConcurrentBuilds: false | { readonly abortPrevious: boolean };
  readonly skipDefaultCheckout: boolean;
  readonly parallelsAlwaysFailFast: boolean;
  /** Seconds a triggered build waits in the queue (`quietPeriod`). */
  readonly quietPeriod?: number;
  /** Pipeline durability (`durabilityHint`). */
  readonly durabilityHint?: DurabilityHint;
  /** Declarative's own checkout into a subdirectory of the workspace (`checkoutToSubdirectory`). */
  readonly checkoutToSubdirectory?: string;
  /** Keep the stashes of this many recent completed builds, for restarting stages (`preserveStashes`). */
  readonly preserveStashes?: number;
  /** Skip the remaining stages once the build is UNSTABLE (`skipStagesAfterUnstable`). */
  readonly skipStagesAfterUnstable: boolean;
  /** Projects allowed to copy this job's artifacts (copyartifact's `copyArtifactPermission`). */
  readonly copyArtifactPermission?: string;
  /** At most `count` builds per `duration` (`rateLimitBuilds`; `userBoost` lets user-started builds through). */
  readonly rateLimitBuilds?: { readonly count: number; readonly duration: RateLimitDuration; readonly userBoost: boolean };
  /** A new container of the docker agent for each stage (`newContainerPerStage`). */
  readonly newContainerPerStage: boolean;
}

/** workflow-api's FlowDurabilityHint names. */
export type DurabilityHint = 'PERFORMANCE_OPTIMIZED' | 'SURVIVABLE_NONATOMIC' | 'MAX_SURVIVABILITY';

/** Jenkins core's JobPropertyImpl throttle durations (`rateLimitBuilds(throttle: [durationName:])`). */
export type RateLimitDuration = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** What starts the job besides SCM events (Declarative `triggers {}`). */
export interface TriggersIR {
  /** `cron(spec)`: a crontab with Jenkins' `H` hashing, e.g. `H 2 * * 1-5`. */
  readonly cron?: string;
  /** `pollSCM(spec)`: poll the SCM on that schedule. */
  readonly pollSCM?: string;
  /** `upstream(...)`: build after any of these jobs finishes with at least `threshold`. */
  readonly upstream?: { readonly projects: readonly string[]; readonly threshold: 'SUCCESS' | 'UNSTABLE' | 'FAILURE' };
}

/** Types of pipeline var parameters; checked at run time by the generated var. */
export type ParamType = 'string' | 'boolean' | 'integer' | 'list';

/** A parameter of the pipeline var: `goServicePipeline(image: 'registry/app')`. */
export interface ParamIR {
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  readonly description: string;
  readonly default?: string | boolean | number | readonly string[];
  /**
   * Also a job parameter (Declarative `parameters {}`), whose default is the call's value: "Build with Parameters"
   * can override the call for one build. `choices` makes it a choice parameter.
   */
  readonly buildParameter?: { readonly choices?: readonly string[] };
  readonly loc?: SourceLocation;
}

// ---------------------------------------------------------------- when / post

/** A `when { }` condition of a stage. */
export type WhenIR =
  | { readonly type: 'branch'; readonly pattern: string; readonly comparator?: WhenComparator }
  | { readonly type: 'tag'; readonly pattern: string; readonly comparator?: WhenComparator }
  | { readonly type: 'buildingTag' }
  | { readonly type: 'changeRequest'; readonly filters: ChangeRequestFilters; readonly comparator?: WhenComparator }
  | { readonly type: 'environment'; readonly name: string; readonly value: string; readonly ignoreCase: boolean }
  | { readonly type: 'envMatches'; readonly name: string; readonly regex: string }
  | { readonly type: 'triggeredBy'; readonly cause: string }
  | { readonly type: 'changeset'; readonly pattern: string; readonly comparator?: WhenComparator; readonly caseSensitive: boolean }
  | { readonly type: 'param'; readonly name: string; readonly equals: string | boolean | number }
  | { readonly type: 'expression'; readonly groovy: string }
  | { readonly type: 'allOf' | 'anyOf'; readonly conditions: readonly WhenIR[] }
  | { readonly type: 'not'; readonly condition: WhenIR };

/** How a `when` pattern is compared (pipeline-model-definition's `Comparator`: `ANT` is its GLOB default for branch). */
export type WhenComparator = 'EQUALS' | 'GLOB' | 'REGEXP';

/** The attributes `changeRequest` can match (ChangeRequestConditional), each compared with the comparator; see CHANGE_REQUEST_FILTERS. */
export interface ChangeRequestFilters {
  readonly id?: string;
  readonly target?: string;
  readonly branch?: string;
  readonly fork?: string;
  readonly url?: string;
  readonly title?: string;
  readonly author?: string;
  readonly authorDisplayName?: string;
  readonly authorEmail?: string;
}

/** `post { }` actions by condition. */
export type PostIR = { readonly [C in PostCondition]?: readonly ActionIR[] };

/** A step usable in `post` blocks. */
export type ActionIR =
  | {
      readonly kind: 'archive';
      readonly artifacts: readonly string[];
      readonly fingerprint: boolean;
      readonly allowEmpty: boolean;
      readonly loc?: SourceLocation;
    }
  | { readonly kind: 'junit'; readonly pattern: string; readonly allowEmpty: boolean; readonly loc?: SourceLocation }
  | { readonly kind: 'echo'; readonly message: string; readonly loc?: SourceLocation }
  | { readonly kind: 'deleteDir'; readonly loc?: SourceLocation }
  | { readonly kind: 'run'; readonly command: CommandIR; readonly loc?: SourceLocation };

/** A command run without a shell in between: argv is passed verbatim. */
export interface CommandIR {
  readonly command: string;
  readonly args: readonly StringValue[];
  readonly env: readonly { readonly name: string; readonly value: StringValue }[];
  readonly label?: string;
}

// ---------------------------------------------------------------- stages

/** A GOOS/GOARCH pair: a known one, or `custom(...)` (checked for form only). */
export type Platform = string | Custom;

/** What every stage has: a name, and optionally its own when, agent, timeout, retry and post. */
export interface StageCommon {
  readonly name: string;
  readonly when?: WhenIR;
  readonly agent?: AgentIR;
  readonly timeout?: TimeoutIR;
  readonly retry?: number;
  /** Wait between attempts of `retry` (only with `retry`); absent: retry at once. */
  readonly retryDelay?: RetryDelayIR;
  /** What a failure of the stage's steps does to the build; absent: the build fails (Jenkins' default). */
  readonly onFailure?: OnFailureIR;
  readonly post?: PostIR;
  readonly loc?: SourceLocation;
}

/**
 * A result `catchError` may set. Jenkins accepts SUCCESS, UNSTABLE, FAILURE, NOT_BUILT and ABORTED
 * (workflow-basic-steps `CatchErrorStep.setBuildResult`/`setStageResult`); jslc offers the three that describe a
 * failed step.
 */
export type ResultName = 'SUCCESS' | 'UNSTABLE' | 'FAILURE';

/**
 * What a stage's failure does: `catchError(buildResult:, stageResult:)` keeps the build going with those results,
 * `warnError(message)` marks build and stage UNSTABLE and logs the message.
 */
export type OnFailureIR =
  | { readonly type: 'catchError'; readonly buildResult: ResultName; readonly stageResult: ResultName }
  | { readonly type: 'warnError'; readonly message: string };

/** The wait before each further attempt of a retried stage: `delaySeconds`, multiplied by `backoff` each time. */
export interface RetryDelayIR {
  /** Seconds before the second attempt (whole seconds, 0 or more). */
  readonly delaySeconds: number;
  /** Factor applied to the wait after each attempt (1 = a fixed wait). */
  readonly backoff: number;
}

/** A coverage threshold of the test stage: below `minPercent` total statement coverage the build is UNSTABLE. */
export interface CoverageThresholdIR {
  /** Least total coverage, in percent (0 to 100). */
  readonly minPercent: number;
}

/** The sources a checkout stage fetches: the job's SCM or a git repository. */
export type CheckoutSourceIR =
  { readonly type: 'scm' } | { readonly type: 'git'; readonly url: StringValue; readonly branch: StringValue; readonly credentialsId?: string };

/** `stage.checkout`: sources plus tags for `git describe` (var `goCheckout`). */
export interface CheckoutStageIR extends StageCommon {
  readonly kind: 'checkout';
  readonly source: CheckoutSourceIR;
  readonly fetchTags: boolean;
}

/** `stage.modules`: module download, verification, tidiness and replace policy (var `goModules`). */
export interface ModulesStageIR extends StageCommon {
  readonly kind: 'modules';
  readonly verify: boolean;
  readonly tidyCheck: boolean;
  readonly forbidLocalReplace: boolean;
}

/** `stage.vet`: `go vet` plus extra linters (var `goVet`). */
export interface VetStageIR extends StageCommon {
  readonly kind: 'vet';
  readonly packages: readonly string[];
  readonly linters: readonly CommandIR[];
  /** `-trimpath`, so that caches serve every workspace path. */
  readonly trimpath: boolean;
}

/** `go test -covermode`. */
export type CoverMode = 'set' | 'count' | 'atomic';

/** `stage.test`: race tests, coverage and JUnit (var `goTest`). */
export interface TestStageIR extends StageCommon {
  readonly kind: 'test';
  readonly race: boolean;
  readonly packages: readonly string[];
  readonly coverProfile?: string;
  readonly coverMode?: CoverMode;
  /** `go test -timeout` value (Go duration, e.g. `10m`). */
  readonly goTimeout?: string;
  /** JUnit XML report path, converted from `go test -json`. */
  readonly junit?: string;
  /** Mark the build UNSTABLE when total coverage (of `coverProfile`) is below the threshold. */
  readonly coverage?: CoverageThresholdIR;
  readonly tags: readonly string[];
  /** `-trimpath`, so that caches (test results included) serve every workspace path. */
  readonly trimpath: boolean;
  /** `-run` regular expression: only the tests it matches. */
  readonly run?: string;
  /** `-skip` regular expression: not the tests it matches. */
  readonly skip?: string;
  /** `-short`. */
  readonly short: boolean;
  /** `-count=N` (1 turns the test cache off for this run). */
  readonly count?: number;
  /** `-shuffle=on|off|SEED`. */
  readonly shuffle?: 'on' | 'off' | number;
  /** `-parallel=N`: tests of one package run at once. */
  readonly parallel?: number;
  /** `-coverpkg=…`: packages the coverage profile covers (needs coverProfile). */
  readonly coverPackages: readonly string[];
  /** More `go test` flags, one per element, as given. */
  readonly flags: readonly string[];
}

/** `stage.build`: static binaries per platform (var `goBuild`). */
export interface BuildStageIR extends StageCommon {
  readonly kind: 'build';
  readonly static: boolean;
  readonly trimpath: boolean;
  readonly ldflags: readonly string[];
  readonly versionVar?: string;
  /** `-X <variable>=<value>` per entry, the value read when the binary is built (sorted by variable). */
  readonly stamp: readonly StampIR[];
  readonly platforms: readonly Platform[];
  /** Output path prefix; each platform writes `<output>-<goos>-<goarch>[.exe]`. */
  readonly output: string;
  readonly package: string;
  readonly tags: readonly string[];
}

/** An image tag, resolved when the image stage runs. */
export type TagIR =
  | { readonly type: 'gitDescribe' }
  | { readonly type: 'commit' }
  | { readonly type: 'branch' }
  | { readonly type: 'buildNumber' }
  | { readonly type: 'literal'; readonly value: StringValue };

/** The repository's Dockerfile and context, or a generated one around a binary. */
export type DockerfileIR =
  | { readonly type: 'existing'; readonly path: string; readonly context: string }
  | { readonly type: 'generated'; readonly base: string; readonly binary: string; readonly expose: readonly number[] };

/**
 * The daemonless form of `stage.image` (its `oci` option): the build stage's static binaries packed by the OCI
 * builder (`resources/…/oci-image/main.go`, run with `go run`) into one image per linux platform and an OCI image
 * index over them, pushed straight to the registry. No Dockerfile and no container daemon.
 */
export interface OciImageIR {
  readonly type: 'oci';
  /** The build stage's output prefix (`stage.build`'s `output`), e.g. `bin/app`. */
  readonly binary: string;
  /**
   * The linux platforms of the index; each one's binary is `buildOutputPath(binary, platform)`
   * (`<binary>-<goos>-<goarch>`). Filled in by `goPipeline` from the pipeline's build stages when not given.
   */
  readonly platforms: readonly Platform[];
  /** `'scratch'` or a base image pinned by digest (`host/path@sha256:<hex>`). */
  readonly base: string;
  /** The image's user, a uid or uid:gid (`65532`, "nonroot", by default). */
  readonly user: string;
  /** Path of the binary in the image, its entrypoint (`/app` by default). */
  readonly entrypoint: string;
  /** Ports the image exposes (TCP). */
  readonly expose: readonly number[];
  /** Workspace files or directories added to the image, each at the absolute path `dest`, in the order given. */
  readonly files: readonly { readonly src: string; readonly dest: string }[];
  /** Add Go's time zone database (`zoneinfo.zip`) and point `ZONEINFO` at it. */
  readonly tzdata: boolean;
}

/** How an image stage builds its image: with docker build (a Dockerfile), or with the daemonless OCI builder. */
export type ImageBuilderIR = DockerfileIR | OciImageIR;

/** `stage.image`: image build, OCI labels, push and digest (var `containerImage`). */
export interface ImageStageIR extends StageCommon {
  readonly kind: 'image';
  readonly repository: StringValue;
  readonly tags: readonly TagIR[];
  /** The Dockerfile form (`dockerfile`, docker build) or the daemonless form (`oci`). */
  readonly builder: ImageBuilderIR;
  /**
   * Set when `stage.image` was given both `dockerfile` and `oci` (validation rejects it, JSLC058); `builder` is then
   * the oci form.
   */
  readonly dockerfileAndOci?: true;
  readonly buildArgs: readonly { readonly name: string; readonly value: StringValue }[];
  readonly ociLabels: boolean;
  readonly labels: readonly { readonly name: string; readonly value: StringValue }[];
  readonly push?: { readonly credentialsId: string; readonly registry?: string };
  /** File (relative to the workspace) where the pushed image digest reference is recorded. */
  readonly digestFile: string;
  /**
   * Set by the scheduler when it splits the stage: `'build'` only builds (and records the image references),
   * `'push'` pushes what the build recorded. Absent: both, in one stage.
   */
  readonly phase?: 'build' | 'push';
}

/** `stage.sign`: cosign signature and verification (var `cosignSign`). */
export interface SignStageIR extends StageCommon {
  readonly kind: 'sign';
  readonly keyCredentialsId: string;
  readonly passwordCredentialsId: string;
  readonly verify: boolean;
  /** Upload the signature to the Rekor transparency log (and verify against it). */
  readonly transparencyLog: boolean;
  /** Credentials id of the public key file for `cosign verify`; derived from the private key when absent. */
  readonly publicKeyCredentialsId?: string;
  readonly digestFile: string;
  /**
   * Signed attestations attached to the digest besides the signature: an SPDX 2.3 SBOM (`cosign attest --type
   * spdxjson`) and a SLSA provenance v1 statement (`--type slsaprovenance1`), both made from the image's Go binaries'
   * embedded build info by the library's go-sbom resource. With `verify`, both are verified too.
   */
  readonly attest: { readonly sbom: boolean; readonly provenance: boolean };
}

/** `stage.archive`: artifacts and fingerprints (var `archiveOutputs`). */
export interface ArchiveStageIR extends StageCommon {
  readonly kind: 'archive';
  readonly artifacts: readonly string[];
  readonly fingerprint: boolean;
}

/** `stage.run`: one command with an exact argv (var `runCommand`). */
export interface RunStageIR extends StageCommon {
  readonly kind: 'run';
  readonly command: CommandIR;
}

/**
 * A value of the running build that Jenkins sets in the environment (`env.BUILD_NUMBER`, `env.BRANCH_NAME`…),
 * read when the stage runs. Built with `runtime.*`; reaches a script stage only as an environment variable.
 */
export interface RuntimeRef {
  readonly kind: 'runtime';
  /** Which value: see `RUNTIME_VALUES` (`ir/runtime.ts`) for the Jenkins variable each one reads. */
  readonly value: RuntimeValueName;
}

/** The run-time values a script stage can receive (keys of `RUNTIME_VALUES` in `ir/runtime.ts`). */
export type RuntimeValueName = 'buildNumber' | 'buildUrl' | 'branch' | 'tag' | 'commit' | 'changeId' | 'jobName';

/**
 * A value of the checked-out commit, computed with git when the binary is built (`buildInfo.*`): the `git describe`
 * version, the commit hash, its 12-character abbreviation, the commit time (UTC, RFC 3339), which is stable across
 * rebuilds of one commit, unlike the build time.
 */
export interface BuildInfoRef {
  readonly kind: 'buildInfo';
  /** Which value: see `BUILD_INFO_VALUES` (`ir/stamp.ts`). */
  readonly value: BuildInfoValueName;
}

/** The commit values `buildInfo.*` names. */
export type BuildInfoValueName = 'version' | 'commit' | 'shortCommit' | 'commitDate';

/** What a `-X` stamp sets a variable to: a value of the commit, or a run-time value of the build. */
export type StampValue = BuildInfoRef | RuntimeRef;

/** One `-X` stamp of a build stage. */
export interface StampIR {
  /** The package-qualified string variable, e.g. `main.commit`. */
  readonly variable: string;
  readonly value: StampValue;
}

/**
 * The output of an earlier script stage (`stage.sh({ capture: 'NAME' })`), read when a later stage runs: the
 * environment variable the capture set. Built with `captured('NAME')`.
 */
export interface CapturedRef {
  readonly kind: 'captured';
  readonly name: string;
}

/** A value for a script's environment: a constant, a caller parameter, a run-time value of the build, or a capture. */
export type ScriptEnvValue = StringValue | RuntimeRef | CapturedRef;

/** What a script stage runs: script text as written, or make targets (the script is then generated). */
export type ScriptSourceIR =
  | { readonly type: 'sh' }
  | {
      readonly type: 'make';
      readonly targets: readonly string[];
      /** Make variables (`NAME=value` on make's command line), each taken from the environment entry of that name. */
      readonly vars: readonly string[];
    };

/** `stage.sh` / `stage.make`: a user script run by `sh`, values only through the environment (var `shellScript`). */
export interface ScriptStageIR extends StageCommon {
  readonly kind: 'script';
  /** The script text: trusted code, emitted verbatim as a single-quoted Groovy literal. */
  readonly script: string;
  readonly source: ScriptSourceIR;
  /** Environment entries, sorted by name. */
  readonly env: readonly { readonly name: string; readonly value: ScriptEnvValue }[];
  /** Directory (relative to the workspace) the script runs in; `'.'` is the workspace itself. */
  readonly dir: string;
  /** Label of the `sh` step shown in Jenkins. */
  readonly label: string;
  /** Exit codes that count as success, sorted; any other fails the stage. */
  readonly allowExitCodes: readonly number[];
  /** Credentials bound around the script only (`withCredentials`), in the order given. */
  readonly credentials: readonly CredentialBindingIR[];
  /** The environment variable the script's trimmed standard output is stored in, for later stages. */
  readonly capture?: string;
}

/**
 * One credentials-binding binding (`withCredentials([...])`), by kind; the variable fields are the plugin's own
 * parameter names (jenkinsci/credentials-binding-plugin: StringBinding, FileBinding, UsernamePasswordMultiBinding,
 * SSHUserPrivateKeyBinding, CertificateMultiBinding).
 */
export type CredentialBindingIR =
  | { readonly kind: 'string'; readonly credentialsId: string; readonly variable: string }
  | { readonly kind: 'file'; readonly credentialsId: string; readonly variable: string }
  | { readonly kind: 'usernamePassword'; readonly credentialsId: string; readonly usernameVariable: string; readonly passwordVariable: string }
  | {
      readonly kind: 'sshUserPrivateKey';
      readonly credentialsId: string;
      readonly keyFileVariable: string;
      readonly usernameVariable?: string;
      readonly passphraseVariable?: string;
    }
  | {
      readonly kind: 'certificate';
      readonly credentialsId: string;
      readonly keystoreVariable: string;
      readonly passwordVariable?: string;
      readonly aliasVariable?: string;
    };

/** `stage.parallel`: branches run at the same time. */
export interface ParallelStageIR extends StageCommon {
  readonly kind: 'parallel';
  readonly failFast: boolean;
  readonly branches: readonly StageIR[];
}

/** `stage.sequence`: nested sequential stages. */
export interface SequenceStageIR extends StageCommon {
  readonly kind: 'sequence';
  readonly stages: readonly StageIR[];
}

/** Stages that run steps (each has a step var). */
export type LeafStageIR =
  CheckoutStageIR | ModulesStageIR | VetStageIR | TestStageIR | BuildStageIR | ImageStageIR | SignStageIR | ArchiveStageIR | RunStageIR | ScriptStageIR;

/** Any stage. */
export type StageIR = LeafStageIR | ParallelStageIR | SequenceStageIR;

/** The `kind` discriminator of stages. */
export type StageKind = StageIR['kind'];
