/**
 * Validation against the upstream Declarative JSON AST schema (`verify-data/jenkins/ast-schema.json`,
 * an unedited copy of pipeline-model-api/src/main/resources/ast-schema.json; see
 * verify-data/jenkins/SOURCES.md). The schema is draft-04 and is compiled with `ajv-draft-04`
 * and `strict: false`, as the upstream notes require.
 *
 * Ajv's raw errors are turned into issues that name the JSON pointer and the problem.
 * Failed `anyOf`s (a step that is neither a `step` nor a `treeStep`, …) are reported once,
 * with the most specific error of their alternatives; errors that an issue from the
 * parser or the rules already explains (see `Cover`) are left out.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import Ajv04Import from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import { verifyDataFile } from '../data.js';
import type { Cover, Issue } from './ast.js';

/** Absolute path of the schema file shipped with jslc. */
export const AST_SCHEMA_FILE: string = verifyDataFile('jenkins/ast-schema.json');

// ajv-draft-04 is CommonJS (`module.exports = Ajv`, with `exports.default = Ajv`); under NodeNext
// TypeScript types the default import as the module object, whose `default` is the class.
type AjvClass = typeof Ajv04Import.default;
const Ajv04: AjvClass = (Ajv04Import as unknown as { default?: AjvClass }).default ?? (Ajv04Import as unknown as AjvClass);

let compiled: ValidateFunction | undefined;
/**
 * The definition each schema object of ast-schema.json belongs to (`''` for the root schema).
 * Ajv's `schemaPath` is relative to the definition a `$ref` entered, and its `parentSchema`
 * is the very object of the parsed schema, so this tells where an error is in the file.
 */
const definitionOf = new Map<unknown, string>();

function index(v: unknown, definition: string): void {
  if (typeof v !== 'object' || v === null) return;
  definitionOf.set(v, definition);
  for (const x of Object.values(v)) index(x, definition);
}

/** The compiled schema validator (compiled once). */
export function astSchemaValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(AST_SCHEMA_FILE, 'utf8')) as { definitions?: Record<string, unknown> };
    index(schema, '');
    for (const [name, def] of Object.entries(schema.definitions ?? {})) index(def, name);
    const ajv = new Ajv04({ strict: false, allErrors: true, verbose: true });
    compiled = ajv.compile(schema);
  }
  return compiled as ValidateFunction;
}

/** Ajv's raw errors for `ast` (empty when it is valid). */
export function astSchemaErrors(ast: unknown): ErrorObject[] {
  const validate = astSchemaValidator();
  return validate(ast) ? [] : [...(validate.errors ?? [])];
}

/** Where in ast-schema.json the failing keyword is: `#/definitions/stage/additionalProperties`. */
function schemaLocation(e: ErrorObject): string {
  const name = definitionOf.get(e.parentSchema);
  const keyword = e.schemaPath.replace(/^#/, '');
  if (name === undefined) return `ast-schema.json${e.schemaPath}`;
  return name === '' ? `ast-schema.json#${keyword}` : `ast-schema.json#/definitions/${name}${keyword}`;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `property "${String(p['additionalProperty'])}" is not allowed here`;
    case 'required':
      return `missing required property "${String(p['missingProperty'])}"`;
    case 'minItems':
      return Number(p['limit']) === 1 ? 'must not be empty' : `must have at least ${String(p['limit'])} items`;
    case 'type':
      return `must be of type ${String(p['type']).split(',').join(' or ')}`;
    default:
      return e.message ?? e.keyword;
  }
}

function covered(e: ErrorObject, covers: readonly Cover[]): boolean {
  const p = e.params as Record<string, unknown>;
  const property = e.keyword === 'additionalProperties' ? p['additionalProperty'] : e.keyword === 'required' ? p['missingProperty'] : undefined;
  return covers.some(
    (c) => c.path === e.instancePath && (c.keyword === undefined || c.keyword === e.keyword) && (c.property === undefined || c.property === property),
  );
}

function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(base + '/');
}

function depth(path: string): number {
  return path === '' ? 0 : path.split('/').length - 1;
}

interface Item {
  readonly path: string;
  readonly text: string;
  readonly covered: boolean;
  /** The most specific underlying error (for anyOf groups). */
  readonly deepest: { readonly path: string; readonly text: string };
}

/** Schema errors for `ast` as issues, leaving out those that `covers` explain. */
export function schemaIssues(ast: unknown, covers: readonly Cover[] = []): Issue[] {
  const items: Item[] = [];
  for (const e of astSchemaErrors(ast)) {
    const where = schemaLocation(e);
    if (e.keyword === 'anyOf') {
      // The errors of the alternatives come just before the anyOf error, all under its path.
      let start = items.length;
      while (start > 0 && isUnder(items[start - 1]!.path, e.instancePath)) start--;
      const members = items.splice(start);
      const alternatives = (Array.isArray(e.schema) ? (e.schema as { $ref?: string }[]) : [])
        .map((s) => (s.$ref ?? 'schema').replace('#/definitions/', ''))
        .join(' | ');
      const deepest = members
        .map((m) => m.deepest)
        .reduce((a, b) => (depth(b.path) > depth(a.path) ? b : a), {
          path: e.instancePath,
          text: 'no alternative matches',
        });
      const at = deepest.path === e.instancePath ? '' : ` at ${deepest.path}`;
      items.push({
        path: e.instancePath,
        text: `matches none of ${alternatives} (${where}); closest failure${at}: ${deepest.text}`,
        covered: members.some((m) => m.covered),
        deepest,
      });
    } else {
      const text = describe(e);
      const full = `${text} (${where})`;
      items.push({ path: e.instancePath, text: full, covered: covered(e, covers), deepest: { path: e.instancePath, text: full } });
    }
  }
  return items.filter((i) => !i.covered).map((i) => ({ path: i.path, message: `schema: ${i.text}` }));
}
