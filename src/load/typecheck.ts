import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';

/** A TypeScript diagnostic in the user's entry or its imports. */
export interface TsDiagnostic {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** The result of checking an entry: diagnostics, and the user's sources transpiled to ESM JavaScript by file URL. */
export interface CheckedEntry {
  readonly diagnostics: readonly TsDiagnostic[];
  /** file URL of each user `.ts` source → its JavaScript (ESM, inline source map). */
  readonly modules: ReadonlyMap<string, string>;
}

function findUp(from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function ownTypes(name: string): string {
  const dts = fileURLToPath(new URL(`../${name}.d.ts`, import.meta.url));
  return existsSync(dts) ? dts : fileURLToPath(new URL(`../${name}.ts`, import.meta.url));
}

const OWN_TYPES: ts.MapLike<string[]> = { jslc: [ownTypes('index')], 'jslc/testing': [ownTypes('testing/index')] };

const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
};

/**
 * Type-check an entry file with the TypeScript compiler (through ts-morph),
 * using the compiler options of the nearest tsconfig.json (its file list is
 * ignored: only the entry and what it imports are checked), then transpile the
 * user's own sources to ESM for loading.
 */
export function checkEntry(entry: string): CheckedEntry {
  const abs = resolve(entry);
  const tsconfig = findUp(dirname(abs), 'tsconfig.json');
  const project = tsconfig
    ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true, skipLibCheck: true } })
    : new Project({ compilerOptions: { ...DEFAULT_OPTIONS, noEmit: true } });
  // 'jslc' is type-checked against the running jslc, the same module the
  // loader hands the entry at run time, whether or not the project installed it.
  const options = project.compilerOptions.get();
  project.compilerOptions.set({ paths: { ...(options.paths ?? {}), ...OWN_TYPES } });
  project.addSourceFileAtPath(abs);
  project.resolveSourceFileDependencies();
  const program = project.getProgram().compilerObject;
  const raw = ts.getPreEmitDiagnostics(program);
  const diagnostics: TsDiagnostic[] = raw.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return { message };
    const pos = d.file.getLineAndCharacterOfPosition(d.start);
    return { file: d.file.fileName, line: pos.line + 1, column: pos.character + 1, message };
  });
  const modules = new Map<string, string>();
  if (diagnostics.length === 0) {
    for (const sf of program.getSourceFiles()) {
      if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf) || sf.fileName.includes('/node_modules/')) continue;
      const out = ts.transpileModule(sf.text, {
        fileName: sf.fileName,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, esModuleInterop: true },
      });
      modules.set(new URL(`file://${sf.fileName}`).href, out.outputText);
    }
  }
  return { diagnostics, modules };
}

/** `file:line:col message`, relative to the working directory, like tsc. */
export function formatTsDiagnostic(d: TsDiagnostic, cwd = process.cwd()): string {
  if (!d.file) return `error: ${d.message}`;
  return `${relative(cwd, d.file)}:${d.line}:${d.column} ${d.message}`;
}
