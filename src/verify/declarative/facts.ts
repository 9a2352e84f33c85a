/**
 * Facts about Declarative Pipeline that the rules need, taken from
 * `shared/jenkins/declarative-facts.json` (a hand-written summary whose every key cites its
 * upstream source in jenkinsci/pipeline-model-definition-plugin@42c9dc3e440b8e1b52d1859ea60fed20e8b54aa4).
 * They are inlined so that jslc needs no file outside its package; test/declarative.test.ts
 * checks them against declarative-facts.json when ../shared is present.
 *
 * @module
 */
import type { ValidatorMessageKey } from './messages.js';

/**
 * Post-build condition names in evaluation order (`BuildCondition.getOrderedConditionNames()`,
 * i.e. by descending `@Extension(ordinal = …)` of the conditions in
 * pipeline-model-definition/src/main/groovy/org/jenkinsci/plugins/pipeline/modeldefinition/model/conditions/*.groovy:
 * always 1000, changed 900, fixed 890, regression 880, aborted 800, success 700,
 * unsuccessful 650, unstable 600, failure 500, notBuilt 400, cleanup -10000; the order
 * ModelInterpreter.runPostConditions runs them in).
 * Source: declarative-facts.json `postConditionEvaluationOrder.order`. verify keeps its own copy
 * rather than reading the compiler's (src/ir/types.ts): it checks any library, not only jslc's.
 */
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

/**
 * Sections that may appear directly in `pipeline { }`.
 * Source: declarative-facts.json `sectionsAllowedAtPipelineTop`, from ModelParser.parsePipelineStep.
 */
export const SECTIONS_ALLOWED_AT_PIPELINE_TOP = ['agent', 'stages', 'post', 'environment', 'options', 'parameters', 'triggers', 'tools', 'libraries'] as const;

/** Source: declarative-facts.json `requiredAtPipelineTop`, from ModelValidatorImpl.validateElement(ModelASTPipelineDef). */
export const REQUIRED_AT_PIPELINE_TOP = ['agent', 'stages'] as const;

/** Keys of a stage object in the JSON AST. Source: declarative-facts.json `stageKeysInJsonAst` (= ast-schema.json `stage`). */
export const STAGE_KEYS_IN_JSON_AST = [
  'name',
  'failFast',
  'agent',
  'when',
  'post',
  'tools',
  'environment',
  'options',
  'input',
  'branches',
  'matrix',
  'parallel',
  'stages',
] as const;

/** Source: declarative-facts.json `stageMustHaveExactlyOneOf`, from ModelValidatorImpl.validateElement(ModelASTStage, boolean). */
export const STAGE_MUST_HAVE_EXACTLY_ONE_OF = ['steps', 'stages', 'parallel', 'matrix'] as const;

/**
 * Steps rejected inside `steps {}` (and inside post-condition blocks and block-step bodies), with
 * the key of their reason in validator/Messages.properties.
 * Source: declarative-facts.json `blockedSteps.inSteps`, from
 * pipeline-model-definition/src/main/java/…/validator/BlockedStepsAndMethodCalls.java `blockedInSteps()`.
 */
export const BLOCKED_IN_STEPS: Readonly<Record<string, ValidatorMessageKey>> = {
  stage: 'BlockedStepsAndMethodCalls.BlockedSteps.Stage',
  properties: 'BlockedStepsAndMethodCalls.BlockedSteps.Properties',
  parallel: 'BlockedStepsAndMethodCalls.BlockedSteps.Parallel',
};

/**
 * Steps rejected as method calls in options/triggers/parameters (`blockedInMethodCalls()` = `node`
 * plus everything blocked in steps).
 * Source: declarative-facts.json `blockedSteps.inMethodCallArguments`, same Java file.
 */
export const BLOCKED_IN_METHOD_CALLS: Readonly<Record<string, ValidatorMessageKey>> = {
  node: 'BlockedStepsAndMethodCalls.BlockedSteps.Node',
  ...BLOCKED_IN_STEPS,
};

/**
 * `when` condition symbols of the plugin itself (`DeclarativeStageConditionalDescriptor.allNames()`
 * without third-party conditions). Source: declarative-facts.json `whenConditionSymbols`.
 */
export const WHEN_CONDITIONS = [
  'allOf',
  'anyOf',
  'branch',
  'buildingTag',
  'changelog',
  'changeRequest',
  'changeset',
  'environment',
  'equals',
  'expression',
  'isRestartedRun',
  'not',
  'tag',
  'triggeredBy',
] as const;

/**
 * How many child conditions a nested `when` condition takes (`getAllowedChildrenCount()`):
 * -1 = one or more, n > 0 = exactly n; conditions not listed take none.
 * Source: pipeline-model-definition/src/main/groovy/…/when/impl/AllOfConditional.groovy,
 * AnyOfConditional.groovy (-1) and NotConditional.groovy (1).
 */
export const WHEN_CHILDREN_COUNT: Readonly<Record<string, number>> = { allOf: -1, anyOf: -1, not: 1 };

/** Source: declarative-facts.json `whenFlags`, from ModelParser.parseWhen and ast-schema.json `when`. */
export const WHEN_FLAGS = ['beforeAgent', 'beforeInput', 'beforeOptions'] as const;

/** Agent types that take no arguments (`DeclarativeAgentDescriptor.zeroArgModels()`). Source: declarative-facts.json `agentTypes.core`. */
export const ZERO_ARG_AGENTS = ['any', 'none'] as const;

/**
 * Option names rejected inside `options {}` with the key of their message.
 * Source: declarative-facts.json `optionsRejected`, from validator/ParametersAndTriggersInOptions.java.
 */
export const OPTIONS_REJECTED: Readonly<Record<string, ValidatorMessageKey>> = {
  parameters: 'ParametersAndTriggersInOptions.RejectParameters',
  triggers: 'ParametersAndTriggersInOptions.RejectTriggers',
};

/**
 * Declarative section and directive names that are not steps. Inside `steps {}` Jenkins'
 * ModelParser.parseStep turns `post { … }` into a block step named `post`, which the validator
 * accepts and which then fails at run time ("No such DSL method 'post' found among steps"). jslc
 * reports it at verify time instead. The value says where the section belongs.
 * Source: ModelParser.groovy (parsePipelineStep, parseStage, parseMatrix); `input`, `node`, `stage`,
 * `parallel` and `properties` are real steps and are not listed (the last three are blocked steps).
 */
export const SECTION_PLACES: Readonly<Record<string, string>> = {
  agent: 'at the top of pipeline {} or directly in a stage',
  environment: 'at the top of pipeline {} or directly in a stage',
  options: 'at the top of pipeline {} or directly in a stage',
  tools: 'at the top of pipeline {} or directly in a stage',
  post: 'at the top of pipeline {} or directly in a stage',
  stages: 'at the top of pipeline {} or directly in a stage',
  parameters: 'only at the top of pipeline {}',
  triggers: 'only at the top of pipeline {}',
  libraries: 'only at the top of pipeline {}',
  when: 'only directly in a stage',
  steps: 'only directly in a stage',
  matrix: 'only directly in a stage',
  failFast: 'only directly in a stage',
  axes: 'only directly in a matrix',
  excludes: 'only directly in a matrix',
};
