/**
 * `jslc verify`, the JVM checks (src/verify/jvm.ts + verifier/): Groovy 2.4.21 compilation, the
 * groovy-cps 1.31 CPS transformation, the static Script Security sandbox check and the Declarative
 * call-tree dump.
 *
 * - the generated library vars-out/ (and the all-features golden library) has no groovy, cps or
 *   sandbox finding, and the tree of goServicePipeline has the expected stages;
 * - each known-bad library under fixtures/verify/ gives exactly its findings;
 * - generated libraries show "Method code too large" (CPS only, and plain Groovy too), the CPS
 *   literal limits and the 255-argument limit;
 * - the dumper reproduces the hand-written trees of fixtures/declarative/trees/.
 *
 * The jar is built (once, cached by a hash of verifier/pom.xml + verifier/src/**) by
 * scripts/build-verifier.sh, which needs Java 17, Maven and Maven Central.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallNode, Statement } from '../src/verify/declarative/tree.js';
import { BUILD_VERIFIER_SCRIPT, formatFinding, javaHome, runVerifier, type Finding, type VerifierResult } from '../src/verify/jvm.js';
import { onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures', 'verify');

const tools = javaHome() && onPath('mvn') ? { java: javaHome() } : undefined;
const it = whenTool('Java 17 and Maven (to build verifier/target/jslc-verifier.jar)', tools);

beforeAll(() => {
  if (!tools) return;
  // Cached: a no-op unless verifier/pom.xml or verifier/src/** changed since the last build.
  execFileSync('bash', [BUILD_VERIFIER_SCRIPT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
}, 900_000);

/** `file:line:col [check] message` of each finding, sorted. */
function lines(findings: Finding[]): string[] {
  return findings.map(formatFinding).sort();
}

/** A temporary library with the given vars (name -> source); removed after `body`. */
async function withLibrary<T>(vars: Record<string, string>, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'jslc-verifier-'));
  try {
    mkdirSync(join(dir, 'vars'));
    for (const [name, text] of Object.entries(vars)) writeFileSync(join(dir, 'vars', `${name}.groovy`), text);
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `def call() { … }` with `blocks` if-blocks of `perBlock` echo steps each: large, yet no block reaches 255 statements. */
function bigVar(blocks: number, perBlock: number): string {
  const out = ['def call() {'];
  for (let b = 0; b < blocks; b++) {
    out.push(`    if (env.BRANCH_NAME != 'skip-${b}') {`);
    for (let i = 0; i < perBlock; i++) out.push(`        echo('step ${b}.${i}')`);
    out.push('    }');
  }
  out.push('}', '');
  return out.join('\n');
}

function isCall(s: Statement): s is CallNode {
  return Array.isArray((s as { args?: unknown }).args);
}

function child(node: CallNode, name: string): CallNode[] {
  return (node.body ?? []).filter(isCall).filter((s) => s.name === name);
}

/** `stage('X') { … }` nodes' names and, for a stage with `parallel {}`, its branches. */
type Outline = Array<string | [string, Outline]>;

/** Stage names, with a parallel group's or a sequence's stages nested under its name. */
function stageOutline(stages: CallNode): Outline {
  return child(stages, 'stage').map((s) => {
    const name = s.args[0]?.kind === 'literal' ? String(s.args[0].value) : '?';
    const inner = child(s, 'parallel')[0] ?? child(s, 'stages')[0];
    return inner ? [name, stageOutline(inner)] : name;
  });
}

describe('the generated library', () => {
  let vo: VerifierResult | undefined;

  it('vars-out/ has no groovy, cps or sandbox finding (and the run is timed, JVM start included)', async () => {
    const r = await runVerifier(join(ROOT, 'vars-out'));
    vo = r;
    const groovyFiles = readdirSync(join(ROOT, 'vars-out', 'vars')).filter((f) => f.endsWith('.groovy'));
    expect(r.files).toBe(groovyFiles.length);
    expect(lines(r.findings)).toEqual([]);
    process.stdout.write(
      `jslc verifier: one run over vars-out/ (${r.files} files, all four checks): ${r.ms} ms wall, JVM start included (JVM's own count ${r.jvmMs} ms)\n`,
    );
  });

  it('the declarative tree of goServicePipeline has stages Checkout, Modules, (Vet ∥ Test ∥ Build amd64 ∥ Build arm64), Image, Push, Sign', async () => {
    const r = vo ?? (await runVerifier(join(ROOT, 'vars-out')));
    const trees = r.trees.filter((t) => t.file === 'vars/goServicePipeline.groovy');
    expect(trees).toHaveLength(1);
    const pipeline = trees[0]!.tree;
    expect(pipeline.name).toBe('pipeline');
    expect(pipeline.args).toEqual([]);
    const stages = child(pipeline, 'stages');
    expect(stages).toHaveLength(1);
    expect(stageOutline(stages[0]!)).toEqual([
      'Checkout',
      'Modules',
      ['Quality + Build', ['Vet', 'Test', 'Build linux/amd64', 'Build linux/arm64']],
      'Image',
      'Push',
      'Sign',
    ]);
    // The tree is the one the Declarative checks were written against.
    const expected = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'declarative', 'trees', 'go-service-pipeline.json'), 'utf8')) as unknown;
    expect(pipeline).toEqual(expected);
    // No other var holds a pipeline.
    expect(r.trees.map((t) => t.file)).toEqual(['vars/goServicePipeline.groovy']);
  });

  it('the all-features golden library has no groovy, cps or sandbox finding', async () => {
    const r = await runVerifier(join(ROOT, 'test', '__golden__', 'all-features'), ['groovy', 'cps', 'sandbox']);
    expect(lines(r.findings)).toEqual([]);
    expect(r.trees).toEqual([]);
  });
});

