/**
 * Call tree (tree.ts) → Declarative Pipeline JSON AST (ast.ts), the way Jenkins' own
 * `ModelParser` turns a Groovy `pipeline {}` block into its `ModelAST*` model, whose
 * `toJSON()` is the format of `verify-data/jenkins/ast-schema.json` and of the upstream fixtures
 * (pipeline-model-definition/src/test/resources/json/**).
 *
 * Source for every mapping below, unless a comment says otherwise:
 * jenkinsci/pipeline-model-definition-plugin,
 * pipeline-model-definition/src/main/groovy/org/jenkinsci/plugins/pipeline/modeldefinition/parser/ModelParser.groovy
 * (parsePipelineStep, parseStages, parseStage, parseBranch, parseStep, parseArgumentList,
 * parseArgument, parseMethodCall, parseEnvironment, parseAgent, parseClosureMap, parseWhen,
 * parseWhenContent, parseBuildConditionResponder, parseOptions/Triggers/BuildParameters,
 * parseTools, parseInput, parseLibraries, matchParallel), and the `toJSON()` methods of
 * pipeline-model-api/src/main/java/…/ast/ModelAST*.java.
 *
 * Where ModelParser reports a parse-time error, the same message (Messages.properties key
 * named in the code) is returned as a `ParseProblem`, because such input has no JSON AST
 * form. Where Jenkins would accept the syntax and put an unknown thing somewhere in the
 * model (an unknown section at the top of `pipeline {}` or in a stage, `post {}` inside
 * `steps {}`, `options {}` inside `when {}`), it is put in the same place here, so that the
 * schema or the rules in rules.ts reject it: nothing is dropped silently.
 *
 * @module
 */
import type {
  Agent,
  ArgumentList,
  ArgumentValue,
  Axis,
  Branch,
  BuildCondition,
  Cover,
  EnvironmentEntry,
  Input,
  JsonAst,
  MapArgumentValue,
  Matrix,
  MethodArg,
  MethodCall,
  Pipeline,
  Post,
  RawArgument,
  Stage,
  Step,
  TreeStep,
  When,
  WhenCondition,
} from './ast.js';
import { pointer } from './ast.js';
import { POST_CONDITIONS, WHEN_FLAGS, ZERO_ARG_AGENTS } from './facts.js';
import { collectionLiteral, methodCallText, renderArg, renderBody, renderShort, splitTopLevel, stringLiteral, trimQuotes } from './groovy-text.js';
import { type ModelMessageKey, jenkinsMessage } from './messages.js';
import type { Arg, CallNode, Node, Statement } from './tree.js';
import { isCall } from './tree.js';

/** A 1-based source position. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A parse-time error of Jenkins' ModelParser: the input has no JSON AST form there. */
export interface ParseProblem {
  /** JSON pointer of the place the offending statement would have gone. */
  readonly path: string;
  /** Where the offending statement is. */
  readonly position: SourcePosition;
  /** The ModelParser message. */
  readonly message: string;
  /** Schema errors that are a consequence of leaving the statement out. */
  readonly covers?: readonly Cover[];
}

/** What `toJsonAst` returns. */
export interface JsonAstResult {
  /** The JSON AST, in the shape of ast-schema.json (possibly with misplaced sections). */
  readonly ast: JsonAst;
  /** The source position of each JSON pointer that came from a node of the tree. */
  readonly positions: ReadonlyMap<string, SourcePosition>;
  /** ModelParser's parse-time errors. */
  readonly problems: readonly ParseProblem[];
  /**
   * True when ModelParser would stop before validation (no `pipeline` block body); the
   * schema and the rules are then not run on `ast`.
   */
  readonly aborted: boolean;
}

/** Converts the call tree of one `pipeline { … }` block to the Declarative JSON AST. */
export function toJsonAst(tree: Node): JsonAstResult {
  const c = new Converter();
  const pipeline = c.pipeline(tree);
  return { ast: { pipeline }, positions: c.positions, problems: c.problems, aborted: c.aborted };
}

/** A Groovy call argument after Groovy's grouping: named arguments become one map, placed first. */
type GroovyArg = { readonly kind: 'map'; readonly entries: readonly Extract<Arg, { kind: 'named' }>[] } | Exclude<Arg, { kind: 'named' }>;

function groovyArgs(args: readonly Arg[]): GroovyArg[] {
  const named = args.filter((a): a is Extract<Arg, { kind: 'named' }> => a.kind === 'named');
  const rest = args.filter((a): a is Exclude<Arg, { kind: 'named' }> => a.kind !== 'named');
  return named.length > 0 ? [{ kind: 'map', entries: named }, ...rest] : rest;
}

/** Number of Groovy arguments of a call, counting a trailing closure. */
function argCount(n: CallNode): number {
  return groovyArgs(n.args).length + (n.body !== null ? 1 : 0);
}

