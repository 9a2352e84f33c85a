/**
 * `jslc verify` check 4: the Declarative model (call tree → Declarative JSON AST → upstream
 * schema + the Declarative validator's semantic rules).
 *
 * @module
 */
export { checkConverted, checkDeclarative, issueMessage, toJsonAst, validateJsonAst } from './check.js';
export type { Finding, JsonAstResult, ParseProblem, SourcePosition } from './check.js';
export type * from './ast.js';
export { pointer } from './ast.js';
export { runRules } from './rules.js';
export { AST_SCHEMA_FILE, astSchemaErrors, schemaIssues } from './schema.js';
export type { Arg, CallArg, CallNode, ExprArg, LiteralArg, NamedArg, Node, Statement, StatementNode } from './tree.js';
export { isCall } from './tree.js';
