/**
 * `jslc verify` check 4, the Declarative model (src/verify/declarative):
 *
 * (a) hand-written call trees under fixtures/declarative/trees/ — the generated example
 *     pipeline gives no finding and its JSON AST passes the upstream schema; each broken
 *     pipeline gives exactly the listed findings;
 * (b) the upstream JSON AST fixtures (copies under fixtures/declarative/upstream/) — every
 *     valid pipeline passes the schema and the semantic rules; every errors/*.json fixture is
 *     listed with the finding(s) jslc reports, or with the reason it cannot (checks that need
 *     a running Jenkins);
 * (c) the inlined facts, message templates and the schema asset match their upstream sources
 *     (those comparisons run only when ../shared/jenkins is present).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04Import from 'ajv-draft-04';
import fc from 'fast-check';
import { checkDeclarative, issueMessage, toJsonAst, validateJsonAst } from '../src/verify/declarative/check.js';
import * as facts from '../src/verify/declarative/facts.js';
import { MODEL_MESSAGES, VALIDATOR_MESSAGES, jenkinsMessage, messageFormat } from '../src/verify/declarative/messages.js';
import { astSchemaErrors } from '../src/verify/declarative/schema.js';
import type { Arg, Node, Statement } from '../src/verify/declarative/tree.js';
import { isCall } from '../src/verify/declarative/tree.js';
import { VERIFIER_JAR, javaHome, runVerifier } from '../src/verify/jvm.js';
import { whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TREES = join(ROOT, 'fixtures', 'declarative', 'trees');
const UPSTREAM = join(ROOT, 'fixtures', 'declarative', 'upstream');
const SHARED = resolve(ROOT, '..', 'shared', 'jenkins');
// CI lays shared/ beside the clone: there these comparisons must run, not skip.
const withShared = whenTool('../shared/jenkins (the upstream copies to compare with)', existsSync(SHARED) ? SHARED : undefined);

function readTree(name: string): Node {
  return JSON.parse(readFileSync(join(TREES, `${name}.json`), 'utf8')) as Node;
}

/** `line:column message` for each finding of `checkDeclarative` on a tree fixture. */
function findings(name: string): string[] {
  const file = `${name}.groovy`;
  return checkDeclarative(file, readTree(name)).map((f) => {
    expect(f.file).toBe(file);
    expect(f.check).toBe('declarative');
    return `${f.line}:${f.column} ${f.message}`;
  });
}

function walkFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walkFiles(p) : [p];
  });
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Mismatches between a tree and the Groovy source it stands for: each node's name (or a plain
 * statement's text) must be at its line and column, and each statement line of the source's
 * `pipeline {}` block must have a node.
 */
function driftFromSource(tree: Node, source: string): string[] {
  const lines = source.split('\n');
  const problems: string[] = [];
  const nodeLines = new Set<number>();
  const visit = (s: Statement): void => {
    nodeLines.add(s.line);
    const at = (lines[s.line - 1] ?? '').slice(s.column - 1);
    if (isCall(s)) {
      if (!new RegExp(`^${s.name.replace(/[$]/g, '\\$')}\\b`).test(at)) problems.push(`${s.line}:${s.column} is not "${s.name}": ${at}`);
      for (const b of s.body ?? []) visit(b);
    } else if (at.trimEnd() !== s.text) {
      problems.push(`${s.line}:${s.column} is not "${s.text}": ${at}`);
    }
  };
  visit(tree);
  const start = tree.line - 1;
  const indent = (lines[start] ?? '').search(/\S/);
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '}' && line.search(/\S/) === indent) break;
    if (line.trim() !== '' && line.trim() !== '}' && !nodeLines.has(i + 1)) problems.push(`line ${i + 1} has no node: ${line.trim()}`);
  }
  return problems;
}

// ---- (a) call trees ---------------------------------------------------------------------------

