/**
 * The Declarative parser's and validator's message templates, copied verbatim (after
 * `.properties` unescaping) from jenkinsci/pipeline-model-definition-plugin at
 * 42c9dc3e440b8e1b52d1859ea60fed20e8b54aa4:
 *
 * - `pipeline-model-definition/src/main/resources/org/jenkinsci/plugins/pipeline/modeldefinition/Messages.properties`
 *   (keys `Parser.*`, `ModelParser.*`, `ModelValidatorImpl.*`);
 * - `…/modeldefinition/validator/Messages.properties` (keys `BlockedStepsAndMethodCalls.*`,
 *   `ParametersAndTriggersInOptions.*`).
 *
 * test/declarative.test.ts checks every template against those files when ../shared is present.
 * Jenkins renders them with `java.text.MessageFormat` (via Localizer), so `format` below
 * implements MessageFormat's quoting: `'{'` is a literal brace and a lone `'` starts a quoted
 * run and is dropped (which is why Jenkins prints "can't" from `can\'t` as "cant").
 *
 * @module
 */

/** Templates from `Messages.properties`, by key. */
export const MODEL_MESSAGES = {
  'Parser.BuildParameters': 'Build parameters',
  'Parser.Libraries': 'Libraries',
  'Parser.Options': 'Options',
  'Parser.MultipleOfSection': 'Multiple occurrences of the {0} section',
  'Parser.Triggers': 'Triggers',
  'Parser.UndefinedSection': 'Undefined section "{0}"',

  'ModelParser.BareDollarCurly': '{0} cannot be used as a value directly. Did you mean "{0}"? (add quotes)',
  'ModelParser.CannotHaveBlocks': '{0} definitions cannot have blocks',
  'ModelParser.DuplicateEnvVar': 'Duplicate environment variable name: "{0}"',
  'ModelParser.ExpectedAgent': 'Expected an agent',
  'ModelParser.ExpectedAxis': 'Expected an axis',
  'ModelParser.ExpectedBlock': 'Expected a block',
  'ModelParser.ExpectedBoolean': 'Expected a boolean with {0}',
  'ModelParser.ExpectedBuildParameter': 'Expected a build parameter definition',
  'ModelParser.ExpectedClosureOrFailFast': 'Expected closure or failFast',
  'ModelParser.ExpectedLibrary': 'Expected a "lib(...)" but got {0}',
  'ModelParser.ExpectedMapMethod': 'Expected to find \u2018someKey "someValue"\u2019',
  'ModelParser.ExpectedOption': 'Expected an option',
  'ModelParser.ExpectedNVPairs': 'Expected name=value pairs',
  'ModelParser.ExpectedStage': 'Expected a stage',
  'ModelParser.ExpectedStageName': 'Expected a stage name but did not find any',
  'ModelParser.ExpectedBlockFor': 'Expected a block for {0}',
  'ModelParser.ExpectedStep': 'Expected a step',
  'ModelParser.ExpectedStringLiteral': 'Expected string literal',
  'ModelParser.ExpectedStringLiteralButGot': 'Expected string literal but got {0}',
  'ModelParser.ExpectedTool': 'Expected to find \u2018someTool "someVersion"\u2019',
  'ModelParser.ExpectedTrigger': 'Expected a trigger',
  'ModelParser.ExpectedWhen': 'Expected a when condition',
  'ModelParser.InvalidAgent': 'Only "agent none", "agent any" or "agent \'{\'...}" are allowed.',
  'ModelParser.InvalidBuildCondition': 'The \u2018post\u2019 section can only contain build condition names with code blocks. Valid condition names are {0}',
  'ModelParser.InvalidEnvironmentIdentifier': '"{0}" is not a valid environment expression. Use "key = value" pairs with valid Java/shell keys.',
  'ModelParser.InvalidEnvironmentOperation': 'Environment variable values can only be joined together with \u2018+\u2019s.',
  'ModelParser.InvalidEnvironmentConcatValue': 'Environment variable values to be concatenated together must be single or double quoted.',
  'ModelParser.InvalidEnvironmentValue': 'Environment variable values must either be single quoted, double quoted, or function calls.',
  'ModelParser.InvalidInputField': 'Not a valid field for input: "{0}"',
  'ModelParser.InvalidInternalFunctionArg': 'Internal function call parameters must be strings.',
  'ModelParser.InvalidSectionDefinition': 'Not a valid section definition: "{0}". Some extra configuration is required.',
  'ModelParser.InvalidStageSectionDefinition': 'Not a valid stage section definition: "{0}". Some extra configuration is required.',
  'ModelParser.MapNotAllowed': '{0} cannot be defined as maps',
  'ModelParser.MatrixExcludeAxisValuesOrNotValues': 'Exclude axis must contain either "values" or "notValues"',
  'ModelParser.MethodCallWithClosure': 'Method call arguments',
  'ModelParser.NoArgForAgent': 'No argument for agent',
  'ModelParser.NoArgForAgentKey': 'No argument for agent key "{0}"',
  'ModelParser.NoArgForField': 'No argument for field "{0}"',
  'ModelParser.NoArgForMapMethodKey': 'No argument for map key "{0}"',
  'ModelParser.NoArgForTool': 'No argument for tool "{0}"',
  'ModelParser.OneAgentMax': 'Only one agent type is allowed per agent section',
  'ModelParser.PipelineBlockNotAtTop': '{0} block must be at the top-level, not within another block.',
  'ModelParser.PipelineStepWithoutBlock': 'Expected a block with the "{0}" step',
  'ModelParser.RenamedJobProperties': 'The \u2018jobProperties\u2019 section has been renamed as of version 0.7. Use \u2018properties\u2019 instead.',
  'ModelParser.RenamedNotifications':
    'The \u2018notifications\u2019 section has been removed as of version 0.6. Use \u2018post\u2019 for all post-build actions.',
  'ModelParser.RenamedProperties': 'The \u2018properties\u2019 section has been renamed as of version 0.8. Use \u2018options\u2019 instead.',
  'ModelParser.RenamedPostBuild': 'The \u2018postBuild\u2019 section has been renamed as of version 0.6. Use \u2018post\u2019 for all post-build actions.',
  'ModelParser.StageWithoutBlock': 'Stage does not have a block',
  'ModelParser.StepWithoutBlock': '{0} step without a block',
  'ModelParser.TooManyArgsForAgentKey': 'Too many arguments for agent key "{0}"',
  'ModelParser.TooManyArgsForField': 'Too many arguments for field "{0}"',
  'ModelParser.TooManyArgsForMapMethodKey': 'Too many arguments for map key "{0}"',
  'ModelParser.TooManyArgsForTool': 'Too many arguments for tool "{0}"',
  'ModelParser.UnknownStageSection': 'Unknown stage section "{0}". Starting with version 0.5, steps in a stage must be in a \u2018steps\u2019 block.',

  'ModelValidatorImpl.EmptySection': '{0} can not be empty',
  'ModelValidatorImpl.DuplicateBuildCondition': 'Duplicate build condition name: "{0}"',
  'ModelValidatorImpl.InvalidBuildCondition': 'Invalid condition "{0}" - valid conditions are {1}',
  'ModelValidatorImpl.NoEnvVars': 'No variables specified for environment',
  'ModelValidatorImpl.NoTools': 'No tools specified',
  'ModelValidatorImpl.EmptyWhen': 'Empty when closure, remove the property or add some content.',
  'ModelValidatorImpl.BlockedStep': 'Invalid step "{0}" used - not allowed in this context - {1}',
  'ModelValidatorImpl.MixedNamedAndUnnamedParameters': 'Cannot mix named and unnamed arguments',
  'ModelValidatorImpl.NoSteps': 'No steps specified for branch',
  'ModelValidatorImpl.RequiredSection': 'Missing required section "{0}"',
  'ModelValidatorImpl.NoStageName': 'Stage does not have a name',
  'ModelValidatorImpl.NothingForStage': 'Expected one of "steps", "stages", or "parallel" for stage "{0}"',
  'ModelValidatorImpl.NoStages': 'No stages specified',
  'ModelValidatorImpl.DuplicateParallelName': 'Duplicate parallel branch name: "{0}"',
  'ModelValidatorImpl.DuplicateStageName': 'Duplicate stage name: "{0}"',
  'ModelValidatorImpl.DuplicateOptionName': 'Duplicate option name: "{0}"',
  'ModelValidatorImpl.DuplicateTriggerName': 'Duplicate trigger name: "{0}"',
  'ModelValidatorImpl.DuplicateAxisName': 'Duplicate axis name: "{0}"',
  'ModelValidatorImpl.DuplicateAxisValue': 'Duplicate axis value: "{0}"',
  'ModelValidatorImpl.UnknownWhenConditional': 'Unknown conditional {0}. Valid conditionals are: {1}',
  'ModelValidatorImpl.InvalidIdentifierInEnv':
    '"{0}" is not a valid identifier and cannot be used for an environment variable. Identifiers must start with a letter or underscore and can contain only letters, numbers or underscores.',
  'ModelValidatorImpl.NestedWhenNoArgs': 'No additional arguments are allowed for children when condition "{0}".',
  'ModelValidatorImpl.NoNestedWhenAllowed': 'No children when conditions are allowed for when condition "{0}".',
  'ModelValidatorImpl.NestedWhenWithoutChildren': 'Nested when condition "{0}" requires at least one child condition.',
  'ModelValidatorImpl.NestedWhenWrongChildrenCount': 'Nested when condition "{0}" requires exactly {1} child condition(s).',
  'ModelValidatorImpl.TwoOfStepsStagesParallel': 'Only one of "matrix", "parallel", "stages", or "steps" allowed for stage "{0}"',
  'ModelValidatorImpl.AgentInNestedStages': '"agent" is not allowed in stage "{0}" as it contains parallel or matrix stages',
  'ModelValidatorImpl.ToolsInNestedStages': '"tools" is not allowed in stage "{0}" as it contains parallel or matrix stages',
  'ModelValidatorImpl.NoNestedWithinNestedStages': '"matrix" or "parallel" cannot be nested inside another "matrix" or "parallel".',
  'ModelValidatorImpl.MissingInputMessage': 'No message specified for input',
  'ModelValidatorImpl.NoAxes': 'No axis directives specified',
  'ModelValidatorImpl.NoExcludes': 'No exclude directives specified',
} as const;

