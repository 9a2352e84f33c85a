/**
 * The Declarative validator's rules that ast-schema.json cannot express, applied to a JSON
 * AST (from `toJsonAst`, or an upstream fixture). Each rule cites its upstream source:
 * files are in jenkinsci/pipeline-model-definition-plugin@42c9dc3e440b8e1b52d1859ea60fed20e8b54aa4,
 * `ModelValidatorImpl` is
 * pipeline-model-definition/src/main/groovy/org/jenkinsci/plugins/pipeline/modeldefinition/validator/ModelValidatorImpl.groovy,
 * `ModelParser` is …/modeldefinition/parser/ModelParser.groovy, and message keys are those of
 * …/modeldefinition/Messages.properties (or validator/Messages.properties where prefixed
 * `validator/`). Messages reuse the validator's wording exactly (messages.ts).
 *
 * The rules read the JSON defensively: input may fail the schema, and every rule still runs,
 * as Jenkins runs every validation and reports all errors together.
 *
 * Not covered (they need a running Jenkins with its plugins): step, option, trigger,
 * parameter, tool and agent-type names and their parameters, tool installations, when
 * condition parameters, and Groovy compilation of script blocks.
 *
 * @module
 */
import type { Cover, Issue } from './ast.js';
import { pointer } from './ast.js';
import {
  BLOCKED_IN_METHOD_CALLS,
  BLOCKED_IN_STEPS,
  OPTIONS_REJECTED,
  POST_CONDITIONS,
  REQUIRED_AT_PIPELINE_TOP,
  SECTIONS_ALLOWED_AT_PIPELINE_TOP,
  SECTION_PLACES,
  STAGE_KEYS_IN_JSON_AST,
  WHEN_CHILDREN_COUNT,
  WHEN_CONDITIONS,
} from './facts.js';
import { type MessageKey, jenkinsMessage } from './messages.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `record[key]` when it is the record's own entry (so `constructor` or `toString` find nothing). */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Names occurring more than once, each once, in first-occurrence order (Groovy's `findAll {count > 1}.unique()`). */
function duplicates<T>(names: readonly T[]): T[] {
  return names.filter((n, i) => names.indexOf(n) !== i).filter((n, i, a) => a.indexOf(n) === i);
}

/** Runs every rule on `ast` and returns the issues in document order. */
export function runRules(ast: unknown): Issue[] {
  return new Rules().run(ast);
}

class Rules {
  private readonly issues: Issue[] = [];

  private report(path: string, key: MessageKey, args: readonly unknown[] = [], covers?: Cover[]): void {
    this.issues.push({ path, message: jenkinsMessage(key, ...args), ...(covers ? { covers } : {}) });
  }

  run(ast: unknown): Issue[] {
    const p = isObject(ast) ? ast['pipeline'] : undefined;
    if (!isObject(p)) return this.issues; // The schema reports the missing root.
    this.pipeline(p, '/pipeline');
    this.uniqueStageNames(p);
    this.bareDollarCurly(p, '/pipeline');
    return this.issues;
  }

  /**
   * A non-literal value whose Groovy form still starts with `${` was an unquoted `${…}`
   * (`sh ${FOO}`), which Groovy reads as a call of `$` with a closure.
   * Source: ModelParser.parseArgument (the check on `ModelASTValue.toGroovy()`, which strips one
   * `${…}`) — ModelParser.BareDollarCurly.
   */
  private bareDollarCurly(v: unknown, path: string): void {
    if (Array.isArray(v)) {
      v.forEach((x, i) => this.bareDollarCurly(x, pointer(path, i)));
    } else if (isObject(v)) {
      const value = v['value'];
      if (v['isLiteral'] === false && typeof value === 'string' && value.startsWith('${') && value.endsWith('}')) {
        const groovy = value.slice(2, -1);
        if (groovy.startsWith('${')) this.report(path, 'ModelParser.BareDollarCurly', [groovy]);
      }
      for (const [k, x] of Object.entries(v)) if (typeof x === 'object') this.bareDollarCurly(x, pointer(path, k));
    }
  }

  // ---- pipeline ----------------------------------------------------------------------------------

  private pipeline(p: Json, path: string): void {
    for (const key of Object.keys(p)) {
      if ((SECTIONS_ALLOWED_AT_PIPELINE_TOP as readonly string[]).includes(key)) continue;
      // Source: ModelParser.parsePipelineStep (switch on the section name) — Messages.properties
      // Parser.UndefinedSection, or ModelParser.RenamedProperties / RenamedJobProperties /
      // RenamedNotifications / RenamedPostBuild, and a literal message for `wrappers`;
      // allowed names: declarative-facts.json sectionsAllowedAtPipelineTop.
      const covers: Cover[] = [{ path, keyword: 'additionalProperties', property: key }];
      const renamed: Record<string, MessageKey> = {
        properties: 'ModelParser.RenamedProperties',
        jobProperties: 'ModelParser.RenamedJobProperties',
        notifications: 'ModelParser.RenamedNotifications',
        postBuild: 'ModelParser.RenamedPostBuild',
      };
      const at = pointer(path, key);
      if (key === 'wrappers') {
        this.issues.push({ path: at, message: "The 'wrappers' section has been removed as of version 0.8. Use 'options' instead.", covers });
      } else {
        this.report(at, own(renamed, key) ?? 'Parser.UndefinedSection', [key], covers);
      }
    }
    for (const key of REQUIRED_AT_PIPELINE_TOP) {
      // Source: ModelValidatorImpl.validateElement(ModelASTPipelineDef) — ModelValidatorImpl.RequiredSection;
      // declarative-facts.json requiredAtPipelineTop.
      if (p[key] === undefined) this.report(path, 'ModelValidatorImpl.RequiredSection', [key], [{ path, keyword: 'required', property: key }]);
    }
    if (p['stages'] !== undefined) this.stages(p['stages'], pointer(path, 'stages'), false);
    if (p['post'] !== undefined) this.post(p['post'], pointer(path, 'post'));
    if (p['environment'] !== undefined) this.environment(p['environment'], pointer(path, 'environment'));
    if (p['tools'] !== undefined) this.tools(p['tools'], pointer(path, 'tools'));
    if (p['options'] !== undefined) this.methodCallSection(p['options'], pointer(path, 'options'), 'options');
    if (p['triggers'] !== undefined) this.methodCallSection(p['triggers'], pointer(path, 'triggers'), 'triggers');
    if (p['parameters'] !== undefined) this.methodCallSection(p['parameters'], pointer(path, 'parameters'), 'parameters');
    if (isObject(p['libraries']) && Array.isArray(p['libraries']['libraries']) && p['libraries']['libraries'].length === 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTLibraries) — ModelValidatorImpl.EmptySection.
      const at = pointer(path, 'libraries', 'libraries');
      this.report(pointer(path, 'libraries'), 'ModelValidatorImpl.EmptySection', ['libraries'], [{ path: at, keyword: 'minItems' }]);
    }
  }

  // ---- stages ------------------------------------------------------------------------------------

  /** A `stages`, `parallel` or matrix `stages` list. */
  private stages(v: unknown, path: string, withinParallel: boolean): void {
    if (!Array.isArray(v)) return;
    if (v.length === 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTStages) (also used for ModelASTParallel) —
      // ModelValidatorImpl.NoStages.
      this.report(path, 'ModelValidatorImpl.NoStages', [], [{ path, keyword: 'minItems' }]);
    }
    v.forEach((s, i) => this.stage(s, pointer(path, i), withinParallel));
  }

  private stage(s: unknown, path: string, withinParallel: boolean): void {
    if (!isObject(s)) return;
    const name = typeof s['name'] === 'string' ? s['name'] : undefined;
    if (name === undefined) {
      // Source: ModelValidatorImpl.validateElement(ModelASTStage) (plugin 1.x, e.g. commit 0134f87d; the schema's
      // `required: ["name"]` now) — ModelValidatorImpl.NoStageName.
      this.report(path, 'ModelValidatorImpl.NoStageName', [], [{ path, keyword: 'required', property: 'name' }]);
    }
    for (const key of Object.keys(s)) {
      if ((STAGE_KEYS_IN_JSON_AST as readonly string[]).includes(key)) continue;
      // Source: ModelParser.parseStage (switch default) — ModelParser.UnknownStageSection;
      // allowed keys: declarative-facts.json stageKeysInJsonAst.
      this.report(pointer(path, key), 'ModelParser.UnknownStageSection', [key], [{ path, keyword: 'additionalProperties', property: key }]);
    }

    const branches = list(s['branches']);
    const hasParallel = s['parallel'] !== undefined && s['parallel'] !== null;
    const hasMatrix = s['matrix'] !== undefined && s['matrix'] !== null;
    const hasStages = s['stages'] !== undefined && s['stages'] !== null;
    const count = (branches.length > 0 ? 1 : 0) + (hasParallel ? 1 : 0) + (hasMatrix ? 1 : 0) + (hasStages ? 1 : 0);
    // The four rules of this if/else chain mirror ModelValidatorImpl.validateElement(ModelASTStage, boolean
    // isWithinParallel); `withinParallel` propagates as in pipeline-model-api/…/ast/ModelASTStage.validate
    // (nested `stages` keep the flag, `parallel` and `matrix` set it).
    if (withinParallel && (branches.length > 1 || hasParallel || hasMatrix)) {
      // Source: ModelValidatorImpl.validateElement(ModelASTStage, boolean) — ModelValidatorImpl.NoNestedWithinNestedStages
      // (no parallel or matrix inside a parallel branch or matrix cell, even through nested stages).
      const at = hasMatrix ? pointer(path, 'matrix') : hasParallel ? pointer(path, 'parallel') : pointer(path, 'branches', 0);
      this.report(at, 'ModelValidatorImpl.NoNestedWithinNestedStages');
    } else if (count > 1) {
      // Source: ModelValidatorImpl.validateElement(ModelASTStage, boolean) — ModelValidatorImpl.TwoOfStepsStagesParallel
      // (exactly one of steps/stages/parallel/matrix: declarative-facts.json stageMustHaveExactlyOneOf).
      this.report(path, 'ModelValidatorImpl.TwoOfStepsStagesParallel', [name]);
    } else if (count === 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTStage, boolean) — ModelValidatorImpl.NothingForStage.
      this.report(path, 'ModelValidatorImpl.NothingForStage', [name]);
    } else if (hasParallel || hasMatrix) {
      // Source: ModelValidatorImpl.validateElement(ModelASTStage, boolean) — ModelValidatorImpl.AgentInNestedStages /
      // ModelValidatorImpl.ToolsInNestedStages (a stage holding parallel or matrix stages has no agent or tools).
      if (s['agent'] !== undefined) this.report(pointer(path, 'agent'), 'ModelValidatorImpl.AgentInNestedStages', [name]);
      if (s['tools'] !== undefined) this.report(pointer(path, 'tools'), 'ModelValidatorImpl.ToolsInNestedStages', [name]);
    } else {
      // Source: ModelValidatorImpl.validateElement(ModelASTStage, boolean) — ModelValidatorImpl.DuplicateParallelName
      // (old-style `parallel(a: {…}, b: {…})` branches need distinct names).
      const names = branches.map((b) => (isObject(b) ? b['name'] : undefined));
      for (const d of duplicates(names)) this.report(path, 'ModelValidatorImpl.DuplicateParallelName', [d]);
    }

    branches.forEach((b, i) => this.branch(b, pointer(path, 'branches', i)));
    if (hasParallel) this.stages(s['parallel'], pointer(path, 'parallel'), true);
    if (hasStages) this.stages(s['stages'], pointer(path, 'stages'), withinParallel);
    if (hasMatrix) this.matrix(s['matrix'], pointer(path, 'matrix'));
    this.stageDirectives(s, path);
  }

  /** Directives shared by stages and matrices. */
  private stageDirectives(s: Json, path: string): void {
    if (s['when'] !== undefined) this.when(s['when'], pointer(path, 'when'));
    if (s['post'] !== undefined) this.post(s['post'], pointer(path, 'post'));
    if (s['environment'] !== undefined) this.environment(s['environment'], pointer(path, 'environment'));
    if (s['tools'] !== undefined) this.tools(s['tools'], pointer(path, 'tools'));
    if (s['options'] !== undefined) this.methodCallSection(s['options'], pointer(path, 'options'), 'options');
    if (isObject(s['input'])) {
      const input = s['input'];
      if (input['message'] === undefined) {
        // Source: ModelValidatorImpl.validateElement(ModelASTStageInput) — ModelValidatorImpl.MissingInputMessage.
        const at = pointer(path, 'input');
        this.report(at, 'ModelValidatorImpl.MissingInputMessage', [], [{ path: at, keyword: 'required', property: 'message' }]);
      }
      if (input['parameters'] !== undefined) this.methodCallSection(input['parameters'], pointer(path, 'input', 'parameters'), 'parameters');
    }
  }

  /**
   * Stage names are unique in the whole pipeline.
   * Source: ModelValidatorImpl.validateElement(ModelASTStages) — ModelValidatorImpl.DuplicateStageName;
   * Jenkins itself compares the stages of one `stages`/`parallel` block. jslc extends the check to
   * the whole pipeline (nested stages, parallel branches, matrix stages), because the flow graph,
   * `when`-skipped stage markers, stage views and "Restart from Stage" identify stages by name.
   * The message adds where the name was first used.
   */
  private uniqueStageNames(p: Json): void {
    const seen = new Map<string, string>();
    const walk = (v: unknown, path: string): void => {
      list(v).forEach((s, i) => {
        if (!isObject(s)) return;
        const at = pointer(path, i);
        const name = s['name'];
        if (typeof name === 'string') {
          const first = seen.get(name);
          if (first === undefined) seen.set(name, at);
          else this.issues.push({ path: at, message: `${jenkinsMessage('ModelValidatorImpl.DuplicateStageName', name)} (first used at ${first})` });
        }
        walk(s['parallel'], pointer(at, 'parallel'));
        walk(s['stages'], pointer(at, 'stages'));
        if (isObject(s['matrix'])) walk(s['matrix']['stages'], pointer(at, 'matrix', 'stages'));
      });
    };
    walk(p['stages'], '/pipeline/stages');
  }

  // ---- steps -------------------------------------------------------------------------------------

  private branch(b: unknown, path: string): void {
    if (!isObject(b)) return;
    const steps = b['steps'];
    if (Array.isArray(steps) && steps.length === 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTBranch) — ModelValidatorImpl.NoSteps.
      const at = pointer(path, 'steps');
      this.report(at, 'ModelValidatorImpl.NoSteps', [], [{ path: at, keyword: 'minItems' }]);
    }
    this.steps(steps, pointer(path, 'steps'));
  }

  /** Steps and the children of block steps, recursively. */
  private steps(v: unknown, path: string): void {
    list(v).forEach((step, i) => {
      if (!isObject(step)) return;
      const at = pointer(path, i);
      const name = step['name'];
      if (typeof name === 'string') {
        const blocked = own(BLOCKED_IN_STEPS, name);
        if (blocked !== undefined) {
          // Source: ModelValidatorImpl.validateElement(ModelASTStep) with
          // validator/BlockedStepsAndMethodCalls.blockedInSteps() — ModelValidatorImpl.BlockedStep and
          // validator/Messages.properties BlockedStepsAndMethodCalls.BlockedSteps.*; declarative-facts.json blockedSteps.inSteps.
          this.report(at, 'ModelValidatorImpl.BlockedStep', [name, jenkinsMessage(blocked)]);
        } else if (Object.hasOwn(SECTION_PLACES, name)) {
          // Source: ModelParser.parseStep (any call in steps is a step) and ModelParser.parsePipelineStep /
          // parseStage (where each section belongs) — message ModelValidatorImpl.BlockedStep with a jslc reason.
          // A Declarative section written inside steps (`post`, `environment`, `when`, `agent`, …) becomes a
          // step of that name, which Jenkins' validator lets through and which fails at run time ("No such
          // DSL method"); jslc rejects it at verify time.
          this.report(at, 'ModelValidatorImpl.BlockedStep', [name, `"${name}" is a Declarative section, allowed ${SECTION_PLACES[name]}`]);
        }
      }
      if (step['children'] !== undefined) this.steps(step['children'], pointer(at, 'children'));
    });
  }

  // ---- post --------------------------------------------------------------------------------------

  private post(v: unknown, path: string): void {
    if (!isObject(v)) return;
    const conditions = list(v['conditions']);
    const conditionsPath = pointer(path, 'conditions');
    if (Array.isArray(v['conditions']) && conditions.length === 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTBuildConditionsContainer) — ModelValidatorImpl.EmptySection.
      this.report(path, 'ModelValidatorImpl.EmptySection', ['post'], [{ path: conditionsPath, keyword: 'minItems' }]);
    }
    const names = conditions.map((c) => (isObject(c) ? c['condition'] : undefined));
    // Source: ModelValidatorImpl.validateElement(ModelASTBuildConditionsContainer) — ModelValidatorImpl.DuplicateBuildCondition.
    for (const d of duplicates(names)) if (typeof d === 'string') this.report(path, 'ModelValidatorImpl.DuplicateBuildCondition', [d]);
    conditions.forEach((c, i) => {
      if (!isObject(c)) return;
      const at = pointer(conditionsPath, i);
      const name = c['condition'];
      if (typeof name === 'string' && !(POST_CONDITIONS as readonly string[]).includes(name)) {
        // Source: ModelValidatorImpl.validateElement(ModelASTBuildCondition) (BuildCondition symbol lookup) —
        // ModelValidatorImpl.InvalidBuildCondition; names in BuildCondition.getOrderedConditionNames() order
        // (declarative-facts.json postConditionEvaluationOrder).
        this.report(at, 'ModelValidatorImpl.InvalidBuildCondition', [name, POST_CONDITIONS]);
      }
      this.branch(c['branch'], pointer(at, 'branch'));
    });
  }

  // ---- when --------------------------------------------------------------------------------------

  private when(v: unknown, path: string): void {
    if (!isObject(v)) return;
    const conditions = v['conditions'];
    const at = pointer(path, 'conditions');
    if (Array.isArray(conditions) && conditions.length === 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTWhen) — ModelValidatorImpl.EmptyWhen.
      this.report(path, 'ModelValidatorImpl.EmptyWhen', [], [{ path: at, keyword: 'minItems' }]);
    }
    list(conditions).forEach((c, i) => this.whenCondition(c, pointer(at, i)));
  }

  private whenCondition(c: unknown, path: string): void {
    if (!isObject(c) || typeof c['name'] !== 'string') return;
    const name = c['name'];
    if (!(WHEN_CONDITIONS as readonly string[]).includes(name)) {
      // Source: ModelValidatorImpl.validateElement(ModelASTWhenCondition) — ModelValidatorImpl.UnknownWhenConditional;
      // names: declarative-facts.json whenConditionSymbols. (`when` itself is only accepted in a stage or
      // matrix: elsewhere it is an undefined section, a step, an unknown post condition or option.)
      this.report(path, 'ModelValidatorImpl.UnknownWhenConditional', [name, WHEN_CONDITIONS.join(', ')]);
      return;
    }
    const allowed = own(WHEN_CHILDREN_COUNT, name) ?? 0;
    const children = list(c['children']);
    if (allowed !== 0) {
      if (c['arguments'] !== undefined) {
        // Source: ModelValidatorImpl.validateElement(ModelASTWhenCondition) — ModelValidatorImpl.NestedWhenNoArgs.
        this.report(path, 'ModelValidatorImpl.NestedWhenNoArgs', [name], [{ path, keyword: 'additionalProperties', property: 'arguments' }]);
      } else if (allowed < 0 && children.length === 0) {
        // Source: ModelValidatorImpl.validateElement(ModelASTWhenCondition) — ModelValidatorImpl.NestedWhenWithoutChildren.
        this.report(
          path,
          'ModelValidatorImpl.NestedWhenWithoutChildren',
          [name],
          [
            { path: pointer(path, 'children'), keyword: 'minItems' },
            { path, keyword: 'required', property: 'children' },
          ],
        );
      } else if (allowed > 0 && children.length !== allowed) {
        // Source: ModelValidatorImpl.validateElement(ModelASTWhenCondition) — ModelValidatorImpl.NestedWhenWrongChildrenCount.
        this.report(
          path,
          'ModelValidatorImpl.NestedWhenWrongChildrenCount',
          [name, allowed],
          [
            { path: pointer(path, 'children'), keyword: 'minItems' },
            { path, keyword: 'required', property: 'children' },
          ],
        );
      } else {
        children.forEach((child, i) => this.whenCondition(child, pointer(path, 'children', i)));
      }
    } else if (children.length > 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTWhenCondition) — ModelValidatorImpl.NoNestedWhenAllowed.
      this.report(path, 'ModelValidatorImpl.NoNestedWhenAllowed', [name], [{ path, keyword: 'additionalProperties', property: 'children' }]);
    }
  }

  // ---- environment, tools, options/triggers/parameters --------------------------------------------

  private environment(v: unknown, path: string): void {
    if (!Array.isArray(v)) return;
    // Source: ModelValidatorImpl.validateElement(ModelASTEnvironment) — ModelValidatorImpl.NoEnvVars.
    if (v.length === 0) this.report(path, 'ModelValidatorImpl.NoEnvVars', [], [{ path, keyword: 'minItems' }]);
    const keys: unknown[] = [];
    v.forEach((e, i) => {
      if (!isObject(e) || typeof e['key'] !== 'string') return;
      const key = e['key'];
      // Source: ModelValidatorImpl.validateElement(ModelASTEnvironment) with Utils.validEnvIdentifier —
      // ModelValidatorImpl.InvalidIdentifierInEnv.
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key)) this.report(pointer(path, i), 'ModelValidatorImpl.InvalidIdentifierInEnv', [key]);
      // Source: ModelParser.parseEnvironment — ModelParser.DuplicateEnvVar.
      else if (keys.includes(key)) this.report(pointer(path, i), 'ModelParser.DuplicateEnvVar', [key]);
      keys.push(key);
    });
  }

  private tools(v: unknown, path: string): void {
    // Source: ModelValidatorImpl.validateElement(ModelASTTools) — ModelValidatorImpl.NoTools.
    if (Array.isArray(v) && v.length === 0) this.report(path, 'ModelValidatorImpl.NoTools', [], [{ path, keyword: 'minItems' }]);
  }

  private methodCallSection(v: unknown, path: string, kind: 'options' | 'triggers' | 'parameters'): void {
    if (!isObject(v)) return;
    const calls = v[kind];
    const at = pointer(path, kind);
    if (Array.isArray(calls) && calls.length === 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTOptions / ModelASTTriggers / ModelASTBuildParameters) —
      // ModelValidatorImpl.EmptySection.
      this.report(path, 'ModelValidatorImpl.EmptySection', [kind], [{ path: at, keyword: 'minItems' }]);
    }
    const names = list(calls).map((c) => (isObject(c) ? c['name'] : undefined));
    if (kind !== 'parameters') {
      // Source: ModelValidatorImpl.validateElement(ModelASTOptions / ModelASTTriggers) —
      // ModelValidatorImpl.DuplicateOptionName / ModelValidatorImpl.DuplicateTriggerName.
      const key = kind === 'options' ? 'ModelValidatorImpl.DuplicateOptionName' : 'ModelValidatorImpl.DuplicateTriggerName';
      for (const d of duplicates(names)) if (typeof d === 'string') this.report(path, key, [d]);
    }
    list(calls).forEach((c, i) => {
      if (!isObject(c)) return;
      const here = pointer(at, i);
      const name = c['name'];
      const rejected = kind === 'options' && typeof name === 'string' ? own(OPTIONS_REJECTED, name) : undefined;
      if (rejected !== undefined) {
        // Source: validator/ParametersAndTriggersInOptions.java — validator/Messages.properties
        // ParametersAndTriggersInOptions.RejectParameters / RejectTriggers; declarative-facts.json optionsRejected.
        this.report(here, rejected);
      }
      const args = list(c['arguments']);
      const named = args.filter((a) => isObject(a) && 'key' in a).length;
      if (named > 0 && named < args.length) {
        // Source: ModelValidatorImpl.validateElement(ModelASTOption / ModelASTTrigger / ModelASTBuildParameter) —
        // ModelValidatorImpl.MixedNamedAndUnnamedParameters.
        this.report(here, 'ModelValidatorImpl.MixedNamedAndUnnamedParameters');
      }
      this.methodCall(c, here);
    });
  }

  /** Blocked names in a method call and in method calls among its arguments. */
  private methodCall(c: Json, path: string): void {
    const name = c['name'];
    const blocked = typeof name === 'string' ? own(BLOCKED_IN_METHOD_CALLS, name) : undefined;
    if (blocked !== undefined) {
      // Source: ModelValidatorImpl.validateElement(ModelASTMethodCall) with
      // validator/BlockedStepsAndMethodCalls.blockedInMethodCalls() — ModelValidatorImpl.BlockedStep;
      // declarative-facts.json blockedSteps.inMethodCallArguments.
      this.report(path, 'ModelValidatorImpl.BlockedStep', [name, jenkinsMessage(blocked)]);
    }
    list(c['arguments']).forEach((a, i) => {
      if (!isObject(a)) return;
      const at = pointer(path, 'arguments', i);
      if (typeof a['name'] === 'string' && Array.isArray(a['arguments'])) this.methodCall(a, at);
      else if (isObject(a['value']) && typeof a['value']['name'] === 'string') this.methodCall(a['value'], pointer(at, 'value'));
    });
  }

  // ---- matrix ------------------------------------------------------------------------------------

  private matrix(v: unknown, path: string): void {
    if (!isObject(v)) return;
    for (const key of ['axes', 'stages']) {
      // Source: ModelValidatorImpl.validateElement(ModelASTMatrix) — ModelValidatorImpl.RequiredSection.
      if (v[key] === undefined) this.report(path, 'ModelValidatorImpl.RequiredSection', [key], [{ path, keyword: 'required', property: key }]);
    }
    const axesPath = pointer(path, 'axes');
    if (Array.isArray(v['axes'])) {
      // Source: ModelValidatorImpl.validateElement(ModelASTAxisContainer) — ModelValidatorImpl.NoAxes.
      if (v['axes'].length === 0) this.report(axesPath, 'ModelValidatorImpl.NoAxes', [], [{ path: axesPath, keyword: 'minItems' }]);
      this.axisNames(v['axes'], axesPath);
      v['axes'].forEach((a, i) => this.axis(a, pointer(axesPath, i)));
    }
    const excludesPath = pointer(path, 'excludes');
    if (Array.isArray(v['excludes'])) {
      // Source: ModelValidatorImpl.validateElement(ModelASTExcludes) — ModelValidatorImpl.NoExcludes.
      if (v['excludes'].length === 0) this.report(excludesPath, 'ModelValidatorImpl.NoExcludes', [], [{ path: excludesPath, keyword: 'minItems' }]);
      v['excludes'].forEach((ex, i) => {
        const at = pointer(excludesPath, i);
        // Source: ModelValidatorImpl.validateElement(ModelASTExclude) — ModelValidatorImpl.NoAxes.
        if (Array.isArray(ex) && ex.length === 0) this.report(at, 'ModelValidatorImpl.NoAxes', [], [{ path: at, keyword: 'minItems' }]);
        this.axisNames(ex, at);
      });
    }
    // Matrix stages are validated as within a parallel (upstream errors/matrixStagesDeepNesting.json,
    // matrixParallelStagesGroupsDeepNesting.json): no parallel or matrix inside a matrix cell.
    this.stages(v['stages'], pointer(path, 'stages'), true);
    this.stageDirectives(v, path);
  }

  /** Source: ModelValidatorImpl.validateElement(ModelASTAxisContainer / ModelASTExclude) — ModelValidatorImpl.DuplicateAxisName. */
  private axisNames(axes: unknown, path: string): void {
    const names = list(axes).map((a) => (isObject(a) && typeof a['name'] === 'string' && a['name'] !== '' ? a['name'] : undefined));
    for (const d of duplicates(names.filter((n) => n !== undefined))) {
      this.report(pointer(path, names.indexOf(d, names.indexOf(d) + 1)), 'ModelValidatorImpl.DuplicateAxisName', [d]);
    }
  }

  private axis(a: unknown, path: string): void {
    if (!isObject(a)) return;
    const name = a['name'];
    if (name === undefined) {
      // Source: ModelValidatorImpl.validateElement(ModelASTAxis) — ModelValidatorImpl.RequiredSection.
      this.report(path, 'ModelValidatorImpl.RequiredSection', ['name'], [{ path, keyword: 'required', property: 'name' }]);
    } else if (typeof name === 'string' && !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) {
      // Source: ModelValidatorImpl.validateElement(ModelASTAxis) with Utils.validEnvIdentifier — ModelValidatorImpl.InvalidIdentifierInEnv.
      this.report(pointer(path, 'name'), 'ModelValidatorImpl.InvalidIdentifierInEnv', [name]);
    }
    const values = list(a['values']);
    if (values.length === 0) {
      // Source: ModelValidatorImpl.validateElement(ModelASTAxis) — ModelValidatorImpl.RequiredSection.
      this.report(
        path,
        'ModelValidatorImpl.RequiredSection',
        ['values'],
        [
          { path, keyword: 'required', property: 'values' },
          { path: pointer(path, 'values'), keyword: 'minItems' },
        ],
      );
    }
    const keys = values.map((v) => (isObject(v) ? JSON.stringify([v['isLiteral'], v['value']]) : undefined));
    for (const d of duplicates(keys)) {
      if (d === undefined) continue;
      const i = keys.indexOf(d, keys.indexOf(d) + 1);
      // Source: ModelValidatorImpl.validateElement(ModelASTAxis) — ModelValidatorImpl.DuplicateAxisValue.
      this.report(pointer(path, 'values', i), 'ModelValidatorImpl.DuplicateAxisValue', [(values[i] as Json)['value']]);
    }
    values.forEach((v, i) => {
      // Source: ModelValidatorImpl.validateElement(ModelASTAxis) — ModelParser.ExpectedStringLiteralButGot.
      if (isObject(v) && v['isLiteral'] === false) this.report(pointer(path, 'values', i), 'ModelParser.ExpectedStringLiteralButGot', [v['value']]);
    });
  }
}
