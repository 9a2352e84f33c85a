/**
 * The checks of `jslc verify`, in the order they are listed and named: the one table that drives
 * `verifyLibrary` (./verify.ts), the names `--checks` accepts and the `jslc verify --help` text.
 *
 * This module loads nothing heavy: each check imports its implementation when it runs, so that
 * the CLI can list the checks without loading them. The JVM checks (groovy, cps, sandbox and the
 * Declarative trees) share one run of the verifier jar (`CheckContext.jvm`); CodeNarc runs in a
 * JVM of its own at the same time.
 *
 * @module
 */
import type { CheckOutcome, VerifyCheck } from './check.js';
import { type UnratedFinding, withSeverity } from './finding.js';

/** A check of the verifier jar whose findings carry its own name. */
function jvmCheck<N extends 'groovy' | 'cps' | 'sandbox'>(name: N, description: string): VerifyCheck<N> {
  return {
    name,
    description,
    needsJava: true,
    jvmParts: [name],
    async run(ctx): Promise<CheckOutcome<N>> {
      const r = await ctx.jvm();
      const mine = r.findings.filter((f): f is UnratedFinding<N> => f.check === name);
      return { findings: withSeverity(mine, 'error'), files: r.files, ms: { jvm: r.ms } };
    },
  };
}

const groovy = jvmCheck('groovy', 'full compilation with Groovy 2.4.21 (the version Jenkins bundles)');

const cps = jvmCheck('cps', "compilation with the groovy-cps 1.31 CPS transformer under the current engine's rules (@NonCPS respected)");

const codenarc: VerifyCheck<'codenarc'> = {
  name: 'codenarc',
  description: 'CodeNarc with the seven Jenkins CPS rules (config/codenarc)',
  needsJava: true,
  jvmParts: [],
  async run(ctx) {
    const { runCodeNarc } = await import('./codenarc.js');
    const r = await runCodeNarc(ctx.dir);
    // CodeNarc rates its findings itself; the message starts with that rating.
    const findings = r.findings.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      check: f.check,
      message: `${f.severity} ${f.message}`,
      severity: f.severity,
    }));
    return { findings, files: r.files, ms: { codenarc: r.ms } };
  },
};

const declarative: VerifyCheck<'declarative'> = {
  name: 'declarative',
  description: "each pipeline { } as Jenkins' Declarative JSON AST: schema + validator rules",
  needsJava: true,
  jvmParts: ['declarative-tree'],
  async run(ctx) {
    // The model's code loads while the JVM dumps the trees.
    const [r, { checkDeclarative }] = await Promise.all([ctx.jvm(), import('./declarative/check.js')]);
    const findings = r.trees.flatMap((t) => checkDeclarative(t.file, t.tree));
    return { findings: withSeverity(findings, 'error'), files: r.files, ms: { jvm: r.ms } };
  },
};

const sandbox = jvmCheck('sandbox', 'every call allowed by the script-security whitelists, none blacklisted');

const secrets: VerifyCheck<'secrets'> = {
  name: 'secrets',
  description: 'no credential variable interpolated into a Groovy string or passed as a command argument in sh scripts and resources/**/*.sh',
  needsJava: false,
  jvmParts: [],
  async run(ctx) {
    const { checkSecrets } = await import('./secrets.js');
    // In this thread, while the JVMs run.
    const started = performance.now();
    const r = checkSecrets(ctx.dir);
    return { findings: withSeverity(r.findings, 'error'), files: r.files, ms: { secrets: Math.round(performance.now() - started) } };
  },
};

/** Every check, in the order `jslc verify` lists them. */
export const CHECKS = [groovy, cps, codenarc, declarative, sandbox, secrets] as const;

/** The name of a check: what `--checks` accepts. */
export type VerifyCheckName = (typeof CHECKS)[number]['name'];

/** The names of the checks, in order. */
export const VERIFY_CHECKS: readonly VerifyCheckName[] = CHECKS.map((c) => c.name);

/** The check named `name`, or undefined. */
export function checkNamed(name: string): (typeof CHECKS)[number] | undefined {
  return CHECKS.find((c) => c.name === name);
}

/** The names in `names` that are no check's. */
export function unknownChecks(names: readonly string[]): string[] {
  return names.filter((n) => checkNamed(n) === undefined);
}

/** The error for names that are no check's: it lists the checks. */
export function unknownChecksMessage(unknown: readonly string[]): string {
  return `jslc verify: unknown check(s) ${unknown.join(', ')}; checks: ${VERIFY_CHECKS.join(', ')}`;
}
