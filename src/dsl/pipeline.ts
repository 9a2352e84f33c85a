import type {
  DurabilityHint,
  EnvEntryIR,
  GoIR,
  OptionsIR,
  ParamIR,
  ParamType,
  PipelineIR,
  RateLimitDuration,
  StageIR,
  StringValue,
  TriggersIR,
} from '../ir/types.js';
import { type Agent, type Post, type Timeout, toAgent, toPost, toTimeout } from './common.js';
import { captureLocation } from './location.js';
import { withImagePlatforms } from './stages.js';
import { sortedEntries } from '../util/sorted.js';

/** Go toolchain and module settings. */
export interface GoOptions {
  /** Go version, e.g. `'1.27.4'`. Pinned with `GOTOOLCHAIN=go<version>`. */
  readonly version: string;
  /** `'pin'` (`GOTOOLCHAIN=go<version>`), `'auto'` (`go<version>+auto`) or `'local'`. Default: `'pin'`. */
  readonly toolchain?: 'pin' | 'local' | 'auto';
  /** `GOPROXY` entries, joined with commas. Default: `['https://proxy.golang.org', 'direct']`. */
  readonly proxy?: readonly string[];
  /** `GOPRIVATE` module patterns. Default: none. */
  readonly private?: readonly string[];
  /** `GOFLAGS`, e.g. `['-mod=readonly']`. Default: `['-mod=readonly']`. */
  readonly flags?: readonly string[];
  /** `GO111MODULE`. Default: `'on'`. */
  readonly modules?: 'on' | 'auto' | 'off';
  /**
   * Persist `GOCACHE`, `GOMODCACHE` and `GOTMPDIR` across builds under a
   * directory keyed by the Go version. `true` uses `/var/tmp/jslc-cache`
   * (a named Docker volume `jslc-go-cache` on docker agents, a hostPath on
   * Kubernetes pods). Default: `true`.
   */
  readonly cache?: boolean | { readonly root: string; readonly volume?: string };
}

/** Pipeline-wide options. */
export interface PipelineOptions {
  /** Whole-build timeout. Default: 60 minutes. */
  readonly timeout?: Timeout;
  /** Retry the whole pipeline this many times in all. Default: none. */
  readonly retry?: number;
  /** Timestamps on log lines (Timestamper plugin). Default: `true`. */
  readonly timestamps?: boolean;
  /** Keep only so many builds / days of builds. Default: keep 20 builds. */
  readonly buildDiscarder?: { readonly numToKeep?: number; readonly daysToKeep?: number } | false;
  /** Disallow concurrent builds of the job; `'abortPrevious'` aborts the running one. Default: `true`. */
  readonly disableConcurrentBuilds?: boolean | 'abortPrevious';
  /** Skip Declarative's implicit checkout (a checkout stage does it). Default: `true`. */
  readonly skipDefaultCheckout?: boolean;
  /** Every parallel group fails fast. Default: `false`. */
  readonly parallelsAlwaysFailFast?: boolean;
  /** Seconds a triggered build waits in the queue before it starts (`quietPeriod`), 0 to 86400. Default: Jenkins'. */
  readonly quietPeriod?: number;
  /**
   * How durably Jenkins records the pipeline's progress (`durabilityHint`): `'PERFORMANCE_OPTIMIZED'` writes least
   * (a controller crash can lose a running build), `'MAX_SURVIVABILITY'` most. Default: Jenkins'.
   */
  readonly durabilityHint?: DurabilityHint;
  /** Declarative's own checkout goes to this subdirectory of the workspace (`checkoutToSubdirectory`). Default: none. */
  readonly checkoutToSubdirectory?: string;
  /** Keep the stashes of this many completed builds (1 to 50), so a stage can be restarted (`preserveStashes`). */
  readonly preserveStashes?: number;
  /** Skip the remaining stages once the build is UNSTABLE (`skipStagesAfterUnstable`). Default: `false`. */
  readonly skipStagesAfterUnstable?: boolean;
  /** Jobs allowed to copy this job's artifacts (copyartifact's `copyArtifactPermission`), e.g. `['deploy/*']`. */
  readonly copyArtifactPermission?: readonly string[];
  /** At most `count` builds per `duration` (`rateLimitBuilds`); `userBoost` lets user-started builds skip the queue. */
  readonly rateLimitBuilds?: { readonly count: number; readonly duration: RateLimitDuration; readonly userBoost?: boolean };
  /** A new container of the pipeline's docker agent for each stage (`newContainerPerStage`; docker agents only). */
  readonly newContainerPerStage?: boolean;
}

