import type { SourceLocation, StringValue } from '../../ir/types.js';
import type { Reporter } from '../diagnostic.js';
import type { RuleCode } from '../rules.js';
import { GROOVY_KEYWORDS } from '../jenkins-names.js';

/** Context a check needs: where to report, the path so far, the nearest source location. */
export interface Ctx {
  readonly r: Reporter;
  readonly path: string;
  readonly loc: SourceLocation | undefined;
  /** Parameters declared by the pipeline being checked. */
  readonly params: ReadonlySet<string>;
}

export function at(ctx: Ctx, segment: string, loc?: SourceLocation): Ctx {
  const path = segment.startsWith('[') || ctx.path === '' ? `${ctx.path}${segment}` : `${ctx.path}.${segment}`;
  return { ...ctx, path, loc: loc ?? ctx.loc };
}

export function report(ctx: Ctx, code: RuleCode, message: string, hint?: string): void {
  ctx.r.report(code, ctx.path, message, ctx.loc, hint);
}

export const GROOVY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A POSIX environment variable name (IEEE Std 1003.1, Base Definitions, 8.1 "Environment Variable Definition"). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isGroovyIdentifier(s: string): boolean {
  return GROOVY_IDENTIFIER.test(s) && !GROOVY_KEYWORDS.has(s);
}

/** Characters that cannot cross into Groovy source, an environment variable or a process argument safely. */
const UNSAFE_CONTROL = /[\u0000]/;
/** Half of a surrogate pair on its own: not text, and not representable in UTF-8. */
const LONE_SURROGATE = /\p{Surrogate}/u;

export function checkString(ctx: Ctx, value: string): void {
  if (UNSAFE_CONTROL.test(value)) {
    report(ctx, 'JSLC024', 'contains a NUL character, which no process argument or environment variable can carry', 'remove it');
  } else if (LONE_SURROGATE.test(value)) {
    report(ctx, 'JSLC024', 'contains an unpaired UTF-16 surrogate, which has no UTF-8 form (a process would receive "?")', 'remove it or complete the pair');
  }
}

/** A value known at compile time, or a reference to a declared parameter. */
export function checkStringValue(ctx: Ctx, v: StringValue): void {
  if (typeof v === 'string') checkString(ctx, v);
  else if (!ctx.params.has(v.name)) {
    report(
      ctx,
      'JSLC014',
      `param("${v.name}") is not a declared parameter`,
      ctx.params.size ? `declared: ${[...ctx.params].sort().join(', ')}` : 'declare it under params',
    );
  }
}

/** Single-line text (no CR/LF or other C0 controls except tab). */
export function isSingleLine(s: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(s);
}

export function checkPositiveInt(ctx: Ctx, n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0) report(ctx, 'JSLC015', `${what} must be a positive integer, got ${n}`);
}

export function checkCredentialsId(ctx: Ctx, id: string): void {
  if (id.trim() === '' || /\s/.test(id)) {
    report(
      ctx,
      'JSLC018',
      id.trim() === '' ? 'credentials id is empty' : `credentials id ${JSON.stringify(id)} contains whitespace`,
      'use the id of a Jenkins credential',
    );
  } else checkString(ctx, id);
}

/** A relative path that does not leave the workspace. */
export function checkWorkspacePath(ctx: Ctx, p: string): void {
  const parts = p.split('/');
  if (p === '' || p.startsWith('/') || parts.includes('..') || !isSingleLine(p) || p.startsWith('-')) {
    report(ctx, 'JSLC028', `${JSON.stringify(p)} is not a relative path inside the workspace`, 'use a path such as bin/app');
  }
}

/** What Go's time.ParseDuration accepts (without a sign): `0`, or numbers with units such as `1h30m` or `1.5s`. */
const GO_DURATION = /^(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

export function checkGoDuration(ctx: Ctx, d: string): void {
  if (!GO_DURATION.test(d)) report(ctx, 'JSLC027', `${JSON.stringify(d)} is not a Go duration`, 'write e.g. 10m or 1h30m');
}

/** Distribution-style repository: [host[:port]/]path, lower-case path components. */
const REPOSITORY =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$/;

export function isImageRepository(s: string): boolean {
  return s.length <= 255 && REPOSITORY.test(s);
}

export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The CPS engine rejects list literals over 250 elements (CpsTransformer). */
export const CPS_MAX_LIST = 250;
