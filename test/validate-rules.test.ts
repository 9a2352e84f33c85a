/**
 * Every validation rule fires, with its exact message, on a fixture under
 * fixtures/invalid/. Each fixture is a complete entry file whose first lines
 * are `// expect: CODE path: message (hint)` comments (`warning CODE …` for a
 * warning): exactly the diagnostics `validate` must return for it (formatted
 * without location), no more and no fewer.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { LibraryIR } from '../src/ir/types.js';
import { type Diagnostic, formatDiagnostic } from '../src/validate/diagnostic.js';
import { RULES } from '../src/validate/rules.js';
import { validate } from '../src/validate/validate.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures', 'invalid');
const FILES = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.ts'))
  .sort();
const FILE_NAME = /^(JSLC\d{3})-[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/;

interface Fixture {
  readonly name: string;
  readonly path: string;
  readonly code: string;
  readonly expected: readonly string[];
}

function readFixture(name: string): Fixture {
  const path = join(FIXTURES, name);
  const lines = readFileSync(path, 'utf8').split('\n');
  const expected: string[] = [];
  for (const line of lines) {
    const m = /^\/\/ expect: (.*)$/.exec(line);
    if (!m) break;
    expected.push(m[1]!);
  }
  return { name, path, code: FILE_NAME.exec(name)?.[1] ?? '', expected };
}

const fixtures = FILES.map(readFixture);

async function load(f: Fixture): Promise<LibraryIR> {
  const mod = (await import(pathToFileURL(f.path).href)) as { default?: LibraryIR };
  if (mod.default?.kind !== 'jslc.library') throw new Error(`${f.name} does not export a defineLibrary(...) default`);
  return mod.default;
}

/** `CODE path: message (hint)`: formatDiagnostic without the location. */
function line(d: Diagnostic): string {
  return formatDiagnostic({ ...d, loc: undefined });
}

describe('fixtures/invalid', () => {
  test('has at least 45 fixtures, each named <CODE>-<slug>.ts after a rule in RULES', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(45);
    const badNames = fixtures.filter((f) => !FILE_NAME.test(f.name) || !(f.code in RULES)).map((f) => f.name);
    expect(badNames).toEqual([]);
  });

  test('every rule in RULES has at least one fixture', () => {
    const covered = new Set(fixtures.map((f) => f.code));
    expect(Object.keys(RULES).filter((code) => !covered.has(code))).toEqual([]);
  });

  test('every fixture opens with expect lines, one of them for its own rule, then a one-line comment', () => {
    const problems: string[] = [];
    for (const f of fixtures) {
      if (f.expected.length === 0) problems.push(`${f.name}: no // expect: lines`);
      if (!f.expected.some((e) => e.startsWith(`${f.code} `) || e.startsWith(`warning ${f.code} `)))
        problems.push(`${f.name}: no expected ${f.code} diagnostic`);
      const next = readFileSync(f.path, 'utf8').split('\n')[f.expected.length] ?? '';
      if (!next.startsWith('// ') || next.startsWith('// expect:')) problems.push(`${f.name}: no comment under the expect lines`);
      if (
        /\bany\b/.test(
          readFileSync(f.path, 'utf8')
            .replace(/^\/\/.*$/gm, '')
            .replace(/'[^']*'/g, "''"),
        )
      )
        problems.push(`${f.name}: uses any`);
    }
    expect(problems).toEqual([]);
  });

  // The repository's tsconfig.json excludes "fixtures", which also drops
  // fixtures/invalid from `tsc -p tsconfig.json`: type-check them here, with
  // its compiler options and 'jslc' resolved to src/index.ts.
  test('every fixture type-checks', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('cannot read tsconfig.json');
    const options: ts.CompilerOptions = { ...config.options, noEmit: true, paths: { jslc: [join(ROOT, 'src', 'index.ts')] } };
    const program = ts.createProgram(
      fixtures.map((f) => f.path),
      options,
    );
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${d.file?.fileName ?? ''}${where ? `:${where.line + 1}:${where.character + 1}` : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(errors).toEqual([]);
  });

  test.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const diagnostics = validate(await load(f));
    expect(diagnostics.map(line).sort()).toEqual([...f.expected].sort());
    // Each diagnostic points at the fixture: source locations come from the builders' stack traces.
    const misplaced = diagnostics.filter((d) => d.loc?.file !== f.path).map((d) => `${line(d)} @ ${d.loc ? `${d.loc.file}:${d.loc.line}` : 'no loc'}`);
    expect(misplaced).toEqual([]);
  });
});