/** What starts the job besides SCM events (Declarative `triggers {}`). */
export interface Triggers {
  /** A crontab with Jenkins' `H` (hash) syntax, e.g. `'H 2 * * 1-5'` or `'@daily'`. */
  readonly cron?: string;
  /** Poll the SCM on this crontab schedule, e.g. `'H/15 * * * *'`. */
  readonly pollSCM?: string;
  /** Build after one of these jobs finishes with at least `threshold` (default `'SUCCESS'`). */
  readonly upstream?: { readonly projects: readonly string[]; readonly threshold?: 'SUCCESS' | 'UNSTABLE' | 'FAILURE' };
}

/** A parameter the Jenkinsfile passes to the pipeline var. */
export interface ParamSpec {
  /** `'string'`, `'boolean'`, `'integer'` or `'list'` (of strings). */
  readonly type: ParamType;
  /** The caller must pass it. Default: `false`. */
  readonly required?: boolean;
  /** Shown in the var's help. */
  readonly description?: string;
  /** Value when the caller omits it. */
  readonly default?: string | boolean | number | readonly string[];
  /**
   * Also a job parameter (`parameters {}`): the Jenkinsfile's call gives its default, and "Build with Parameters" can
   * override it for one build (the build's value wins). `{ choices }` makes a string parameter a choice parameter.
   * Strings, booleans and integers only. Default: `false`.
   */
  readonly buildParameter?: boolean | { readonly choices: readonly string[] };
}

/** Environment values: a string, a caller parameter, or a Jenkins credential (`credentials('id')`). */
export type EnvValue = StringValue | { readonly credentials: string };

/**
 * Bind a Jenkins credential to an environment variable (Declarative
 * `credentials()`): secret text, a secret file path, or `user:password` with
 * `_USR` and `_PSW` variables. Values are masked in the log.
 */
export function credentials(credentialsId: string): { readonly credentials: string } {
  return { credentials: credentialsId };
}

/** Everything `goPipeline` accepts. */
export interface GoPipelineSpec {
  /** One line shown in the var's help and the library README. */
  readonly description: string;
  /** Where the pipeline runs. Default: `'any'`. */
  readonly agent?: Agent;
  /** Go toolchain and module settings. */
  readonly go: GoOptions;
  /** Extra environment variables (emitted sorted by name; values are literal, so order cannot matter). */
  readonly environment?: { readonly [name: string]: EnvValue };
  readonly options?: PipelineOptions;
  /** What else starts the job: a schedule, SCM polling, upstream jobs (Declarative `triggers {}`). Default: none. */
  readonly triggers?: Triggers;
  /** Parameters of the pipeline var, by name (checked and documented in name order). */
  readonly params?: { readonly [name: string]: ParamSpec };
  /** The stages, in order. */
  readonly stages: readonly StageIR[];
  /**
   * How the stages run. `'auto'`: each stage starts as soon as the stages it depends on are done, in a shape
   * Declarative can express: vet, tests and one build per platform side by side after the modules; an image
   * build beside them, right after the build of the binary it packages; the push, signing, commands and archive
   * after every stage before them (so nothing is published before every check passed). Branches of a
   * `stage.parallel` always stay side by side. `'as-written'`: exactly the stages and groups given.
   * Default: `'auto'`.
   */
  readonly schedule?: 'auto' | 'as-written';
  /** Pipeline post actions. */
  readonly post?: Post;
}

/** The cache root used when `go.cache` is `true`. */
export const DEFAULT_CACHE_ROOT = '/var/tmp/jslc-cache';
/** The Docker volume mounted at the cache root on docker agents. */
export const DEFAULT_CACHE_VOLUME = 'jslc-go-cache';