/** Templates from `validator/Messages.properties`, by key. */
export const VALIDATOR_MESSAGES = {
  'ParametersAndTriggersInOptions.RejectParameters':
    'The "parameters" job property can\'t be used in the "options" directive. Use the "parameters \u007b...\u007d" directive instead.',
  'ParametersAndTriggersInOptions.RejectTriggers':
    'The "triggers" job property can\'t be used in the "options" directive. Use the "triggers \u007b...\u007d" directive instead.',
  'BlockedStepsAndMethodCalls.BlockedSteps.Stage': 'The stage step cannot be used in Declarative Pipelines',
  'BlockedStepsAndMethodCalls.BlockedSteps.Properties': 'The properties step cannot be used in Declarative Pipelines',
  'BlockedStepsAndMethodCalls.BlockedSteps.Parallel': "The parallel step can only be used as the only top-level step in a stage's step block",
  'BlockedStepsAndMethodCalls.BlockedSteps.Node': 'The node step cannot be called as an argument to a method in Declarative Pipelines',
} as const;

export type ModelMessageKey = keyof typeof MODEL_MESSAGES;
export type ValidatorMessageKey = keyof typeof VALIDATOR_MESSAGES;
export type MessageKey = ModelMessageKey | ValidatorMessageKey;

/** How Java's `String.valueOf` prints an argument (lists print as `[a, b]`). */
function javaString(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(javaString).join(', ')}]`;
  if (v === null || v === undefined) return 'null';
  return String(v);
}

/**
 * `java.text.MessageFormat.format(pattern, args)` for the simple `{n}` placeholders these
 * templates use, including MessageFormat's quoting rules.
 */
export function messageFormat(pattern: string, args: readonly unknown[]): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c === '{' && !quoted) {
      const end = pattern.indexOf('}', i);
      const index = Number(pattern.slice(i + 1, end));
      out += javaString(args[index]);
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

/** The Jenkins message `key` rendered with `args`, exactly as the plugin would print it. */
export function jenkinsMessage(key: MessageKey, ...args: readonly unknown[]): string {
  const template: string = key in MODEL_MESSAGES ? MODEL_MESSAGES[key as ModelMessageKey] : VALIDATOR_MESSAGES[key as ValidatorMessageKey];
  return messageFormat(template, args);
}