describe('known-bad libraries', () => {
  it('groovy: a syntax error, with Groovy 2.4’s own message and position', async () => {
    const r = await runVerifier(join(FIXTURES, 'groovy-syntax'));
    expect(lines(r.findings)).toEqual(["vars/brokenSyntax.groovy:6:1 [groovy] expecting ')', found '}'"]);
  });

  it('cps: a synchronized block compiles as plain Groovy but not under groovy-cps 1.31', async () => {
    const r = await runVerifier(join(FIXTURES, 'cps-synchronized'));
    expect(lines(r.findings)).toEqual(['vars/lockedCounter.groovy:4:5 [cps] synchronized is unsupported for CPS transformation']);
  });

  it('sandbox: blacklisted and unlisted calls, named by the signature the sandbox would reject', async () => {
    const r = await runVerifier(join(FIXTURES, 'sandbox'));
    expect(lines(r.findings)).toEqual([
      'vars/dangerous.groovy:3:17 [sandbox] new java.io.File java.lang.String: blacklisted (dangerous)',
      'vars/dangerous.groovy:4:10 [sandbox] staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods execute java.lang.String: blacklisted (dangerous)',
      'vars/dangerous.groovy:5:19 [sandbox] staticMethod java.lang.System getenv java.lang.String: blacklisted (dangerous)',
      'vars/dangerous.groovy:6:27 [sandbox] staticMethod jenkins.model.Jenkins getInstance: blacklisted (dangerous)',
      'vars/dangerous.groovy:7:18 [sandbox] new java.util.ArrayList: not whitelisted',
      'vars/dangerous.groovy:8:35 [sandbox] method java.lang.Class getClassLoader: not whitelisted',
    ]);
  });

  it('a library with a src/ class, @NonCPS and Jenkins classes by import has no finding', async () => {
    const r = await runVerifier(join(FIXTURES, 'clean-library'));
    expect(r.files).toBe(2);
    expect(lines(r.findings)).toEqual([]);
  });
});