describe('declarative: the generated example pipeline', () => {
  const tree = readTree('go-service-pipeline');

  test('the tree fixture mirrors vars-out/vars/goServicePipeline.groovy', () => {
    const source = readFileSync(join(ROOT, 'vars-out', 'vars', 'goServicePipeline.groovy'), 'utf8');
    expect(driftFromSource(tree, source)).toEqual([]);
  });

  test('has no finding', () => {
    expect(findings('go-service-pipeline')).toEqual([]);
  });

  test('its JSON AST validates against ast-schema.json (ajv-draft-04, strict: false)', () => {
    const { ast, problems, aborted } = toJsonAst(tree);
    expect(problems).toEqual([]);
    expect(aborted).toBe(false);
    // An independent compile of the shipped schema, not the one check.ts uses.
    const Ajv = ((Ajv04Import as unknown as { default?: typeof Ajv04Import.default }).default ?? Ajv04Import) as unknown as typeof Ajv04Import.default;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(
      JSON.parse(readFileSync(join(ROOT, 'verify-data', 'jenkins', 'ast-schema.json'), 'utf8')) as object,
    );
    expect(validate(ast) ? [] : validate.errors).toEqual([]);
    expect(astSchemaErrors(ast)).toEqual([]);
    expect(validateJsonAst(ast)).toEqual([]);
  });

  test('its JSON AST has the upstream shapes', () => {
    const { pipeline } = toJsonAst(tree).ast;
    expect(Object.keys(pipeline)).toEqual(['agent', 'environment', 'options', 'stages', 'post']);
    expect(pipeline.agent?.type).toBe('kubernetes');
    expect(pipeline.agent?.arguments?.map((a) => a.key)).toEqual(['defaultContainer', 'yaml']);
    expect(pipeline.environment?.[0]).toEqual({ key: 'GOTOOLCHAIN', value: { isLiteral: true, value: 'go1.27.4' } });
    expect(pipeline.options?.options[0]).toEqual({
      name: 'buildDiscarder',
      arguments: [{ name: 'logRotator', arguments: [{ key: 'numToKeepStr', value: { isLiteral: true, value: '30' } }] }],
    });
    expect(pipeline.options?.options[2]).toEqual({ name: 'skipDefaultCheckout', arguments: [] });
    const stages = pipeline.stages ?? [];
    expect(stages.map((s) => s.name)).toEqual(['Checkout', 'Modules', 'Quality + Build', 'Image', 'Push', 'Sign']);
    expect(stages[0]?.branches).toEqual([
      { name: 'default', steps: [{ name: 'goCheckout', arguments: [{ key: 'fetchTags', value: { isLiteral: true, value: true } }] }] },
    ]);
    expect(stages[2]?.failFast).toBe(true);
    expect(stages[2]?.parallel?.map((s) => s.name)).toEqual(['Vet', 'Test', 'Build linux/amd64', 'Build linux/arm64']);
    expect(stages[2]?.parallel?.[0]?.branches?.[0]?.steps[0]).toEqual({
      name: 'goVet',
      arguments: [
        { key: 'packages', value: { isLiteral: false, value: "${['./...']}" } },
        { key: 'trimpath', value: { isLiteral: true, value: true } },
      ],
    });
    // The oci image reads both platforms' binaries: its build phase (a check that they exist) waits for both builds.
    expect(stages[3]?.branches?.[0]?.steps[0]?.arguments).toContainEqual({ key: 'builder', value: { isLiteral: true, value: 'oci' } });
    expect(stages[3]?.branches?.[0]?.steps[0]?.arguments).toContainEqual({ key: 'phase', value: { isLiteral: true, value: 'build' } });
    expect(stages[4]?.branches?.[0]?.steps[0]?.arguments).toContainEqual({ key: 'repository', value: { isLiteral: false, value: '${cfg.image}' } });
    expect(stages[4]?.branches?.[0]?.steps[0]?.arguments).toContainEqual({ key: 'phase', value: { isLiteral: true, value: 'push' } });
    expect(stages[5]?.when).toEqual({
      conditions: [{ name: 'expression', arguments: [{ key: 'scriptBlock', value: { isLiteral: true, value: 'return cfg.sign == true' } }] }],
    });
    expect(pipeline.post?.conditions.map((c) => c.condition)).toEqual(['always', 'failure', 'cleanup']);
    expect(pipeline.post?.conditions[1]?.branch).toEqual({
      name: 'default',
      steps: [{ name: 'echo', arguments: { isLiteral: true, value: 'Build failed: see the stage log above.' } }],
    });
  });
});

