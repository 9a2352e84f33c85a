/**
 * Every TypeScript snippet in README.md and docs/ compiles.
 *
 * Each ```ts / ```typescript fenced block is type-checked as its own module
 * with strict compiler options, `jslc` resolving to src/index.ts and
 * `jslc/testing` to src/testing/index.ts (so the docs are checked against the
 * sources, not a stale dist/). A block whose info string also says
 * `nocompile` (```ts nocompile) is skipped and listed; keep those rare.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Most nocompile blocks the docs may have: a block that does not compile is usually a bug in the docs. */
const MAX_NOCOMPILE = 3;
const TS_LANGS = new Set(['ts', 'typescript']);

interface Snippet {
  /** Repository-relative path of the Markdown file, POSIX separators. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** Indentation of the fence (and so of the code) in the Markdown file. */
  readonly indent: number;
  readonly code: string;
  readonly nocompile: boolean;
}

function markdownFiles(): string[] {
  const out = existsSync(join(ROOT, 'README.md')) ? ['README.md'] : [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md')) out.push(relative(ROOT, full).split(sep).join('/'));
    }
  };
  walk(join(ROOT, 'docs'));
  return out.sort();
}

/** Fenced code blocks (CommonMark: ``` or ~~~, closed by a fence of the same kind at least as long). */
function extractSnippets(file: string): Snippet[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split(/\r?\n/);
  const snippets: Snippet[] = [];
  let open: { fence: string; indent: number; info: string; line: number; body: string[] } | undefined;
  for (const [i, text] of lines.entries()) {
    if (open === undefined) {
      const m = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(text);
      if (m && !(m[2]!.startsWith('`') && m[3]!.includes('`'))) {
        open = { fence: m[2]!, indent: m[1]!.length, info: m[3]!.trim(), line: i + 1, body: [] };
      }
      continue;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(text);
    if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
      const words = open.info.split(/\s+/);
      if (TS_LANGS.has((words[0] ?? '').toLowerCase())) {
        snippets.push({ file, line: open.line, indent: open.indent, code: open.body.join('\n') + '\n', nocompile: words.includes('nocompile') });
      }
      open = undefined;
      continue;
    }
    // Content lines lose up to the opening fence's indentation.
    open.body.push(text.replace(new RegExp(`^ {0,${open.indent}}`), ''));
  }
  if (open !== undefined) throw new Error(`${file}:${open.line}: code fence is never closed`);
  return snippets;
}

const snippets = markdownFiles().flatMap(extractSnippets);
const compiled = snippets.filter((s) => !s.nocompile);
const skipped = snippets.filter((s) => s.nocompile);

/** Where a snippet lives while it is checked: in memory, inside the repository (ESM per package.json). */
const virtualPath = (s: Snippet): string => join(ROOT, '.docs-snippets', `${s.file.replace(/[/.]/g, '_')}_L${s.line}.ts`);

let program: ts.Program | undefined;

/** One program for all snippets: each is its own module (moduleDetection force), so they cannot clash. */
function getProgram(): ts.Program {
  if (program) return program;
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      moduleDetection: ts.ModuleDetectionKind.Force,
      lib: ['lib.es2022.d.ts'],
      types: ['node', 'jest'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      isolatedModules: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      // Absolute targets: no baseUrl (deprecated in TypeScript 6), independent of the working directory.
      paths: {
        jslc: [join(ROOT, 'src', 'index.ts')],
        'jslc/testing': [join(ROOT, 'src', 'testing', 'index.ts')],
      },
    },
  });
  for (const s of compiled) project.createSourceFile(virtualPath(s), s.code, { overwrite: true });
  program = project.getProgram().compilerObject;
  return program;
}

/** Diagnostics of one snippet, as `file.md:line:col TSnnnn message` with the line in the Markdown file. */
function diagnosticsOf(s: Snippet): string[] {
  const p = getProgram();
  const sf = p.getSourceFile(virtualPath(s));
  if (!sf) throw new Error(`${s.file}:${s.line}: snippet was not added to the program`);
  return ts.getPreEmitDiagnostics(p, sf).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return `TS${d.code} ${message}`;
    const pos = d.file.getLineAndCharacterOfPosition(d.start);
    const where =
      d.file === sf
        ? `${s.file}:${s.line + 1 + pos.line}:${pos.character + 1 + s.indent}`
        : `${relative(ROOT, d.file.fileName)}:${pos.line + 1}:${pos.character + 1}`;
    return `${where} TS${d.code} ${message}`;
  });
}

describe('TypeScript snippets in README.md and docs/', () => {
  test('the docs have snippets to check', () => {
    expect(compiled.length).toBeGreaterThan(0);
  });

  test(`nocompile blocks: ${skipped.length}${skipped.length ? ` (${skipped.map((s) => `${s.file}:${s.line}`).join(', ')})` : ''}`, () => {
    expect(skipped.length).toBeLessThanOrEqual(MAX_NOCOMPILE);
  });

  for (const s of compiled) {
    test(`${s.file}:${s.line}`, () => {
      expect(diagnosticsOf(s)).toEqual([]);
    });
  }

  for (const s of skipped) {
    test.skip(`${s.file}:${s.line} (nocompile)`, () => undefined);
  }
});
