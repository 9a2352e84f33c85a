/**
 * TypeScript shapes of the Declarative Pipeline JSON AST ("Kyoto AST"), the format that
 * `verify-data/jenkins/ast-schema.json` describes and that Jenkins' `pipeline-model-converter`
 * endpoints exchange. Names follow the schema's `definitions`. Objects built by
 * `toJsonAst` may carry extra keys for misplaced sections (so that the schema or the rules
 * reject them), hence the index signatures on `Pipeline` and `Stage`.
 *
 * @module
 */

/** `definitions/rawArgument`. */
export interface RawArgument {
  isLiteral: boolean;
  value: string | number | boolean | null;
}

/** `definitions/argumentValue`: one entry of a named argument list. */
export interface ArgumentValue {
  key: string;
  value: RawArgument;
}

/** `definitions/argumentList`: named list, single argument, or positional list. */
export type ArgumentList = ArgumentValue[] | RawArgument | RawArgument[];

/** `definitions/step`. */
export interface Step {
  name: string;
  arguments: ArgumentList;
}

/** `definitions/treeStep`: a block-scoped step (`dir('x') { … }`, `timeout(5) { … }`). */
export interface TreeStep extends Step {
  children: (Step | TreeStep)[];
}

/** `definitions/branch`: the steps of a stage, post condition or old-style parallel branch. */
export interface Branch {
  name: string;
  steps: (Step | TreeStep)[];
}

/** `definitions/methodCall` (options, triggers, parameters, and method calls as their arguments). */
export interface MethodCall {
  name: string;
  arguments: MethodArg[];
}

/** `definitions/methodArg`. */
export type MethodArg = RawArgument | MethodCall | { key: string; value: RawArgument | MethodCall };

/** `definitions/internalFunction`: `credentials('id')` in `environment {}`. */
export interface InternalFunction {
  name: string;
  arguments: RawArgument[];
}

/** `definitions/environmentEntry`. */
export interface EnvironmentEntry {
  key: string;
  value: RawArgument | InternalFunction;
}

/** `definitions/mapArgumentValue`: agent options, possibly nested. */
export interface MapArgumentValue {
  key: string;
  value: RawArgument | MapArgumentValue[];
}

/** `definitions/agent`. */
export interface Agent {
  type?: string;
  arguments?: MapArgumentValue[];
  argument?: RawArgument;
}

/** `definitions/step` or `definitions/nestedWhenCondition` inside `when`. */
export interface WhenCondition {
  name: string;
  arguments?: ArgumentList;
  children?: WhenCondition[];
}

/** `definitions/when`. */
export interface When {
  conditions: WhenCondition[];
  beforeAgent?: boolean;
  beforeInput?: boolean;
  beforeOptions?: boolean;
}

/** `definitions/buildCondition`. */
export interface BuildCondition {
  condition: string;
  branch: Branch;
}

/** `definitions/post`. */
export interface Post {
  conditions: BuildCondition[];
}

/** `definitions/options`, `triggers`, `parameters` (one key named like the section). */
export type MethodCallSection<K extends 'options' | 'triggers' | 'parameters'> = { [key in K]: MethodCall[] };

/** `definitions/input`. */
export interface Input {
  message?: RawArgument;
  id?: RawArgument;
  ok?: RawArgument;
  submitter?: RawArgument;
  submitterParameter?: RawArgument;
  parameters?: MethodCallSection<'parameters'>;
}

/** `definitions/axis` and `definitions/excludeAxis`. */
export interface Axis {
  name?: string;
  values?: RawArgument[];
  inverse?: boolean;
}

/** `definitions/matrix`. */
export interface Matrix {
  axes?: Axis[];
  excludes?: Axis[][];
  agent?: Agent;
  when?: When;
  post?: Post;
  tools?: ArgumentValue[];
  environment?: EnvironmentEntry[];
  options?: MethodCallSection<'options'>;
  input?: Input;
  stages?: Stage[];
  [misplaced: string]: unknown;
}

/** `definitions/stage`. */
export interface Stage {
  name?: string;
  failFast?: boolean;
  agent?: Agent;
  when?: When;
  post?: Post;
  tools?: ArgumentValue[];
  environment?: EnvironmentEntry[];
  options?: MethodCallSection<'options'>;
  input?: Input;
  branches?: Branch[];
  matrix?: Matrix;
  parallel?: Stage[];
  stages?: Stage[];
  [misplaced: string]: unknown;
}

/** `definitions/pipeline`. */
export interface Pipeline {
  stages?: Stage[];
  post?: Post;
  environment?: EnvironmentEntry[];
  agent?: Agent;
  tools?: ArgumentValue[];
  options?: MethodCallSection<'options'>;
  triggers?: MethodCallSection<'triggers'>;
  parameters?: MethodCallSection<'parameters'>;
  libraries?: { libraries: RawArgument[] };
  [misplaced: string]: unknown;
}

/** The whole document: `{"pipeline": {…}}`. */
export interface JsonAst {
  pipeline: Pipeline;
}

/** A problem found at a JSON pointer, before it is placed in a source file. */
export interface Issue {
  /** JSON pointer into the JSON AST (`/pipeline/stages/0`); `''` is the document. */
  readonly path: string;
  /** The problem, in the Declarative validator's words where one of its rules matches. */
  readonly message: string;
  /** Schema errors this issue already explains (they are not reported again). */
  readonly covers?: readonly Cover[];
}

/** Identifies schema errors made redundant by an issue: same instance path and keyword (and property). */
export interface Cover {
  readonly path: string;
  readonly keyword?: 'additionalProperties' | 'required' | 'minItems' | 'type';
  /** For `additionalProperties` and `required`: the property concerned. */
  readonly property?: string;
}

/** JSON pointer for `base` + `segments` (RFC 6901 escaping). */
export function pointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