/** The only Groovy argument of a call known to have exactly one (a trailing closure counts). */
function soleArg(n: CallNode): GroovyArg {
  const g = groovyArgs(n.args);
  if (g.length > 0) return g[0]!;
  return { kind: 'expr', text: `{ ${renderBody(n.body ?? [])} }` };
}

function isClosureText(a: Arg): boolean {
  return a.kind === 'expr' && a.text.trim().startsWith('{');
}

/** `o[key] = value` as an own property, even for a key such as `__proto__`. */
function setOwn(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function position(s: Statement): SourcePosition {
  return { line: s.line ?? 0, column: s.column ?? 0 };
}

const PARSER_NAMES = { options: 'Parser.Options', triggers: 'Parser.Triggers', parameters: 'Parser.BuildParameters' } as const;
const EXPECTED_ITEM = {
  options: 'ModelParser.ExpectedOption',
  triggers: 'ModelParser.ExpectedTrigger',
  parameters: 'ModelParser.ExpectedBuildParameter',
} as const;

class Converter {
  readonly positions = new Map<string, SourcePosition>();
  readonly problems: ParseProblem[] = [];
  aborted = false;

  private at(path: string, s: Statement): void {
    if (!this.positions.has(path)) this.positions.set(path, position(s));
  }

  private problem(s: Statement, path: string, key: ModelMessageKey, args: readonly unknown[] = [], covers?: Cover[]): void {
    this.problems.push({ path, position: position(s), message: jenkinsMessage(key, ...args), ...(covers ? { covers } : {}) });
  }

  // ---- pipeline { } ------------------------------------------------------------------------

  pipeline(node: Node): Pipeline {
    const path = '/pipeline';
    this.at('', node);
    this.at(path, node);
    const p: Pipeline = {};
    if (node.body === null) {
      // ModelParser.parsePipelineStep: "We never get to the validator with this error".
      this.problem(node, path, 'ModelParser.PipelineStepWithoutBlock', ['pipeline']);
      this.aborted = true;
      return p;
    }
    const seen = new Set<string>();
    for (const s of node.body) {
      if (!isCall(s)) {
        this.problem(s, path, 'ModelParser.InvalidSectionDefinition', [s.text]);
        continue;
      }
      const name = s.name;
      const here = pointer(path, name);
      if (seen.has(name)) {
        // Parser.MultipleOfSection: a JSON object cannot hold the section twice; the first one is kept.
        this.problem(s, path, 'Parser.MultipleOfSection', [name]);
        continue;
      }
      seen.add(name);
      switch (name) {
        case 'stages':
          p.stages = this.stages(s, here);
          break;
        case 'environment':
          p.environment = this.environment(s, here);
          break;
        case 'post':
          p.post = this.post(s, here);
          break;
        case 'agent':
          p.agent = this.agent(s, here);
          break;
        case 'tools':
          p.tools = this.tools(s, here);
          break;
        case 'options':
          p.options = { options: this.methodCalls(s, here, 'options') };
          break;
        case 'triggers':
          p.triggers = { triggers: this.methodCalls(s, here, 'triggers') };
          break;
        case 'parameters':
          p.parameters = { parameters: this.methodCalls(s, here, 'parameters') };
          break;
        case 'libraries':
          p.libraries = { libraries: this.libraries(s, here) };
          break;
        default:
          // Unknown, renamed or misplaced section (`when`, `steps`, `matrix`, `notifications`, …):
          // kept under its own name, where rules.ts reports Parser.UndefinedSection (or the
          // ModelParser.Renamed* message) and the schema reports an additional property.
          setOwn(p, name, this.generic(s, here));
      }
    }
    return p;
  }

  /** Any call, structurally, for sections that have no place in the JSON AST. */
  private generic(s: CallNode, path: string): Record<string, unknown> {
    this.at(path, s);
    const o: Record<string, unknown> = { name: s.name, arguments: this.argumentList(s.args) };
    if (s.body !== null) {
      o['children'] = s.body.map((b, i) => (isCall(b) ? this.generic(b, pointer(path, 'children', i)) : { statement: b.text }));
    }
    return o;
  }

  // ---- stages, stage --------------------------------------------------------------------------

  private stages(s: CallNode, path: string, what = 'stages'): Stage[] {
    this.at(path, s);
    const out: Stage[] = [];
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlockFor', [what]);
      return out;
    }
    for (const st of s.body) {
      const stage = this.stage(st, pointer(path, out.length), path);
      if (stage) out.push(stage);
    }
    return out;
  }

  private stage(st: Statement, path: string, parent: string): Stage | undefined {
    if (!isCall(st) || st.name !== 'stage') {
      // `when`, `steps`, … directly in stages {} or parallel {}.
      this.problem(st, parent, 'ModelParser.ExpectedStage', [], [{ path: parent, keyword: 'minItems' }]);
      return undefined;
    }
    this.at(path, st);
    const nameArg = st.args[0];
    if (nameArg === undefined) {
      this.problem(st, parent, 'ModelParser.ExpectedStageName', [], [{ path: parent, keyword: 'minItems' }]);
      return undefined;
    }
    let name = this.stringLiteralArg(nameArg);
    if (name === undefined) {
      this.problem(st, path, 'ModelParser.ExpectedStringLiteral');
      name = renderArg(nameArg);
    }
    const stage: Stage = { name };
    if (st.body === null) {
      this.problem(st, path, 'ModelParser.StageWithoutBlock');
      return stage;
    }
    const seen = new Set<string>();
    for (const s of st.body) {
      if (!isCall(s)) {
        this.problem(s, path, 'ModelParser.InvalidStageSectionDefinition', [s.text]);
        continue;
      }
      const here = pointer(path, s.name);
      if (seen.has(s.name)) {
        this.problem(s, path, 'Parser.MultipleOfSection', [s.name]);
        continue;
      }
      seen.add(s.name);
      switch (s.name) {
        case 'agent':
          stage.agent = this.agent(s, here);
          break;
        case 'when':
          stage.when = this.when(s, here);
          break;
        case 'steps':
          this.steps(s, path, stage);
          break;
        case 'post':
          stage.post = this.post(s, here);
          break;
        case 'options':
          stage.options = { options: this.methodCalls(s, here, 'options') };
          break;
        case 'input':
          stage.input = this.input(s, here);
          break;
        case 'tools':
          stage.tools = this.tools(s, here);
          break;
        case 'environment':
          stage.environment = this.environment(s, here);
          break;
        case 'parallel':
          stage.parallel = this.stages(s, here, 'parallel');
          break;
        case 'stages':
          stage.stages = this.stages(s, here);
          break;
        case 'matrix':
          stage.matrix = this.matrix(s, here);
          break;
        case 'failFast': {
          const b = this.booleanArg(s, path);
          if (b !== undefined) stage.failFast = b;
          this.at(here, s);
          break;
        }
        case 'name':
        case 'branches':
          // JSON-only keys: cannot hold a misplaced section, so report it here.
          this.problem(s, path, 'ModelParser.UnknownStageSection', [s.name]);
          break;
        default:
          // Kept under its own name: rules.ts reports ModelParser.UnknownStageSection.
          setOwn(stage, s.name, this.generic(s, here));
      }
    }
    return stage;
  }

  /** `steps { }`: one default branch, or the branches of a lone old-style `parallel(a: {…}, b: {…})` step. */
  private steps(s: CallNode, stagePath: string, stage: Stage): void {
    const branchesPath = pointer(stagePath, 'branches');
    this.at(branchesPath, s);
    if (s.body === null) {
      this.problem(s, stagePath, 'ModelParser.ExpectedBlockFor', ['steps']);
      stage.branches = [];
      return;
    }
    const only = s.body.length === 1 ? s.body[0] : undefined;
    if (only !== undefined && isCall(only) && only.name === 'parallel') {
      // ModelParser.matchParallel: a lone `parallel` step is the stage's parallel branches. Only the
      // map form (one named-argument list, no closure) yields branches; other forms yield none.
      stage.branches = [];
      const sole = groovyArgs(only.args);
      if (only.body === null && sole.length === 1 && sole[0]!.kind === 'map') {
        for (const e of sole[0]!.entries) {
          if (e.name === 'failFast') {
            if (e.value.kind === 'literal' && typeof e.value.value === 'boolean') stage.failFast = e.value.value;
            else this.problem(only, stagePath, 'ModelParser.ExpectedBoolean', ['failFast']);
          } else if (isClosureText(e.value)) {
            // The dumper gives a closure value as text only: its steps are kept as an opaque script
            // block (Jenkins would parse them as steps; jslc does not emit this form).
            const bp = pointer(branchesPath, stage.branches.length);
            this.at(bp, only);
            this.at(pointer(bp, 'steps'), only);
            const text = (e.value as { text: string }).text.trim().replace(/^\{/, '').replace(/\}$/, '').trim();
            stage.branches.push({ name: e.name, steps: [scriptStep('script', text)] });
          } else {
            this.problem(only, stagePath, 'ModelParser.ExpectedClosureOrFailFast');
          }
        }
      }
      return;
    }
    stage.branches = [this.branch('default', s.body, pointer(branchesPath, 0), s)];
  }

  private branch(name: string, body: readonly Statement[], path: string, owner: Statement): Branch {
    this.at(path, owner);
    const stepsPath = pointer(path, 'steps');
    this.at(stepsPath, owner);
    return { name, steps: this.stepList(body, stepsPath) };
  }

  private stepList(body: readonly Statement[], path: string): (Step | TreeStep)[] {
    const out: (Step | TreeStep)[] = [];
    for (const st of body) {
      const step = this.step(st, pointer(path, out.length), path);
      if (step) out.push(step);
    }
    return out;
  }

  // ---- steps ------------------------------------------------------------------------------------

  private step(st: Statement, path: string, container: string): Step | TreeStep | undefined {
    if (!isCall(st)) {
      // `def x = 1`, `FOO = 'bar'` (an environment {} misplaced in steps), `if (…)`: not steps.
      this.problem(st, container, 'ModelParser.ExpectedStep', [], [{ path: container, keyword: 'minItems' }]);
      return undefined;
    }
    this.at(path, st);
    if (st.name === 'script') return this.codeBlock(st, path, 'Script');
    if (st.name === 'expression') return this.codeBlock(st, path, 'When');
    if (st.name === 'pipeline') this.problem(st, path, 'ModelParser.PipelineBlockNotAtTop', ['pipeline']);
    const args = this.argumentList(st.args);
    if (st.body === null) return { name: st.name, arguments: args };
    this.at(pointer(path, 'children'), st);
    return { name: st.name, arguments: args, children: this.stepList(st.body, pointer(path, 'children')) };
  }

  /** `script { … }` / `expression { … }`: the block's source text as the `scriptBlock` argument. */
  private codeBlock(st: CallNode, path: string, pronoun: 'Script' | 'When'): Step {
    if (st.body === null) {
      this.problem(st, path, 'ModelParser.StepWithoutBlock', [pronoun]);
      return { name: st.name, arguments: this.argumentList(st.args) };
    }
    return scriptStep(st.name, renderBody(st.body));
  }

  // ---- arguments --------------------------------------------------------------------------------

  /** ModelParser.parseArgumentList. */
  private argumentList(args: readonly Arg[]): ArgumentList {
    const g = groovyArgs(args);
    if (g.length === 0) return [];
    if (g.length === 1) {
      const only = g[0]!;
      // Legacy meta-step syntax `[$class: 'Foo', …]` is one argument, not a named list.
      if (only.kind === 'map' && !only.entries.some((e) => e.name === '$class')) {
        return only.entries.map((e) => ({ key: e.name, value: this.raw(e.value) }));
      }
      return this.raw(only);
    }
    return g.map((a) => this.raw(a));
  }

  /** ModelParser.parseArgument: a constant, or a GString (`isLiteral: false`) holding source text. */
  private raw(a: GroovyArg | Arg): RawArgument {
    switch (a.kind) {
      case 'literal':
        return { isLiteral: true, value: a.value };
      case 'map':
        return { isLiteral: false, value: `[${a.entries.map(renderArg).join(', ')}]` };
      case 'named':
        return { isLiteral: false, value: `[${renderArg(a)}]` };
      case 'call':
        return { isLiteral: false, value: `\${${renderArg(a)}}` };
      case 'expr': {
        const text = a.text.trim();
        const str = stringLiteral(text);
        if (str) return str.interpolated ? { isLiteral: false, value: text } : { isLiteral: true, value: str.value };
        if (/^-?\d+$/.test(text)) return { isLiteral: true, value: Number(text) };
        if (/^-?\d*\.\d+$/.test(text)) return { isLiteral: true, value: Number(text) };
        if (text === 'true' || text === 'false') return { isLiteral: true, value: text === 'true' };
        if (text === 'null') return { isLiteral: true, value: null };
        // Bare `any` / `none` are the zero-argument agent types, read as constants.
        if ((ZERO_ARG_AGENTS as readonly string[]).includes(text)) return { isLiteral: true, value: text };
        // Map literals keep their source; anything else becomes the in-place GString "${…}".
        // (`sh ${FOO}` without quotes becomes "${${FOO}}": rules.ts reports ModelParser.BareDollarCurly.)
        if (collectionLiteral(text)?.map) return { isLiteral: false, value: text };
        return { isLiteral: false, value: `\${${text}}` };
      }
    }
  }

  /** ModelParser.parseStringLiteral: a string constant or a bare variable name. */
  private stringLiteralArg(a: Arg): string | undefined {
    if (a.kind === 'literal') return typeof a.value === 'string' ? a.value : undefined;
    if (a.kind === 'expr') {
      const t = a.text.trim();
      const str = stringLiteral(t);
      if (str) return str.interpolated ? undefined : str.value;
      if (/^[A-Za-z_$][\w$]*$/.test(t)) return t;
    }
    return undefined;
  }

  /** ModelParser.parseBooleanMethod: `failFast true`, `beforeAgent true`. */
  private booleanArg(s: CallNode, path: string): boolean | undefined {
    const a = s.args[0];
    if (a !== undefined && a.kind === 'literal' && typeof a.value === 'boolean' && s.args.length === 1) return a.value;
    if (a !== undefined && a.kind === 'expr' && (a.text.trim() === 'true' || a.text.trim() === 'false')) return a.text.trim() === 'true';
    this.problem(s, path, 'ModelParser.ExpectedBoolean', [s.name]);
    return undefined;
  }

  /** ModelParser.parseMethodCall: options, triggers, parameters and method calls nested in them. */
  private methodCall(name: string, args: readonly Arg[], path: string, s: Statement): MethodCall {
    this.at(path, s);
    const out: MethodArg[] = [];
    for (const a of groovyArgs(args)) {
      const here = pointer(path, 'arguments', out.length);
      if (a.kind === 'map') {
        for (const e of a.entries) {
          const at = pointer(path, 'arguments', out.length);
          if (isClosureText(e.value)) {
            this.problem(s, at, 'ModelParser.MethodCallWithClosure');
          } else if (e.value.kind === 'call') {
            out.push({ key: e.name, value: this.methodCall(e.value.name, e.value.args, pointer(at, 'value'), s) });
          } else {
            out.push({ key: e.name, value: this.raw(e.value) });
          }
        }
      } else if (isClosureText(a)) {
        this.problem(s, here, 'ModelParser.MethodCallWithClosure');
      } else if (a.kind === 'call') {
        out.push(this.methodCall(a.name, a.args, here, s));
      } else {
        out.push(this.raw(a));
      }
    }
    return { name, arguments: out };
  }

  /** ModelParser.parseOptions / parseTriggers / parseBuildParameters. */
  private methodCalls(s: CallNode, path: string, kind: 'options' | 'triggers' | 'parameters'): MethodCall[] {
    this.at(path, s);
    const listPath = pointer(path, kind);
    this.at(listPath, s);
    const out: MethodCall[] = [];
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlockFor', [kind]);
      return out;
    }
    const cover: Cover[] = [{ path: listPath, keyword: 'minItems' }];
    for (const st of s.body) {
      if (!isCall(st)) {
        if (st.text.trim().startsWith('[')) {
          this.problem(st, listPath, 'ModelParser.MapNotAllowed', [jenkinsMessage(PARSER_NAMES[kind])], cover);
        } else {
          this.problem(st, listPath, EXPECTED_ITEM[kind], [], cover);
        }
      } else if (st.body !== null) {
        // `timeout(5) { … }` or `when { … }` inside options {}.
        this.problem(st, listPath, 'ModelParser.CannotHaveBlocks', [jenkinsMessage(PARSER_NAMES[kind])], cover);
      } else {
        out.push(this.methodCall(st.name, st.args, pointer(listPath, out.length), st));
      }
    }
    return out;
  }

  // ---- environment, tools, libraries, input --------------------------------------------------

  /** ModelParser.parseEnvironment: `KEY = 'value'`, `KEY = "gstring"`, `KEY = credentials('id')`, `'a' + "b"`. */
  private environment(s: CallNode, path: string): EnvironmentEntry[] {
    this.at(path, s);
    const out: EnvironmentEntry[] = [];
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlockFor', ['environment']);
      return out;
    }
    const keys = new Set<string>();
    let bad = false;
    const cover: Cover[] = [{ path, keyword: 'minItems' }];
    for (const st of s.body) {
      const text = isCall(st) ? renderShort(st) : st.text;
      const parts = isCall(st) ? [text] : splitTopLevel(text, '=');
      if (parts.length !== 2) {
        // Not an assignment: `agent { … }`, `echo 'x'`, `FOO == 'x'` inside environment {}.
        bad = true;
        if (text.includes('=')) {
          this.problem(st, path, 'ModelValidatorImpl.InvalidIdentifierInEnv', [text.split('=')[0]!.trim()], cover);
        } else {
          this.problem(st, path, 'ModelParser.InvalidEnvironmentIdentifier', [text], cover);
        }
        continue;
      }
      const key = parts[0]!.trim();
      if (keys.has(key)) {
        this.problem(st, path, 'ModelParser.DuplicateEnvVar', [key]);
        continue;
      }
      const here = pointer(path, out.length);
      const value = this.environmentValue(parts[1]!.trim(), st, pointer(here, 'value'));
      if (value === undefined) continue;
      keys.add(key);
      this.at(here, st);
      out.push({ key, value });
    }
    if (bad) this.problem(s, path, 'ModelParser.ExpectedNVPairs', [], cover);
    return out;
  }

  private environmentValue(text: string, st: Statement, path: string): EnvironmentEntry['value'] | undefined {
    const str = stringLiteral(text);
    if (str) return str.interpolated ? { isLiteral: false, value: text } : { isLiteral: true, value: str.value };
    if (/^-?\d+(\.\d+)?$/.test(text)) return { isLiteral: true, value: Number(text) };
    if (text === 'true' || text === 'false') return { isLiteral: true, value: text === 'true' };
    const call = methodCallText(text);
    if (call) {
      if (call.name !== 'credentials') return { isLiteral: false, value: `\${${text}}` };
      const args: RawArgument[] = [];
      for (const a of call.args) {
        const lit = stringLiteral(a);
        if (!lit) this.problem(st, path, 'ModelParser.InvalidInternalFunctionArg');
        else args.push(lit.interpolated ? { isLiteral: false, value: a } : { isLiteral: true, value: lit.value });
      }
      return { name: 'credentials', arguments: args };
    }
    const concat = splitTopLevel(text, '+');
    if (concat.length > 1) {
      // JENKINS-42771: FOO = "b" + 'a' + "r".
      let value = '';
      let literal = true;
      let ok = true;
      for (const part of concat) {
        const lit = stringLiteral(part);
        if (!lit) {
          this.problem(st, path, 'ModelParser.InvalidEnvironmentConcatValue');
          ok = false;
        } else if (lit.interpolated) {
          value += trimQuotes(part.trim());
          literal = false;
        } else {
          value += lit.value;
        }
      }
      return ok ? { isLiteral: literal, value } : undefined;
    }
    // `cfg.image`, `params.X`, `a ? b : c`, …: ModelParser.InvalidEnvironmentValue.
    this.problem(st, path, 'ModelParser.InvalidEnvironmentValue');
    return undefined;
  }

  /** ModelParser.parseTools: `go 'go-1.21'`. */
  private tools(s: CallNode, path: string): ArgumentValue[] {
    this.at(path, s);
    const out: ArgumentValue[] = [];
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlockFor', ['tools']);
      return out;
    }
    for (const st of s.body) {
      if (!isCall(st)) {
        this.problem(st, path, 'ModelParser.ExpectedTool', [], [{ path, keyword: 'minItems' }]);
        continue;
      }
      const n = argCount(st);
      if (n === 0) this.problem(st, path, 'ModelParser.NoArgForTool', [st.name]);
      else if (n > 1) this.problem(st, path, 'ModelParser.TooManyArgsForTool', [st.name]);
      else {
        const here = pointer(path, out.length);
        this.at(here, st);
        out.push({ key: st.name, value: this.raw(soleArg(st)) });
      }
    }
    return out;
  }

  /** ModelParser.parseLibraries: `lib('name@version')`. */
  private libraries(s: CallNode, path: string): RawArgument[] {
    this.at(path, s);
    const listPath = pointer(path, 'libraries');
    const out: RawArgument[] = [];
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlockFor', ['libraries']);
      return out;
    }
    for (const st of s.body) {
      const g = isCall(st) ? groovyArgs(st.args) : [];
      if (!isCall(st) || st.name !== 'lib') {
        this.problem(st, listPath, 'ModelParser.ExpectedLibrary', [renderShort(st)]);
      } else if (st.body !== null) {
        this.problem(st, listPath, 'ModelParser.CannotHaveBlocks', [jenkinsMessage('Parser.Libraries')]);
      } else if (g.length !== 1 || g[0]!.kind === 'map' || g[0]!.kind === 'call') {
        this.problem(st, listPath, 'ModelParser.ExpectedLibrary', [renderShort(st)]);
      } else {
        this.at(pointer(listPath, out.length), st);
        out.push(this.raw(g[0]!));
      }
    }
    return out;
  }

  /** ModelParser.parseInput. */
  private input(s: CallNode, path: string): Input {
    this.at(path, s);
    const input: Input = {};
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlockFor', ['input']);
      return input;
    }
    const seen = new Set<string>();
    for (const st of s.body) {
      if (!isCall(st)) {
        this.problem(st, path, 'ModelParser.InvalidSectionDefinition', [st.text]);
        continue;
      }
      if (seen.has(st.name)) {
        this.problem(st, path, 'Parser.MultipleOfSection', [st.name]);
        continue;
      }
      seen.add(st.name);
      const n = argCount(st);
      const here = pointer(path, st.name);
      if (n === 0) this.problem(st, path, 'ModelParser.NoArgForField', [st.name]);
      else if (n > 1) this.problem(st, path, 'ModelParser.TooManyArgsForField', [st.name]);
      else if (st.name === 'parameters') input.parameters = { parameters: this.methodCalls(st, here, 'parameters') };
      else if (['message', 'id', 'ok', 'submitter', 'submitterParameter'].includes(st.name)) {
        this.at(here, st);
        (input as Record<string, RawArgument>)[st.name] = this.raw(soleArg(st));
      } else this.problem(st, path, 'ModelParser.InvalidInputField', [st.name]);
    }
    return input;
  }

  // ---- agent --------------------------------------------------------------------------------------

  /** ModelParser.parseAgent and ModelASTAgent.toJSON. */
  private agent(s: CallNode, path: string): Agent {
    this.at(path, s);
    const typeMissing: Cover[] = [{ path, keyword: 'required', property: 'type' }];
    if (s.body === null) {
      const g = groovyArgs(s.args);
      if (g.length === 0) this.problem(s, path, 'ModelParser.NoArgForAgent', [], typeMissing);
      else if (g.length > 1) this.problem(s, path, 'ModelParser.InvalidAgent', [], typeMissing);
      else {
        const key = g[0]!.kind === 'map' ? undefined : this.stringLiteralArg(g[0]!);
        if (key !== undefined && (ZERO_ARG_AGENTS as readonly string[]).includes(key)) return { type: key };
        this.problem(s, path, 'ModelParser.InvalidAgent', [], typeMissing);
      }
      return {};
    }
    if (s.body.length === 0) {
      this.problem(s, path, 'ModelParser.ExpectedAgent', [], typeMissing);
      return {};
    }
    if (s.body.length > 1) {
      this.problem(s.body[1]!, path, 'ModelParser.OneAgentMax', [], typeMissing);
      return {};
    }
    const typeCall = s.body[0]!;
    if (!isCall(typeCall)) {
      this.problem(typeCall, path, 'ModelParser.ExpectedAgent', [], typeMissing);
      return {};
    }
    const agent: Agent = { type: typeCall.name };
    const value = this.closureMapValue(typeCall, path);
    if (Array.isArray(value)) {
      // HACK FOR JENKINS-41118 (ModelParser.parseAgent): `label { … }` with options is agent type `node`.
      if (typeCall.name === 'label') agent.type = 'node';
      if (value.length > 0) agent.arguments = value;
    } else if (value !== undefined) {
      agent.argument = value;
    }
    return agent;
  }

  /** One entry of ModelParser.parseClosureMap: `key value` or `key { nested }`. */
  private closureMapValue(st: CallNode, errorPath: string): RawArgument | MapArgumentValue[] | undefined {
    const n = argCount(st);
    if (n === 0) {
      this.problem(st, errorPath, 'ModelParser.NoArgForMapMethodKey', [st.name]);
      return undefined;
    }
    if (n > 1) {
      this.problem(st, errorPath, 'ModelParser.TooManyArgsForMapMethodKey', [st.name]);
      return undefined;
    }
    if (st.body !== null) return this.closureMap(st.body, errorPath);
    return this.raw(soleArg(st));
  }

  private closureMap(body: readonly Statement[], path: string): MapArgumentValue[] {
    const out: MapArgumentValue[] = [];
    for (const st of body) {
      if (!isCall(st)) {
        this.problem(st, path, 'ModelParser.ExpectedMapMethod');
        continue;
      }
      const value = this.closureMapValue(st, path);
      if (value !== undefined) out.push({ key: st.name, value });
    }
    return out;
  }

  // ---- when ----------------------------------------------------------------------------------------

  /** ModelParser.parseWhen: conditions plus the beforeAgent / beforeInput / beforeOptions flags. */
  private when(s: CallNode, path: string): When {
    this.at(path, s);
    const w: When = { conditions: [] };
    const conditionsPath = pointer(path, 'conditions');
    this.at(conditionsPath, s);
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlockFor', ['when'], [{ path: conditionsPath, keyword: 'minItems' }]);
      return w;
    }
    for (const st of s.body) {
      if (isCall(st) && (WHEN_FLAGS as readonly string[]).includes(st.name)) {
        const b = this.booleanArg(st, path);
        if (b !== undefined) w[st.name as (typeof WHEN_FLAGS)[number]] = b;
        continue;
      }
      const c = this.whenContent(st, pointer(conditionsPath, w.conditions.length), conditionsPath);
      if (c) w.conditions.push(c);
    }
    return w;
  }

  /** ModelParser.parseWhenContent: any call is a condition; unknown names are left to rules.ts. */
  private whenContent(st: Statement, path: string, container: string): WhenCondition | undefined {
    if (!isCall(st)) {
      this.problem(st, container, 'ModelParser.ExpectedWhen', [], [{ path: container, keyword: 'minItems' }]);
      return undefined;
    }
    this.at(path, st);
    if (st.name === 'expression') return this.codeBlock(st, path, 'When');
    if (st.body === null) return { name: st.name, arguments: this.argumentList(st.args) };
    const c: WhenCondition = { name: st.name };
    if (st.args.length > 0) c.arguments = this.argumentList(st.args);
    const childrenPath = pointer(path, 'children');
    this.at(childrenPath, st);
    c.children = [];
    for (const child of st.body) {
      const cc = this.whenContent(child, pointer(childrenPath, c.children.length), childrenPath);
      if (cc) c.children.push(cc);
    }
    return c;
  }

  // ---- post ------------------------------------------------------------------------------------------

  /** ModelParser.parseBuildConditionResponder / parseBuildCondition. */
  private post(s: CallNode, path: string): Post {
    this.at(path, s);
    const conditionsPath = pointer(path, 'conditions');
    this.at(conditionsPath, s);
    const conditions: BuildCondition[] = [];
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlock');
      return { conditions };
    }
    for (const st of s.body) {
      if (!isCall(st) || st.body === null) {
        this.problem(st, conditionsPath, 'ModelParser.InvalidBuildCondition', [POST_CONDITIONS], [{ path: conditionsPath, keyword: 'minItems' }]);
        continue;
      }
      const here = pointer(conditionsPath, conditions.length);
      this.at(here, st);
      conditions.push({ condition: st.name, branch: this.branch('default', st.body, pointer(here, 'branch'), st) });
    }
    return { conditions };
  }

  // ---- matrix ---------------------------------------------------------------------------------------

  /** `matrix { axes { axis { name 'X'; values 'a', 'b' } } excludes { exclude { axis { … } } } stages { … } … }`. */
  private matrix(s: CallNode, path: string): Matrix {
    this.at(path, s);
    const m: Matrix = {};
    if (s.body === null) {
      this.problem(s, path, 'ModelParser.ExpectedBlockFor', ['matrix']);
      return m;
    }
    const seen = new Set<string>();
    for (const st of s.body) {
      if (!isCall(st)) {
        this.problem(st, path, 'ModelParser.InvalidStageSectionDefinition', [st.text]);
        continue;
      }
      const here = pointer(path, st.name);
      if (seen.has(st.name)) {
        this.problem(st, path, 'Parser.MultipleOfSection', [st.name]);
        continue;
      }
      seen.add(st.name);
      switch (st.name) {
        case 'axes':
          m.axes = this.axes(st, here, false);
          break;
        case 'excludes': {
          this.at(here, st);
          m.excludes = [];
          for (const ex of st.body ?? []) {
            const ep = pointer(here, m.excludes.length);
            if (!isCall(ex) || ex.name !== 'exclude') this.problem(ex, here, 'ModelParser.ExpectedAxis');
            else m.excludes.push(this.axes(ex, ep, true));
          }
          break;
        }
        case 'stages':
          m.stages = this.stages(st, here);
          break;
        case 'agent':
          m.agent = this.agent(st, here);
          break;
        case 'when':
          m.when = this.when(st, here);
          break;
        case 'post':
          m.post = this.post(st, here);
          break;
        case 'tools':
          m.tools = this.tools(st, here);
          break;
        case 'environment':
          m.environment = this.environment(st, here);
          break;
        case 'options':
          m.options = { options: this.methodCalls(st, here, 'options') };
          break;
        case 'input':
          m.input = this.input(st, here);
          break;
        default:
          // Left for the schema (matrix has additionalProperties: false).
          setOwn(m, st.name, this.generic(st, here));
      }
    }
    return m;
  }

  private axes(s: CallNode, path: string, exclude: boolean): Axis[] {
    this.at(path, s);
    const out: Axis[] = [];
    for (const st of s.body ?? []) {
      if (!isCall(st) || st.name !== 'axis') {
        this.problem(st, path, 'ModelParser.ExpectedAxis');
        continue;
      }
      const here = pointer(path, out.length);
      this.at(here, st);
      const axis: Axis = {};
      let values = false;
      let notValues = false;
      for (const f of st.body ?? []) {
        if (!isCall(f)) {
          this.problem(f, here, 'ModelParser.ExpectedAxis');
        } else if (f.name === 'name') {
          const name = f.args[0] ? this.stringLiteralArg(f.args[0]) : undefined;
          if (name === undefined) this.problem(f, here, 'ModelParser.ExpectedStringLiteral');
          else axis.name = name;
        } else if (f.name === 'values' || (exclude && f.name === 'notValues')) {
          if (f.name === 'values') values = true;
          else notValues = true;
          axis.values = groovyArgs(f.args).map((a) => this.raw(a));
          if (f.name === 'notValues') axis.inverse = true;
        } else {
          this.problem(f, here, 'ModelParser.ExpectedAxis');
        }
      }
      if (values && notValues) this.problem(st, here, 'ModelParser.MatrixExcludeAxisValuesOrNotValues');
      out.push(axis);
    }
    return out;
  }
}

/** A `script`/`expression` step as the JSON AST holds it (ModelASTScriptBlock / ModelASTWhenExpression). */
function scriptStep(name: string, text: string): Step {
  return { name, arguments: [{ key: 'scriptBlock', value: { isLiteral: true, value: text } }] };
}
