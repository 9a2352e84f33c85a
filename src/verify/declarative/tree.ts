/**
 * The generic call-tree format that the Groovy dumper (a JVM tool that parses each
 * `vars/*.groovy` with the Groovy compiler) writes for every `pipeline { … }` block.
 * `jslc verify` reads that JSON; nothing here depends on Declarative semantics, which
 * live in `to-json-ast.ts` and `rules.ts`.
 *
 * Example: `stage('Build') { steps { goBuild(platforms: ['linux/amd64']) } }` is
 *
 * ```json
 * {"name":"stage","line":40,"column":13,"args":[{"kind":"literal","value":"Build"}],
 *  "body":[{"name":"steps","line":41,"column":17,"args":[],"body":[
 *    {"name":"goBuild","line":42,"column":21,"body":null,"args":[
 *      {"kind":"named","name":"platforms","value":{"kind":"expr","text":"['linux/amd64']"}}]}]}]}
 * ```
 *
 * @module
 */

/** A literal constant argument: a Groovy string (already unescaped), number, boolean or `null`. */
export interface LiteralArg {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}

/**
 * One entry of map-style named arguments, `time: 45` in `timeout(time: 45, unit: 'MINUTES')`.
 * Groovy gathers all named arguments of a call into one map; the dumper lists them one by one,
 * in source order.
 */
export interface NamedArg {
  readonly kind: 'named';
  /** The key, `time` in `time: 45`. */
  readonly name: string;
  /** The value; never itself `named`. */
  readonly value: Arg;
}

/** A method call used as a value, `logRotator(numToKeepStr: '30')` in `buildDiscarder(logRotator(…))`. */
export interface CallArg {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Arg[];
}

/**
 * Any other expression, as its Groovy source text: GStrings (`"v${x}"`, quotes included),
 * variables and property reads (`cfg.image`), list and map literals (`['./...']`), closures
 * passed as values, operators, ….
 */
export interface ExprArg {
  readonly kind: 'expr';
  readonly text: string;
}

/** An argument of a call. */
export type Arg = LiteralArg | NamedArg | CallArg | ExprArg;

/**
 * A method-call statement, `name(args…) { body }`: `pipeline`, `stage('x')`, `steps`,
 * `sh 'make'`, `timeout(time: 5) { … }`, ….
 */
export interface CallNode {
  /** The method name (`stage`, `sh`, …). */
  readonly name: string;
  /** 1-based source line of the call. */
  readonly line: number;
  /** 1-based source column of the call. */
  readonly column: number;
  /** The arguments other than a trailing closure, in source order. */
  readonly args: readonly Arg[];
  /** The statements of a trailing closure argument, or `null` when the call has none. */
  readonly body: readonly Statement[] | null;
}

/**
 * A statement that is not a method call: an assignment (`GOFLAGS = '-mod=readonly'` in
 * `environment {}`), `return x`, `if (…) …`, a declaration, …. The dumper names these
 * `"<statement>"`; it is recognised by its `text` and its lack of `args`.
 */
export interface StatementNode {
  /** Conventionally `"<statement>"`. */
  readonly name: string;
  /** The Groovy source text of the statement. */
  readonly text: string;
  /** 1-based source line. */
  readonly line: number;
  /** 1-based source column. */
  readonly column: number;
}

/** One statement of a closure body. */
export type Statement = CallNode | StatementNode;

/** The root of a dumped tree: the `pipeline { … }` call. */
export type Node = CallNode;

/** True when `s` is a method-call statement rather than a plain statement. */
export function isCall(s: Statement): s is CallNode {
  return Array.isArray((s as { args?: unknown }).args) && (s as { text?: unknown }).text === undefined;
}