describe('generated libraries', () => {
  it('Method code too large: under CPS only, and under plain Groovy as well', async () => {
    await withLibrary({ cpsOnly: bigVar(8, 200), both: bigVar(24, 200) }, async (dir) => {
      const r = await runVerifier(dir, ['groovy', 'cps']);
      const found = lines(r.findings);
      expect(found).toHaveLength(2);
      expect(found[0]).toMatch(
        /^vars\/both\.groovy:1:1 \[groovy\] Method code too large: method call\(\) compiles to \d+ bytes of bytecode, over the JVM limit of 65535 \(Groovy: "Method too large: both\.call \(\)Ljava\/lang\/Object;"\)$/,
      );
      expect(found[1]).toMatch(
        /^vars\/cpsOnly\.groovy:1:1 \[cps\] Method code too large: the CPS-transformed body of method call\(\) compiles to \d+ bytes of bytecode, over the JVM limit of 65535 \(Groovy: "Method too large: cpsOnly\.___cps___\d+ \(\)Lcom\/cloudbees\/groovy\/cps\/impl\/CpsFunction;"\)$/,
      );
    });
  });

  it('CPS limits: list literals over 250 elements, map literals over 125 entries, blocks of 255 statements', async () => {
    const list = (n: number) => `def call() {\n    def xs = [${Array.from({ length: n }, (_, i) => `'${i}'`).join(', ')}]\n    echo(xs.toString())\n}\n`;
    const map = (n: number) => `def call() {\n    def m = [${Array.from({ length: n }, (_, i) => `k${i}: '${i}'`).join(', ')}]\n    echo(m.toString())\n}\n`;
    const block = (n: number) => `def call() {\n${Array.from({ length: n }, (_, i) => `    echo('line ${i}')\n`).join('')}}\n`;
    const vars = { list250: list(250), list251: list(251), map125: map(125), map126: map(126), block254: block(254), block255: block(255) };
    await withLibrary(vars, async (dir) => {
      const r = await runVerifier(dir, ['groovy', 'cps']);
      expect(lines(r.findings)).toEqual([
        'vars/block255.groovy:1:12 [cps] this block of 255 statements is too large: the CPS transformation turns it into one call with 255 arguments, and Groovy 2.4 allows at most 254 (Groovy: "The max number of supported arguments is 255, but found 255"); split it up',
        'vars/list251.groovy:2:14 [cps] List expressions can only contain up to 250 elements',
        'vars/map126.groovy:2:13 [cps] Map expressions can only contain up to 125 entries',
      ]);
    });
  });

  it('the sandbox check types def variables by their initializer, and untyped receivers by method name', async () => {
    const src = [
      'def call() {',
      "    def text = 'uname -a'",
      '    text.execute()',
      '    def sb = new StringBuilder()',
      "    sb.append('x').reverse()",
      '    def unknown = readJSON(text: "{}")',
      '    unknown.keySet()',
      '    unknown.consumeProcessOutput()',
      '    List l = []',
      '    l.trimToSize()',
      '}',
      '',
    ].join('\n');
    await withLibrary({ typing: src }, async (dir) => {
      const r = await runVerifier(dir, ['sandbox']);
      expect(lines(r.findings)).toEqual([
        'vars/typing.groovy:10:7 [sandbox] method ? trimToSize: not whitelisted (java.util.List has no such method, and no whitelisted method of a type that could be its value is named trimToSize with 0 arguments)',
        'vars/typing.groovy:3:10 [sandbox] staticMethod org.codehaus.groovy.runtime.DefaultGroovyMethods execute java.lang.String: blacklisted (dangerous)',
        "vars/typing.groovy:8:13 [sandbox] method ? consumeProcessOutput: not whitelisted (the receiver's type is not declared, and no whitelisted method of any class is named consumeProcessOutput with 0 arguments)",
      ]);
    });
  });
});

describe('the declarative-tree dump', () => {
  it('reproduces every hand-written tree of fixtures/declarative/trees/ from its Groovy source', async () => {
    const treesDir = join(ROOT, 'fixtures', 'declarative', 'trees');
    const sources = readdirSync(treesDir).filter((f) => f.endsWith('.groovy'));
    expect(sources.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'jslc-verifier-trees-'));
    try {
      mkdirSync(join(dir, 'vars'));
      // File names become script class names: drop the dashes.
      const byVar = new Map<string, string>();
      for (const f of sources) {
        const v = basename(f, '.groovy').replace(/-/g, '');
        byVar.set(`vars/${v}.groovy`, f);
        copyFileSync(join(treesDir, f), join(dir, 'vars', `${v}.groovy`));
      }
      const r = await runVerifier(dir, ['declarative-tree']);
      expect(r.findings).toEqual([]);
      expect(r.trees.map((t) => t.file).sort()).toEqual([...byVar.keys()].sort());
      for (const t of r.trees) {
        const json = join(treesDir, byVar.get(t.file)!.replace(/\.groovy$/, '.json'));
        expect({ file: byVar.get(t.file), tree: t.tree }).toEqual({ file: byVar.get(t.file), tree: JSON.parse(readFileSync(json, 'utf8')) });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runVerifier errors', () => {
  it('throws a clear error when the jar is missing', async () => {
    await expect(runVerifier(join(ROOT, 'vars-out'), ['groovy'], { jar: join(tmpdir(), 'no-such-verifier.jar') })).rejects.toThrow(
      /verifier jar .*no-such-verifier\.jar is missing; build it with scripts\/build-verifier\.sh/,
    );
  });

  it('throws on a usage error (a library directory that does not exist)', async () => {
    await expect(runVerifier(join(tmpdir(), 'jslc-no-such-library'), ['groovy'])).rejects.toThrow(/rejected its arguments: .*not a directory/);
  });
});
