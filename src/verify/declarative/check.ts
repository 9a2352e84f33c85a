/**
 * `jslc verify` check 4, the Declarative model: each `pipeline { … }` block (as a call tree
 * from the Groovy dumper) is exported to Jenkins' Declarative JSON AST, validated against
 * the upstream schema (verify-data/jenkins/ast-schema.json) and checked with the Declarative
 * validator's rules that the schema cannot express (rules.ts); parse-time errors of the
 * conversion (to-json-ast.ts) are reported too.
 *
 * Every finding's message starts with the JSON pointer of the JSON AST element concerned,
 * then states the problem: `"/pipeline/stages/2: Duplicate stage name: "Build" (first used at
 * /pipeline/stages/0)"`, `"/pipeline/stages/0: schema: property "banana" is not allowed here
 * (ast-schema.json#/definitions/stage)"`. Its line and column are those of the tree node the
 * element came from (the nearest enclosing one when the element has no node of its own).
 *
 * @module
 */
import type { UnratedFinding } from '../finding.js';
import type { Cover, Issue } from './ast.js';
import { runRules } from './rules.js';
import { schemaIssues } from './schema.js';
import { type JsonAstResult, type SourcePosition, toJsonAst } from './to-json-ast.js';
import type { Node } from './tree.js';

export { toJsonAst } from './to-json-ast.js';
export type { JsonAstResult, ParseProblem, SourcePosition } from './to-json-ast.js';

/** One finding of the Declarative model; the file is the one the pipeline came from, as given to the check. */
export type Finding = UnratedFinding<'declarative'>;

/**
 * Schema and rule issues for a JSON AST (no source positions). `covers` lists schema errors
 * that are already explained elsewhere (by parse problems). Used for upstream JSON fixtures
 * and by `checkDeclarative`.
 */
export function validateJsonAst(ast: unknown, covers: readonly Cover[] = []): Issue[] {
  const rules = runRules(ast);
  const schema = schemaIssues(ast, [...covers, ...rules.flatMap((r) => r.covers ?? [])]);
  return [...schema, ...rules];
}

/** The position of the nearest JSON pointer (itself or an ancestor) that came from a tree node. */
function locate(path: string, positions: ReadonlyMap<string, SourcePosition>): SourcePosition {
  for (let p = path; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const pos = positions.get(p);
    if (pos) return pos;
    if (p === '') return { line: 0, column: 0 };
  }
}

/** Renders an issue's message with its JSON pointer. */
export function issueMessage(issue: Pick<Issue, 'path' | 'message'>): string {
  return `${issue.path === '' ? '/' : issue.path}: ${issue.message}`;
}

/** Check 4 for one `pipeline { … }` block of `file`. Findings are sorted by position. */
export function checkDeclarative(file: string, tree: Node): Finding[] {
  return checkConverted(file, toJsonAst(tree));
}

/** Like `checkDeclarative`, for a tree that has already been converted. */
export function checkConverted(file: string, converted: JsonAstResult): Finding[] {
  const { ast, positions, problems, aborted } = converted;
  const found: { pos: SourcePosition; message: string; order: number }[] = [];
  for (const p of problems) found.push({ pos: p.position, message: issueMessage(p), order: found.length });
  if (!aborted) {
    const issues = validateJsonAst(
      ast,
      problems.flatMap((p) => p.covers ?? []),
    );
    for (const i of issues) found.push({ pos: locate(i.path, positions), message: issueMessage(i), order: found.length });
  }
  return found
    .sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column || a.order - b.order)
    .map((f) => ({ file, line: f.pos.line, column: f.pos.column, check: 'declarative' as const, message: f.message }));
}
