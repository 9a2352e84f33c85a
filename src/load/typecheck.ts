import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Ts from 'typescript';

// The TypeScript compiler (the same 6.0 release ts-morph bundles), driven the
// way tsc drives it: a standard compiler host, JSDoc parsed only where type
// errors depend on it. `require` rather than `import`: typescript is a
// CommonJS package, and this spares Node's ESM loader a scan of its 9 MB.
const ts = createRequire(import.meta.url)('typescript') as typeof Ts;

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

const OWN_TYPES: Ts.MapLike<string[]> = { jslc: [ownTypes('index')], 'jslc/testing': [ownTypes('testing/index')] };

const DEFAULT_OPTIONS: Ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
};

/** The TypeScript release whose deprecations the bundled compiler may ignore. */
const IGNORE_DEPRECATIONS = '6.0';

/** Compiler options of a tsconfig.json (its file list is ignored), or diagnostics of the tsconfig itself. */
function readOptions(tsconfig: string | undefined): { options: Ts.CompilerOptions; errors: readonly Ts.Diagnostic[] } {
  if (!tsconfig) return { options: { ...DEFAULT_OPTIONS }, errors: [] };
  const errors: Ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    // TypeScript 6 rejects options it deprecated (moduleResolution node10, baseUrl, target ES5, …) unless told to
    // ignore the deprecation; the user's own tsc (TypeScript 5.x) accepts them, so jslc honours them the same way.
    { noEmit: true, skipLibCheck: true, ignoreDeprecations: IGNORE_DEPRECATIONS },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => errors.push(d),
    },
  );
  if (!parsed) return { options: {}, errors };
  // "No inputs were found" is about the tsconfig's own file list, which jslc does not use.
  return { options: parsed.options, errors: [...errors, ...parsed.errors.filter((d) => d.code !== 18003)] };
}

/**
 * Type-check an entry file with the TypeScript compiler, as tsc would, using
 * the compiler options of the nearest tsconfig.json (its file list is
 * ignored: only the entry and what it imports are checked), then transpile the
 * user's own sources to ESM for loading.
 */
export function checkEntry(entry: string): CheckedEntry {
  const abs = resolve(entry);
  const { options, errors } = readOptions(findUp(dirname(abs), 'tsconfig.json'));
  // 'jslc' is type-checked against the running jslc, the same module the
  // loader hands the entry at run time, whether or not the project installed it.
  const compilerOptions: Ts.CompilerOptions = { ...options, noEmit: true, paths: { ...(options.paths ?? {}), ...OWN_TYPES } };
  const host = ts.createCompilerHost(compilerOptions);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const program = ts.createProgram({ rootNames: [abs], options: compilerOptions, host });
  const raw = errors.length ? errors : ts.getPreEmitDiagnostics(program);
  const diagnostics: TsDiagnostic[] = raw.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return { message };
    const pos = d.file.getLineAndCharacterOfPosition(d.start);
    return { file: d.file.fileName, line: pos.line + 1, column: pos.character + 1, message };
  });
  const modules = new Map<string, string>();
  if (diagnostics.length === 0) {
    for (const sf of program.getSourceFiles()) {
      // TypeScript sources are the user's wherever they live: the entry's own, and a package's `.ts` sources
      // (an npm-workspaces package whose `main`/`exports` is a `.ts` file, reached through node_modules).
      // JavaScript (allowJs) and declaration files under node_modules are left to Node.
      const typescriptSource = /\.(?:[cm]?ts|tsx)$/.test(sf.fileName);
      if (sf.isDeclarationFile) continue;
      if (!typescriptSource && (program.isSourceFileFromExternalLibrary(sf) || sf.fileName.includes('/node_modules/'))) continue;
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