describe('declarative: hand-written call trees', () => {
  const sources = readdirSync(TREES).filter((f) => f.endsWith('.groovy'));

  test.each(sources)('%s matches its tree fixture', (groovy) => {
    const name = groovy.replace(/\.groovy$/, '');
    expect(driftFromSource(readTree(name), readFileSync(join(TREES, groovy), 'utf8'))).toEqual([]);
  });

  test('every tree fixture is checked below', () => {
    const trees = readdirSync(TREES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(trees).toEqual(['go-service-pipeline', ...Object.keys(EXPECTED)].sort());
  });

  const POST_PLACES = 'allowed at the top of pipeline {} or directly in a stage';
  const CONDITIONALS =
    'allOf, anyOf, branch, buildingTag, changelog, changeRequest, changeset, environment, equals, expression, isRestartedRun, not, tag, triggeredBy';
  const EXPECTED: Record<string, string[]> = {
    'all-sections': [],
    'duplicate-stage-names': [
      '16:17 /pipeline/stages/1/parallel/1: Duplicate stage name: "Build" (first used at /pipeline/stages/0)',
      '18:25 /pipeline/stages/1/parallel/1/stages/0: Duplicate stage name: "Unit" (first used at /pipeline/stages/1/parallel/0)',
      '27:9 /pipeline/stages/2: Duplicate stage name: "Test" (first used at /pipeline/stages/1)',
    ],
    'post-inside-steps': [
      `7:17 /pipeline/stages/0/branches/0/steps/1: Invalid step "post" used - not allowed in this context - "post" is a Declarative section, ${POST_PLACES}`,
    ],
    'environment-inside-steps': [
      `6:17 /pipeline/stages/0/branches/0/steps/0: Invalid step "environment" used - not allowed in this context - "environment" is a Declarative section, ${POST_PLACES}`,
      '7:21 /pipeline/stages/0/branches/0/steps/0/children: Expected a step',
    ],
    'options-inside-when': [`7:17 /pipeline/stages/0/when/conditions/1: Unknown conditional options. Valid conditionals are: ${CONDITIONALS}`],
    'agent-inside-environment': [
      '3:5 /pipeline/environment: Expected name=value pairs',
      '5:9 /pipeline/environment: "agent {...}" is not a valid environment expression. Use "key = value" pairs with valid Java/shell keys.',
    ],
    'when-at-top': ['3:5 /pipeline/when: Undefined section "when"'],
    'steps-outside-steps-block': [
      '4:9 /pipeline/stages/0: Expected one of "steps", "stages", or "parallel" for stage "Build"',
      '5:13 /pipeline/stages/0/sh: Unknown stage section "sh". Starting with version 0.5, steps in a stage must be in a \u2018steps\u2019 block.',
    ],
    'steps-and-parallel': ['4:9 /pipeline/stages/0: Only one of "matrix", "parallel", "stages", or "steps" allowed for stage "Checks"'],
    'unknown-post-condition': [
      '14:9 /pipeline/post/conditions/1: Invalid condition "sucess" - valid conditions are [always, changed, fixed, regression, aborted, success, unsuccessful, unstable, failure, notBuilt, cleanup]',
    ],
    'parallel-in-parallel': ['7:21 /pipeline/stages/0/parallel/0/parallel: "matrix" or "parallel" cannot be nested inside another "matrix" or "parallel".'],
    'parallel-parent-agent': [
      '5:13 /pipeline/stages/0/agent: "agent" is not allowed in stage "Test" as it contains parallel or matrix stages',
      '8:13 /pipeline/stages/0/tools: "tools" is not allowed in stage "Test" as it contains parallel or matrix stages',
    ],
    'empty-stages': ['3:5 /pipeline/stages: No stages specified'],
    'missing-agent': ['1:1 /pipeline: Missing required section "agent"'],
    'blocked-steps': [
      '6:17 /pipeline/stages/0/branches/0/steps/0: Invalid step "stage" used - not allowed in this context - The stage step cannot be used in Declarative Pipelines',
      '9:17 /pipeline/stages/0/branches/0/steps/1: Invalid step "properties" used - not allowed in this context - The properties step cannot be used in Declarative Pipelines',
      // Jenkins renders validator messages with java.text.MessageFormat, which drops the lone
      // apostrophe of "stage's" (validator/Messages.properties has `stage\'s`).
      '11:21 /pipeline/stages/0/branches/0/steps/2/children/0: Invalid step "parallel" used - not allowed in this context - The parallel step can only be used as the only top-level step in a stages step block',
    ],
  };

  test.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    expect(findings(name)).toEqual(expected);
  });

  test('the all-sections tree converts to schema-valid shapes', () => {
    const { ast, problems } = toJsonAst(readTree('all-sections'));
    expect(problems).toEqual([]);
    expect(astSchemaErrors(ast)).toEqual([]);
    const p = ast.pipeline;
    expect(p.agent).toEqual({
      type: 'docker',
      arguments: [
        { key: 'image', value: { isLiteral: true, value: 'golang:1.21' } },
        { key: 'args', value: { isLiteral: true, value: '-v /tmp/cache:/cache' } },
      ],
    });
    expect(p.environment?.[1]).toEqual({ key: 'REGISTRY', value: { name: 'credentials', arguments: [{ isLiteral: true, value: 'registry' }] } });
    expect(p.environment?.[2]).toEqual({ key: 'GREETING', value: { isLiteral: false, value: '"build ${BUILD_NUMBER}"' } });
    expect(p.libraries).toEqual({ libraries: [{ isLiteral: true, value: 'shared@main' }] });
    expect(p.triggers).toEqual({ triggers: [{ name: 'cron', arguments: [{ isLiteral: true, value: 'H 2 * * *' }] }] });
    const [build, cross, deploy] = p.stages ?? [];
    expect(build?.branches?.[0]?.steps[0]).toEqual({
      name: 'withEnv',
      arguments: { isLiteral: false, value: "${['GOOS=linux']}" },
      children: [
        { name: 'dir', arguments: { isLiteral: true, value: 'cmd/app' }, children: [{ name: 'sh', arguments: { isLiteral: true, value: 'go build ./...' } }] },
      ],
    });
    expect(build?.branches?.[0]?.steps[2]?.name).toBe('script');
    expect(cross?.matrix?.excludes?.[0]?.[1]).toEqual({ name: 'GOARCH', values: [{ isLiteral: true, value: 'arm64' }], inverse: true });
    expect(deploy?.agent).toEqual({ type: 'label', argument: { isLiteral: true, value: 'deploy' } });
    expect(deploy?.when?.beforeAgent).toBe(true);
    expect(deploy?.when?.conditions[0]?.children?.[1]).toEqual({ name: 'not', children: [{ name: 'changeRequest', arguments: [] }] });
    expect(deploy?.input?.message).toEqual({ isLiteral: true, value: 'Deploy to production?' });
  });

  test('a misplaced statement is reported where Jenkins reports it, not dropped', () => {
    const tree: Node = {
      name: 'pipeline',
      line: 1,
      column: 1,
      args: [],
      body: [
        { name: 'agent', line: 2, column: 5, args: [{ kind: 'expr', text: 'docker' }], body: null },
        { name: '<statement>', line: 3, column: 5, text: 'def x = 1' },
        {
          name: 'stages',
          line: 4,
          column: 5,
          args: [],
          body: [
            { name: 'echo', line: 5, column: 9, args: [{ kind: 'literal', value: 'hi' }], body: null },
            {
              name: 'stage',
              line: 6,
              column: 9,
              args: [{ kind: 'expr', text: '"Build ${x}"' }],
              body: [
                {
                  name: 'steps',
                  line: 7,
                  column: 13,
                  args: [],
                  body: [{ name: 'sh', line: 8, column: 17, args: [{ kind: 'expr', text: '${FOO}' }], body: null }],
                },
                { name: 'steps', line: 10, column: 13, args: [], body: [] },
              ],
            },
          ],
        },
        { name: 'stages', line: 13, column: 5, args: [], body: [] },
      ],
    };
    expect(checkDeclarative('x.groovy', tree).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      '2:5 /pipeline/agent: Only "agent none", "agent any" or "agent {...}" are allowed.',
      '3:5 /pipeline: Not a valid section definition: "def x = 1". Some extra configuration is required.',
      '5:9 /pipeline/stages: Expected a stage',
      '6:9 /pipeline/stages/0: Expected string literal',
      '8:17 /pipeline/stages/0/branches/0/steps/0/arguments: ${FOO} cannot be used as a value directly. Did you mean "${FOO}"? (add quotes)',
      '10:13 /pipeline/stages/0: Multiple occurrences of the steps section',
      '13:5 /pipeline: Multiple occurrences of the stages section',
    ]);
  });

  test('findings carry the file, the check name and the node position', () => {
    const [f] = checkDeclarative('vars/x.groovy', readTree('missing-agent'));
    expect(f).toEqual({ file: 'vars/x.groovy', line: 1, column: 1, check: 'declarative', message: '/pipeline: Missing required section "agent"' });
  });

  test('schema errors name the JSON pointer and the schema location', () => {
    const tree: Node = {
      name: 'pipeline',
      line: 1,
      column: 1,
      args: [],
      body: [
        { name: 'agent', line: 2, column: 5, args: [{ kind: 'expr', text: 'any' }], body: null },
        {
          name: 'stages',
          line: 3,
          column: 5,
          args: [],
          body: [
            {
              name: 'stage',
              line: 4,
              column: 9,
              args: [{ kind: 'literal', value: 'Build' }],
              body: [
                {
                  name: 'steps',
                  line: 5,
                  column: 13,
                  args: [],
                  body: [{ name: 'dir', line: 6, column: 17, args: [{ kind: 'literal', value: 'x' }], body: [] }],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(checkDeclarative('x.groovy', tree).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      '6:17 /pipeline/stages/0/branches/0/steps/0: schema: matches none of step | treeStep (ast-schema.json#/definitions/branch/properties/steps/items/anyOf); closest failure at /pipeline/stages/0/branches/0/steps/0/children: must not be empty (ast-schema.json#/definitions/treeStep/properties/children/minItems)',
    ]);
  });
});

describe('declarative: the Groovy dumper itself (verifier jar)', () => {
  // The tree fixtures stand for what the JVM tool prints; when its jar is built, compare.
  const withJar = whenTool('the verifier jar (scripts/build-verifier.sh)', existsSync(VERIFIER_JAR) && javaHome() !== undefined ? VERIFIER_JAR : undefined);

  withJar('prints exactly the tree fixtures for their Groovy sources', async () => {
    const lib = mkdtempSync(join(tmpdir(), 'jslc-declarative-'));
    try {
      mkdirSync(join(lib, 'vars'));
      const names: Record<string, string> = { goServicePipeline: 'go-service-pipeline' };
      cpSync(join(ROOT, 'vars-out', 'vars', 'goServicePipeline.groovy'), join(lib, 'vars', 'goServicePipeline.groovy'));
      for (const g of readdirSync(TREES).filter((f) => f.endsWith('.groovy'))) {
        const fixture = g.replace(/\.groovy$/, '');
        const varName = fixture.replace(/-(.)/g, (_m, c: string) => c.toUpperCase());
        names[varName] = fixture;
        cpSync(join(TREES, g), join(lib, 'vars', `${varName}.groovy`));
      }
      const { trees } = await runVerifier(lib, ['declarative-tree']);
      const got = Object.fromEntries(trees.map((t) => [names[t.file.replace(/^vars\/|\.groovy$/g, '')], t.tree]));
      expect(Object.keys(got).sort()).toEqual(Object.values(names).sort());
      for (const [fixture, tree] of Object.entries(got)) expect([fixture, tree]).toEqual([fixture, readTree(fixture!)]);
    } finally {
      rmSync(lib, { recursive: true, force: true });
    }
  });
});

describe('declarative: arbitrary call trees', () => {
  // Names that exercise every branch of the converter, in right and wrong places.
  const NAMES = [
    'agent',
    'stages',
    'stage',
    'steps',
    'parallel',
    'matrix',
    'axes',
    'axis',
    'excludes',
    'exclude',
    'name',
    'values',
    'notValues',
    'post',
    'always',
    'failure',
    'sucess',
    'when',
    'allOf',
    'not',
    'branch',
    'expression',
    'beforeAgent',
    'options',
    'timeout',
    'environment',
    'tools',
    'input',
    'message',
    'parameters',
    'triggers',
    'libraries',
    'lib',
    'failFast',
    'script',
    'sh',
    'dir',
    'label',
    'docker',
    'node',
    'properties',
    'branches',
    'pipeline',
    'constructor',
    '__proto__',
  ];
  const TEXTS = [
    "FOO = 'bar'",
    'FOO = "a${B}"',
    "FOO = credentials('id')",
    'FOO = \'a\' + "b"',
    'FOO = cfg.x',
    'def x = 1',
    'return true',
    'X == 1',
    "F OO = 'x'",
  ];
  const EXPRS = ["'x'", '"a${b}"', '[a: 1]', "['a', 'b']", '${FOO}', "{ sh 'x' }", 'cfg.image', 'any', 'none', 'true', '42'];
  const arg: fc.Arbitrary<Arg> = fc.oneof(
    fc.record({
      kind: fc.constant('literal' as const),
      value: fc.oneof(fc.constantFrom('Build', 'x', 'main', ''), fc.integer(), fc.boolean(), fc.constant(null)),
    }),
    fc.record({ kind: fc.constant('expr' as const), text: fc.constantFrom(...EXPRS) }),
    fc.record({
      kind: fc.constant('named' as const),
      name: fc.constantFrom('time', 'unit', 'a', 'failFast', '$class'),
      value: fc.oneof(
        fc.record({ kind: fc.constant('literal' as const), value: fc.oneof(fc.string({ maxLength: 3 }), fc.boolean()) }),
        fc.record({ kind: fc.constant('expr' as const), text: fc.constantFrom(...EXPRS) }),
        fc.record({ kind: fc.constant('call' as const), name: fc.constantFrom('logRotator', 'node', 'properties'), args: fc.constant([] as Arg[]) }),
      ),
    }),
    fc.record({ kind: fc.constant('call' as const), name: fc.constantFrom('logRotator', 'node', 'properties'), args: fc.constant([] as Arg[]) }),
  );
  const { statement } = fc.letrec<{ statement: Statement }>((tie) => ({
    statement: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ name: fc.constant('<statement>'), line: fc.nat(99), column: fc.nat(99), text: fc.constantFrom(...TEXTS) }),
      fc.record({
        name: fc.constantFrom(...NAMES),
        line: fc.nat(99),
        column: fc.nat(99),
        args: fc.array(arg, { maxLength: 3 }),
        body: fc.oneof(fc.constant(null), fc.array(tie('statement'), { maxLength: 4 })),
      }),
    ),
  }));
  const pipeline: fc.Arbitrary<Node> = fc.record({
    name: fc.constant('pipeline'),
    line: fc.constant(1),
    column: fc.constant(1),
    args: fc.constant([] as Arg[]),
    body: fc.array(statement, { maxLength: 6 }),
  });

  test('never throw, always place findings, and a pipeline without findings passes the schema', () => {
    fc.assert(
      fc.property(pipeline, (tree) => {
        const found = checkDeclarative('x.groovy', tree);
        for (const f of found) {
          expect(Number.isInteger(f.line) && Number.isInteger(f.column)).toBe(true);
          expect(f.message).toMatch(/^\/\S*: \S/);
        }
        const { ast } = toJsonAst(tree);
        expect(JSON.parse(JSON.stringify(ast))).toEqual(ast);
        if (found.length === 0) expect(astSchemaErrors(ast)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  test('mutations of the valid trees (renamed, moved, deleted, emptied nodes) keep the same guarantees', () => {
    type Mutable = { name: string; line: number; column: number; args?: Arg[]; body?: Mutable[] | null; text?: string };
    const bases = ['go-service-pipeline', 'all-sections'].map((n) => readTree(n) as unknown as Mutable);
    const calls = (n: Mutable, out: Mutable[] = []): Mutable[] => {
      if (n.text === undefined) {
        out.push(n);
        for (const b of n.body ?? []) calls(b, out);
      }
      return out;
    };
    const op = fc.tuple(fc.constantFrom('rename', 'delete', 'move', 'null-body', 'empty-body'), fc.nat(), fc.nat());
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(op, { minLength: 1, maxLength: 4 }), (which, ops) => {
        const tree = structuredClone(bases[which]!);
        for (const [kind, a, b] of ops) {
          const all = calls(tree);
          const node = all[a % all.length]!;
          const parentOf = (x: Mutable): Mutable | undefined => all.find((p) => p.body?.includes(x));
          if (kind === 'rename') node.name = NAMES[b % NAMES.length]!;
          else if (kind === 'null-body') node.body = null;
          else if (kind === 'empty-body') node.body = [];
          else if (kind === 'delete') {
            const p = parentOf(node);
            if (p?.body) p.body = p.body.filter((x) => x !== node);
          } else {
            const dst = all[b % all.length]!;
            if (dst.body && !calls(node).includes(dst)) dst.body.push(structuredClone(node));
          }
        }
        const found = checkDeclarative('x.groovy', tree as unknown as Node);
        if (found.length === 0) expect(astSchemaErrors(toJsonAst(tree as unknown as Node).ast)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

// ---- (b) upstream JSON AST fixtures ----------------------------------------------------------------

const upstreamFiles = walkFiles(UPSTREAM)
  .filter((f) => f.endsWith('.json'))
  .map((f) => relative(UPSTREAM, f))
  .sort();
const validFixtures = upstreamFiles.filter((f) => !f.startsWith('errors/'));
const errorFixtures = upstreamFiles.filter((f) => f.startsWith('errors/'));

describe('declarative: upstream fixtures (copies)', () => {
  test('the copies are unchanged (SHA256SUMS)', () => {
    const sums = readFileSync(join(UPSTREAM, 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/) as [string, string]);
    expect(sums.map(([, f]) => f).sort()).toEqual(upstreamFiles);
    for (const [sum, f] of sums) expect(`${f} ${sha256(join(UPSTREAM, f))}`).toBe(`${f} ${sum}`);
  });

  withShared('the copies equal ../shared/jenkins/ast-json-fixtures, and none is missing', () => {
    const shared = join(SHARED, 'ast-json-fixtures');
    const expected = walkFiles(shared)
      .map((f) => relative(shared, f))
      .filter((f) => !f.startsWith('steps/') && f !== 'agentTypeOrdering.json')
      .sort();
    expect(upstreamFiles).toEqual(expected);
    for (const f of upstreamFiles) expect(`${f} ${sha256(join(UPSTREAM, f))}`).toBe(`${f} ${sha256(join(shared, f))}`);
  });

  test('50 valid and 76 error fixtures', () => {
    expect(validFixtures).toHaveLength(50);
    expect(errorFixtures).toHaveLength(76);
  });

  test.each(validFixtures)('valid: %s passes the schema and the semantic rules', (f) => {
    const ast: unknown = JSON.parse(readFileSync(join(UPSTREAM, f), 'utf8'));
    expect(astSchemaErrors(ast)).toEqual([]);
    expect(validateJsonAst(ast).map(issueMessage)).toEqual([]);
  });

  const NEEDS_JENKINS = (what: string): { notCovered: string } => ({ notCovered: `needs a running Jenkins: ${what}` });
  const SAME_AS_VALID = {
    notCovered: 'identical to the valid matrix/matrixPipelineTwoAxisExcludeNot.json (the error exists only in the Groovy form upstream)',
  };
  const IN = (where: string): string => `Invalid step "${where}" used - not allowed in this context - `;
  const TWO_OF = '/pipeline/stages/0: Only one of "matrix", "parallel", "stages", or "steps" allowed for stage "foo"';
  const NESTED = '"matrix" or "parallel" cannot be nested inside another "matrix" or "parallel".';

  /** Every errors/*.json: the findings jslc reports (exactly), or why it reports none. */
  const ERRORS: Record<string, string[] | { notCovered: string } | 'malformed'> = {
    'agentMissingRequiredParam.json': NEEDS_JENKINS('the required parameters of agent type "otherField"'),
    'agentUnknownParamForType.json': NEEDS_JENKINS('the parameters of agent type "otherField"'),
    'bareDollarCurly.json': [
      '/pipeline/stages/0/branches/0/steps/1/arguments/0/value: ${FOO} cannot be used as a value directly. Did you mean "${FOO}"? (add quotes)',
      '/pipeline/environment/0/value: ${env.BUILD_NUMBER} cannot be used as a value directly. Did you mean "${env.BUILD_NUMBER}"? (add quotes)',
    ],
    'emptyEnvironment.json': ['/pipeline/environment: No variables specified for environment'],
    'emptyJobProperties.json': ['/pipeline/options: options can not be empty'],
    'emptyParallel.json': ['/pipeline/stages/0: Expected one of "steps", "stages", or "parallel" for stage "foo"'],
    'emptyParameters.json': ['/pipeline/parameters: parameters can not be empty'],
    'emptyPostBuild.json': ['/pipeline/post: post can not be empty'],
    'emptyStages.json': ['/pipeline/stages: No stages specified'],
    'emptyTriggers.json': ['/pipeline/triggers: triggers can not be empty'],
    'emptyWhen.json': ['/pipeline/stages/0/when: Empty when closure, remove the property or add some content.'],
    'invalidBuildCondition.json': [
      '/pipeline/post/conditions/0: Invalid condition "banana" - valid conditions are [always, changed, fixed, regression, aborted, success, unsuccessful, unstable, failure, notBuilt, cleanup]',
    ],
    'invalidIdentifierInEnv.json': [
      '/pipeline/environment/0: "F OO" is not a valid identifier and cannot be used for an environment variable. Identifiers must start with a letter or underscore and can contain only letters, numbers or underscores.',
      '/pipeline/environment/1: "F$OO" is not a valid identifier and cannot be used for an environment variable. Identifiers must start with a letter or underscore and can contain only letters, numbers or underscores.',
    ],
    'invalidParameterTypeMethodCall.json': NEEDS_JENKINS('the parameter types of booleanParam'),
    'invalidScriptContents.json': NEEDS_JENKINS('Groovy compilation of script blocks'),
    'invalidStageWrapperType.json': NEEDS_JENKINS('the list of option types (echo is not one)'),
    'invalidWhenWithChildren.json': ['/pipeline/stages/1/when/conditions/0: No children when conditions are allowed for when condition "branch".'],
    'invalidWrapperType.json': NEEDS_JENKINS('the list of option types (echo is not one)'),
    'jsonMismatchedQuotes.json': NEEDS_JENKINS('the parameter types of timeout (time is an int)'),
    'jsonParameterTypeCoercion.json': NEEDS_JENKINS('the parameter types of timeout (time is an int)'),
    'malformed.json': 'malformed',
    'matrixAxisDuplicateName.json': ['/pipeline/stages/0/matrix/axes/1: Duplicate axis name: "OS_VALUE"'],
    'matrixAxisDuplicateValue.json': SAME_AS_VALID,
    'matrixAxisMissingName.json': ['/pipeline/stages/0/matrix/axes/0: Missing required section "name"'],
    'matrixAxisMissingValues.json': ['/pipeline/stages/0/matrix/axes/0: Missing required section "values"'],
    'matrixAxisNonLiteralValue.json': SAME_AS_VALID,
    'matrixEmptyAxes.json': ['/pipeline/stages/0/matrix/axes: No axis directives specified'],
    'matrixEmptyExclude.json': ['/pipeline/stages/0/matrix/excludes/0: No axis directives specified'],
    'matrixEmptyExcludes.json': ['/pipeline/stages/0/matrix/excludes: No exclude directives specified'],
    'matrixExcludeAxisDuplicateName.json': ['/pipeline/stages/0/matrix/excludes/0/1: Duplicate axis name: "OS_VALUE"'],
    'matrixExcludeAxisDuplicateValue.json': SAME_AS_VALID,
    // Upstream's file names are swapped: this one lacks "values", the next one lacks "name".
    'matrixExcludeAxisMissingName.json': [
      '/pipeline/stages/0/matrix/excludes/0/1: schema: missing required property "values" (ast-schema.json#/definitions/excludeAxis/required)',
    ],
    'matrixExcludeAxisMissingValues.json': [
      '/pipeline/stages/0/matrix/excludes/0/1: schema: missing required property "name" (ast-schema.json#/definitions/excludeAxis/required)',
    ],
    'matrixExcludeValuesWithNotValues.json': SAME_AS_VALID,
    'matrixMissingAxes.json': ['/pipeline/stages/0/matrix: Missing required section "axes"'],
    'matrixMissingStages.json': ['/pipeline/stages/0/matrix: Missing required section "stages"'],
    'matrixParallelStagesGroupsDeepNesting.json': [`/pipeline/stages/0/matrix/stages/0/stages/0/parallel: ${NESTED}`],
    'matrixStagesAndGroups.json': [TWO_OF],
    'matrixStagesAndSteps.json': [TWO_OF],
    'matrixStagesDeepNesting.json': [`/pipeline/stages/0/matrix/stages/0/matrix: ${NESTED}`],
    'matrixStagesGroupsDeepNesting.json': ['/pipeline/stages/0/matrix: schema: must be of type object (ast-schema.json#/definitions/matrix/type)'],
    'matrixTopLevel.json': ['/pipeline/matrix: Undefined section "matrix"', '/pipeline: Missing required section "stages"'],
    'missingAgent.json': ['/pipeline: Missing required section "agent"'],
    'missingRequiredMethodCallArg.json': NEEDS_JENKINS('the required parameters of cron'),
    'missingRequiredStepParameters.json': NEEDS_JENKINS('the required parameters of timeout'),
    'missingStages.json': ['/pipeline: Missing required section "stages"'],
    'mixedMethodArgs.json': ['/pipeline/parameters/parameters/0: Cannot mix named and unnamed arguments'],
    'nestedWhenWithArgs.json': ['/pipeline/stages/1/when/conditions/0: No additional arguments are allowed for children when condition "allOf".'],
    'notInstalledToolVersion.json': NEEDS_JENKINS('the configured tool installations'),
    'notificationsSectionRemoved.json': [
      '/pipeline/notifications: The \u2018notifications\u2019 section has been removed as of version 0.6. Use \u2018post\u2019 for all post-build actions.',
    ],
    'parallelMatrixStagesGroupsDeepNesting.json': [`/pipeline/stages/0/parallel/0/stages/0/matrix: ${NESTED}`],
    'parallelPipelineDuplicateNames.json': ['/pipeline/stages/0: Duplicate parallel branch name: "first"'],
    'parallelStagesAgentTools.json': [
      '/pipeline/stages/0/agent: "agent" is not allowed in stage "foo" as it contains parallel or matrix stages',
      '/pipeline/stages/0/tools: "tools" is not allowed in stage "foo" as it contains parallel or matrix stages',
    ],
    'parallelStagesAndGroups.json': [TWO_OF],
    'parallelStagesAndSteps.json': [TWO_OF],
    'parallelStagesDeepNesting.json': [`/pipeline/stages/0/parallel/0/parallel: ${NESTED}`],
    'parallelStagesGroupsDeepNesting.json': [`/pipeline/stages/0/parallel/0/stages/0/parallel: ${NESTED}`],
    'parallelStagesStepsAndGroups.json': [TWO_OF],
    'parallelStepsAndGroups.json': [TWO_OF],
    'perStageConfigEmptySteps.json': ['/pipeline/stages/0/branches/0/steps: No steps specified for branch'],
    'perStageConfigMissingSteps.json': [
      '/pipeline/stages/0/branches/0: schema: missing required property "steps" (ast-schema.json#/definitions/branch/required)',
    ],
    'perStageConfigUnknownSection.json': [
      '/pipeline/stages/0/banana: Unknown stage section "banana". Starting with version 0.5, steps in a stage must be in a \u2018steps\u2019 block.',
    ],
    'quoteRoundTripping.json': NEEDS_JENKINS('Groovy compilation of script blocks'),
    'rejectParallelMixedInSteps.json': [
      `/pipeline/stages/0/branches/0/steps/1: ${IN('parallel')}The parallel step can only be used as the only top-level step in a stages step block`,
    ],
    'rejectPropertiesStepInMethodCall.json': [
      `/pipeline/triggers/triggers/0/arguments/0: ${IN('properties')}The properties step cannot be used in Declarative Pipelines`,
    ],
    'rejectStageInSteps.json': [`/pipeline/stages/0/branches/0/steps/0: ${IN('stage')}The stage step cannot be used in Declarative Pipelines`],
    'stageWithoutName.json': ['/pipeline/stages/0: Stage does not have a name'],
    'unknownAgentType.json': NEEDS_JENKINS('the installed agent types'),
    'unknownBareAgentType.json': NEEDS_JENKINS('the installed agent types'),
    'unknownStepParameter.json': NEEDS_JENKINS('the parameters of timeout'),
    'unknownWhenConditional.json': [
      '/pipeline/stages/0/when/conditions/0: Unknown conditional banana. Valid conditionals are: allOf, anyOf, branch, buildingTag, changelog, changeRequest, changeset, environment, equals, expression, isRestartedRun, not, tag, triggeredBy',
    ],
    'unlistedToolType.json': NEEDS_JENKINS('the installed tool types'),
    'whenInvalidParameterType.json': NEEDS_JENKINS('the parameter types of the branch condition'),
    'whenMissingRequiredParameter.json': NEEDS_JENKINS('the required parameters of the environment condition'),
    'whenUnknownParameter.json': NEEDS_JENKINS('the parameters of the environment condition'),
    'wrongParameterNameMethodCall.json': NEEDS_JENKINS('the parameters of booleanParam'),
  };

  test('every errors/*.json fixture is classified', () => {
    expect(
      Object.keys(ERRORS)
        .map((f) => `errors/${f}`)
        .sort(),
    ).toEqual(errorFixtures);
  });

  test('coverage of errors/*.json: at least 50 of the 71 JSON-form errors are reported', () => {
    const reported = Object.values(ERRORS).filter(Array.isArray);
    expect(reported.length).toBeGreaterThanOrEqual(50);
  });

  test.each(Object.entries(ERRORS))('errors/%s', (file, expected) => {
    const text = readFileSync(join(UPSTREAM, 'errors', file), 'utf8');
    if (expected === 'malformed') {
      expect(() => JSON.parse(text)).toThrow();
      return;
    }
    const got = validateJsonAst(JSON.parse(text)).map(issueMessage);
    // Not covered: jslc reports nothing (if a rule starts catching one, move it to a list).
    expect(got).toEqual(Array.isArray(expected) ? expected : []);
  });
});

// ---- (c) sources ------------------------------------------------------------------------------------

/** A `.properties` file as key → value (Java's escapes and line continuations resolved). */
function parseProperties(text: string): Map<string, string> {
  const unescape = (s: string): string =>
    s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) =>
      e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[e] ?? e),
    );
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(?:^|[^\\])(?:\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^\s+/, '');
    const m = /^((?:[^=:\s\\]|\\.)+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(unescape(m[1]!), unescape(m[2]!));
  }
  return out;
}

describe('declarative: sources', () => {
  test('verify-data/jenkins/ast-schema.json is the upstream file (sha256 in verify-data/jenkins/SOURCES.md)', () => {
    const sum = 'b6f615c373199162cad7d8f679df43dba7a6c6cf3387de0efca330248518ec88';
    expect(sha256(join(ROOT, 'verify-data', 'jenkins', 'ast-schema.json'))).toBe(sum);
    const sources = readFileSync(join(ROOT, 'verify-data', 'jenkins', 'SOURCES.md'), 'utf8');
    expect(sources).toContain(sum);
    expect(sources).toContain('pipeline-model-api/src/main/resources/ast-schema.json');
    expect(sources).toContain('42c9dc3e440b8e1b52d1859ea60fed20e8b54aa4');
  });

  withShared('verify-data/jenkins/ast-schema.json equals ../shared/jenkins/ast-schema.json', () => {
    expect(readFileSync(join(ROOT, 'verify-data', 'jenkins', 'ast-schema.json'), 'utf8')).toBe(readFileSync(join(SHARED, 'ast-schema.json'), 'utf8'));
  });

  withShared('message templates are verbatim from Messages.properties and validator/Messages.properties', () => {
    const model = parseProperties(readFileSync(join(SHARED, 'pipeline-model-definition', 'Messages.properties'), 'utf8'));
    const validator = parseProperties(readFileSync(join(SHARED, 'pipeline-model-definition', 'validator-Messages.properties'), 'utf8'));
    for (const [key, template] of Object.entries(MODEL_MESSAGES)) expect([key, model.get(key)]).toEqual([key, template]);
    for (const [key, template] of Object.entries(VALIDATOR_MESSAGES)) expect([key, validator.get(key)]).toEqual([key, template]);
  });

  test('messages are rendered like java.text.MessageFormat', () => {
    expect(jenkinsMessage('ModelParser.InvalidAgent')).toBe('Only "agent none", "agent any" or "agent {...}" are allowed.');
    expect(jenkinsMessage('ModelValidatorImpl.DuplicateStageName', 'a')).toBe('Duplicate stage name: "a"');
    expect(jenkinsMessage('ModelValidatorImpl.InvalidBuildCondition', 'x', ['a', 'b'])).toBe('Invalid condition "x" - valid conditions are [a, b]');
    expect(messageFormat("it''s '{0}' {0}", ['v'])).toBe("it's {0} v");
  });

  withShared('inlined facts equal declarative-facts.json', () => {
    const f = JSON.parse(readFileSync(join(SHARED, 'declarative-facts.json'), 'utf8')) as {
      postConditionEvaluationOrder: { order: string[] };
      sectionsAllowedAtPipelineTop: string[];
      requiredAtPipelineTop: string[];
      stageKeysInJsonAst: string[];
      stageMustHaveExactlyOneOf: string[];
      blockedSteps: { inSteps: Record<string, string>; inMethodCallArguments: Record<string, string> };
      optionsRejected: Record<string, string>;
      whenConditionSymbols: string[];
      whenFlags: string[];
      agentTypes: { core: string[] };
    };
    expect(facts.POST_CONDITIONS).toEqual(f.postConditionEvaluationOrder.order);
    expect(facts.SECTIONS_ALLOWED_AT_PIPELINE_TOP).toEqual(f.sectionsAllowedAtPipelineTop);
    expect(facts.REQUIRED_AT_PIPELINE_TOP).toEqual(f.requiredAtPipelineTop);
    expect(facts.STAGE_KEYS_IN_JSON_AST).toEqual(f.stageKeysInJsonAst);
    expect(facts.STAGE_MUST_HAVE_EXACTLY_ONE_OF).toEqual(f.stageMustHaveExactlyOneOf);
    expect(facts.WHEN_CONDITIONS).toEqual(f.whenConditionSymbols);
    expect(facts.WHEN_FLAGS).toEqual(f.whenFlags);
    expect(Object.keys(facts.OPTIONS_REJECTED)).toEqual(Object.keys(f.optionsRejected).filter((k) => k !== 'source'));
    for (const z of facts.ZERO_ARG_AGENTS) expect(f.agentTypes.core).toContain(z);
    const template = (key: string): string => VALIDATOR_MESSAGES[key as keyof typeof VALIDATOR_MESSAGES];
    expect(Object.fromEntries(Object.entries(facts.BLOCKED_IN_STEPS).map(([k, v]) => [k, template(v)]))).toEqual(f.blockedSteps.inSteps);
    expect(template(facts.BLOCKED_IN_METHOD_CALLS['node']!)).toBe(f.blockedSteps.inMethodCallArguments['node']);
  });
});
