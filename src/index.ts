/**
 * jslc: a typed TypeScript DSL for Go delivery pipelines, compiled into a
 * Jenkins shared library.
 *
 * @packageDocumentation
 */
export { defineLibrary, type LibrarySpec } from './dsl/library.js';
export {
  goPipeline,
  credentials,
  DEFAULT_CACHE_ROOT,
  DEFAULT_CACHE_VOLUME,
  type GoPipelineSpec,
  type GoOptions,
  type PipelineOptions,
  type ParamSpec,
  type EnvValue,
} from './dsl/pipeline.js';
export {
  stage,
  captured,
  type KnownPlatform,
  type Platform,
  type CheckoutOptions,
  type ModulesOptions,
  type VetOptions,
  type TestOptions,
  type BuildOptions,
  type ImageOptions,
  type SignOptions,
  type ArchiveOptions,
  type ShOptions,
  type MakeOptions,
  type ScriptCommonOptions,
} from './dsl/stages.js';
export { runtime } from './dsl/runtime.js';
export { buildInfo } from './dsl/build-info.js';
export { bind } from './dsl/bind.js';
export { BUILD_INFO_VALUES } from './ir/stamp.js';
export { RUNTIME_VALUES } from './ir/runtime.js';
export { type Agent, type KubernetesArch, type OnFailure, type Post, type RetryPolicy, type StageOptions, type Timeout } from './dsl/common.js';
export { tag } from './dsl/tags.js';
export { when } from './dsl/when.js';
export { step } from './dsl/steps.js';
export { cmd, type CommandSpec } from './dsl/command.js';
export { param, custom } from './dsl/values.js';
export type * from './ir/types.js';
export { POST_CONDITIONS } from './ir/types.js';
export { validate } from './validate/validate.js';
export { RULES, type RuleCode, WARNING_RULES } from './validate/rules.js';
export { type Diagnostic, ValidationError, formatDiagnostic } from './validate/diagnostic.js';
export { synth, mermaidGraph, compileModel, PASSES, type SynthOptions, type CompileResult, type PassName } from './driver/driver.js';
export type { LibraryFiles } from './library/files.js';
export { schedulePipeline, scheduleLibrary } from './schedule/schedule.js';
export type {
  ScheduledChunk,
  ScheduledLeaf,
  ScheduledLibrary,
  ScheduledParallel,
  ScheduledPipeline,
  ScheduledSequence,
  ScheduledSignStage,
  ScheduledStage,
  ScheduledTop,
} from './schedule/types.js';
export { groovyString } from './lang/groovy.js';
export { JSLC_VERSION } from './version.js';
export {
  jenkinsfile,
  pipelineCall,
  type CallValue,
  type Jenkinsfile,
  type JenkinsfileSpec,
  type LibraryRef,
  type PipelineCall,
} from './jenkinsfile/jenkinsfile.js';
