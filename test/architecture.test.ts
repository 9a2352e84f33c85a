/**
 * The layering of docs/architecture.md, checked against the code's own imports: no import cycles between files,
 * no loops between folders, and the layers after the compiler (verify, runners, publish) read the library's files,
 * never the compiler's insides. Imports are read from the source text (static `import … from` / `export … from`
 * and `import('…')` with a literal), resolved to files under src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const SRC = 'src';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** src-relative file → the src-relative files it imports (type-only imports included: they tie modules too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const text = readFileSync(f, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec || !spec.startsWith('.')) continue;
      const target = normalize(join(dirname(f), spec.replace(/\.js$/, '.ts')));
      targets.push(relative(SRC, target).split('\\').join('/'));
    }
    graph.set(relative(SRC, f).split('\\').join('/'), targets);
  }
  return graph;
}

/** Strongly connected components with more than one member (Tarjan), each sorted. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** The folder a file belongs to, at most two levels deep (`emit/pipeline`, `verify/declarative`, `ir`); a file at the top counts alone. */
function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length <= 1 ? file.replace(/\.ts$/, '') : parts.slice(0, Math.min(2, parts.length - 1)).join('/');
}

/** A folder and one inside it (`validate` and `validate/checks`): a package and its parts, not a loop. */
function nested(a: string, b: string): boolean {
  return a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

const graph = importGraph();

test('the import graph was read (sanity: the driver imports every pass)', () => {
  expect(graph.get('driver/driver.ts')).toEqual(expect.arrayContaining(['validate/validate.ts', 'schedule/schedule.ts', 'emit/emit.ts', 'library/synth.ts']));
});

test('no import cycles between files of src/', () => {
  expect(cycles(graph)).toEqual([]);
});

test('no loops between folders of src/ (a folder and the folders inside it count as one)', () => {
  const folders = new Map<string, Set<string>>();
  for (const [from, tos] of graph) {
    for (const to of tos) {
      const a = folderOf(from);
      const b = folderOf(to);
      if (a === b || nested(a, b) || !graph.has(to)) continue;
      folders.set(a, (folders.get(a) ?? new Set()).add(b));
      if (!folders.has(b)) folders.set(b, new Set());
    }
  }
  expect(cycles(new Map([...folders].map(([k, v]) => [k, [...v]])))).toEqual([]);
});

test('verify, the runners and publish read no compiler insides (ir, dsl, validate, schedule, emit, driver)', () => {
  const compiler = /^(ir|dsl|validate|schedule|emit|driver)\//;
  const offending = [...graph]
    .filter(([from]) => /^(verify|runner|publish)\//.test(from))
    .flatMap(([from, tos]) => tos.filter((t) => compiler.test(t)).map((t) => `${from} -> ${t}`));
  expect(offending).toEqual([]);
});

test('the compiler passes import only the layers below them', () => {
  // Lower layers first: a pass may import a layer listed before its own, never one after it.
  const order = ['util', 'lang', 'ir', 'dsl', 'validate', 'schedule', 'library', 'emit', 'driver'];
  const layer = (f: string): number => order.indexOf(f.split('/')[0]!);
  const offending = [...graph].flatMap(([from, tos]) => {
    const l = layer(from);
    if (l < 0) return [];
    return tos.filter((t) => layer(t) > l || (layer(t) < 0 && !t.startsWith('version.ts'))).map((t) => `${from} -> ${t}`);
  });
  expect(offending).toEqual([]);
});

test("docs/architecture.md's folder map names every folder and top-level file of src/, and no top-level folder that is gone", () => {
  const doc = readFileSync('docs/architecture.md', 'utf8');
  const start = doc.indexOf('## Folder map of `src/`');
  const open = doc.indexOf('```text\n', start) + '```text\n'.length;
  const map = doc.slice(open, doc.indexOf('\n```', open));
  const top = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory() || n.endsWith('.ts'));
  const entries = [...map.matchAll(/^ {2}([a-z][\w.-]*\/?)\s/gm)].map((m) => m[1]!.replace(/\/$/, ''));
  expect(top.filter((n) => !entries.includes(n))).toEqual([]);
  expect(entries.filter((n) => !top.includes(n))).toEqual([]);
  // Folders inside a top-level folder are named in the map as `name/` (e.g. `checks/ (…)`, `groovy/lexer.ts`).
  const nestedDirs = top.flatMap((n) =>
    (statSync(join(SRC, n)).isDirectory() ? readdirSync(join(SRC, n)) : []).filter((m) => statSync(join(SRC, n, m)).isDirectory()).map((m) => `${n}/${m}`),
  );
  expect(nestedDirs.length).toBeGreaterThan(0);
  expect(nestedDirs.filter((d) => !map.includes(`${d.split('/')[1]}/`))).toEqual([]);
});
