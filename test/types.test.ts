import { readFileSync } from 'node:fs';
import { Project } from 'ts-morph';

// test/types.check.ts holds misuse that must not compile, each line marked
// with @ts-expect-error: the file type-checks cleanly only if every marked
// line really is a type error.
test('every misuse in test/types.check.ts is a type error', () => {
  const file = 'test/types.check.ts';
  const directives = readFileSync(file, 'utf8').match(/@ts-expect-error/g) ?? [];
  expect(directives.length).toBeGreaterThanOrEqual(15);
  const project = new Project({ tsConfigFilePath: 'tsconfig.json', skipAddingFilesFromTsConfig: true });
  project.addSourceFileAtPath(file);
  project.resolveSourceFileDependencies();
  const diagnostics = project.getPreEmitDiagnostics().filter((d) => d.getSourceFile()?.getFilePath().endsWith(file));
  expect(diagnostics.map((d) => `${d.getLineNumber()}: ${String(d.getMessageText())}`)).toEqual([]);
});