function toGo(g: GoOptions): GoIR {
  const cache = g.cache ?? true;
  return {
    version: g.version,
    toolchain: g.toolchain ?? 'pin',
    proxy: [...(g.proxy ?? ['https://proxy.golang.org', 'direct'])],
    private: [...(g.private ?? [])],
    flags: [...(g.flags ?? ['-mod=readonly'])],
    modules: g.modules ?? 'on',
    cache:
      cache === false
        ? null
        : cache === true
          ? { root: DEFAULT_CACHE_ROOT, volume: DEFAULT_CACHE_VOLUME }
          : { root: cache.root, volume: cache.volume ?? DEFAULT_CACHE_VOLUME },
  };
}

function toOptions(o: PipelineOptions): OptionsIR {
  const bd = o.buildDiscarder === undefined ? { numToKeep: 20 } : o.buildDiscarder;
  const dcb = o.disableConcurrentBuilds ?? true;
  return {
    timeout: toTimeout(o.timeout ?? 60),
    ...(o.retry !== undefined ? { retry: o.retry } : {}),
    timestamps: o.timestamps ?? true,
    ...(bd !== false ? { buildDiscarder: { ...bd } } : {}),
    disableConcurrentBuilds: dcb === false ? false : { abortPrevious: dcb === 'abortPrevious' },
    skipDefaultCheckout: o.skipDefaultCheckout ?? true,
    parallelsAlwaysFailFast: o.parallelsAlwaysFailFast ?? false,
    ...(o.quietPeriod !== undefined ? { quietPeriod: o.quietPeriod } : {}),
    ...(o.durabilityHint !== undefined ? { durabilityHint: o.durabilityHint } : {}),
    ...(o.checkoutToSubdirectory !== undefined ? { checkoutToSubdirectory: o.checkoutToSubdirectory } : {}),
    ...(o.preserveStashes !== undefined ? { preserveStashes: o.preserveStashes } : {}),
    skipStagesAfterUnstable: o.skipStagesAfterUnstable ?? false,
    ...(o.copyArtifactPermission !== undefined ? { copyArtifactPermission: [...o.copyArtifactPermission].join(',') } : {}),
    ...(o.rateLimitBuilds !== undefined
      ? { rateLimitBuilds: { count: o.rateLimitBuilds.count, duration: o.rateLimitBuilds.duration, userBoost: o.rateLimitBuilds.userBoost ?? false } }
      : {}),
    newContainerPerStage: o.newContainerPerStage ?? false,
  };
}

function toTriggers(t: Triggers): TriggersIR {
  return {
    ...(t.cron !== undefined ? { cron: t.cron } : {}),
    ...(t.pollSCM !== undefined ? { pollSCM: t.pollSCM } : {}),
    ...(t.upstream !== undefined ? { upstream: { projects: [...t.upstream.projects], threshold: t.upstream.threshold ?? 'SUCCESS' } } : {}),
  };
}

function toEnv(env: { readonly [name: string]: EnvValue }): EnvEntryIR[] {
  return sortedEntries(env).map(([name, v]) => ({
    name,
    value: typeof v === 'object' && v !== null && 'credentials' in v ? { type: 'credentials', credentialsId: v.credentials } : { type: 'value', value: v },
  }));
}

function toParams(params: { readonly [name: string]: ParamSpec }): ParamIR[] {
  return sortedEntries(params).map(([name, p]) => ({
    name,
    type: p.type,
    required: p.required ?? false,
    description: p.description ?? '',
    ...(p.default !== undefined ? { default: Array.isArray(p.default) ? [...p.default] : p.default } : {}),
    ...(p.buildParameter === true ? { buildParameter: {} } : p.buildParameter ? { buildParameter: { choices: [...p.buildParameter.choices] } } : {}),
  }));
}

/**
 * A Go delivery pipeline. It becomes a Declarative pipeline in
 * `vars/<name>.groovy`, where `<name>` is its key in `defineLibrary({ pipelines })`.
 */
export function goPipeline(spec: GoPipelineSpec): PipelineIR {
  const loc = captureLocation();
  return {
    kind: 'jslc.pipeline',
    name: '',
    description: spec.description,
    agent: toAgent(spec.agent ?? 'any'),
    go: toGo(spec.go),
    environment: toEnv(spec.environment ?? {}),
    options: toOptions(spec.options ?? {}),
    triggers: toTriggers(spec.triggers ?? {}),
    params: toParams(spec.params ?? {}),
    stages: withImagePlatforms(spec.stages),
    schedule: spec.schedule ?? 'auto',
    post: toPost(spec.post),
    ...(loc ? { loc } : {}),
  };
}
