import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CheckContext, CheckOutcome, TimedPart, VerifyCheck } from './check.js';
import { CHECKS, VERIFY_CHECKS, type VerifyCheckName, checkNamed, unknownChecks, unknownChecksMessage } from './checks.js';
import { type VerifyFinding, compareFindings, withSeverity } from './finding.js';
import { BUILD_VERIFIER_SCRIPT, JVM_CHECKS, type VerifierResult, runVerifier } from './jvm.js';
import { ensureJar, isClone, shippedJar } from '../jars/index.js';
import type { LibraryFiles } from '../library/files.js';
import { writeLibrary } from '../library/writer.js';

export { CHECKS, VERIFY_CHECKS, checkNamed, unknownChecks, unknownChecksMessage } from './checks.js';
export type { VerifyCheckName } from './checks.js';
export type { CheckContext, CheckOutcome, VerifyCheck } from './check.js';
export { formatVerifyFinding } from './finding.js';
export type { Severity, VerifyFinding } from './finding.js';

/** What `verifyLibrary` found, and how long each part took. */
export interface VerifyResult {
  readonly findings: readonly VerifyFinding<VerifyCheckName>[];
  /** Number of Groovy files checked. */
  readonly files: number;
  /** Wall time in ms: the whole run, the JVM tool (groovy, cps, sandbox, declarative trees), CodeNarc and the secrets scan. */
  readonly ms: { readonly total: number } & { readonly [P in TimedPart]: number };
}

/** Whether any of the checks needs Java (see each check's `needsJava`). */
export function needsJvm(checks: readonly VerifyCheckName[]): boolean {
  return checks.some((c) => checkNamed(c)?.needsJava === true);
}

/**
 * Makes sure the verifier jar exists: the packed package ships it (`dist/jars/`, Java 17 is all it needs); in a
 * clone it is built when missing or its sources changed (cached by a hash of its sources; needs Java 17 and Maven
 * with Maven Central), see ../jars/index.ts. `JSLC_VERIFIER_JAR` names a prebuilt jar instead.
 */
export function ensureVerifier(): void {
  if (process.env['JSLC_VERIFIER_JAR']) return;
  if (shippedJar('jslc-verifier.jar')) return;
  if (!existsSync(BUILD_VERIFIER_SCRIPT)) throw new Error(`jslc verify: ${BUILD_VERIFIER_SCRIPT} is missing`);
  if (isClone()) execFileSync('bash', [BUILD_VERIFIER_SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'] });
  else ensureJar('jslc-verifier.jar');
}

/**
 * Runs the selected checks (./checks.ts) over every `vars/**\/*.groovy` and `src/**\/*.groovy`
 * of a library: Groovy 2.4.21 compilation, the groovy-cps 1.31 transform, the script-security
 * sandbox lists and the dump of each `pipeline { }` block in one JVM, CodeNarc with the Jenkins
 * CPS rules in another (both at once), then the Declarative model of each dumped block against
 * Jenkins' JSON AST schema and validator rules, and the secrets scan (src/verify/secrets.ts) over
 * the Groovy files and the library's `resources/**\/*.sh`.
 */
export async function verifyLibrary(libDir: string, checks: readonly VerifyCheckName[] = VERIFY_CHECKS): Promise<VerifyResult> {
  const dir = resolve(libDir);
  if (!existsSync(join(dir, 'vars')) && !existsSync(join(dir, 'src'))) {
    throw new Error(`jslc verify: ${libDir} has neither vars/ nor src/: not a shared library`);
  }
  const unknown = unknownChecks(checks);
  if (unknown.length) throw new Error(unknownChecksMessage(unknown));
  const selected: VerifyCheck[] = CHECKS.filter((c) => checks.includes(c.name));
  const started = performance.now();

  // One run of the verifier jar for every check that needs a part of it, in the jar's own order.
  const jvmParts = JVM_CHECKS.filter((p) => selected.some((c) => c.jvmParts.includes(p)));
  let jvm: Promise<VerifierResult> | undefined;
  const ctx: CheckContext = { dir, jvm: () => (jvm ??= runVerifier(dir, jvmParts)) };

  // Java checks first: their JVMs start before the others take this thread.
  const order = [...selected.filter((c) => c.needsJava), ...selected.filter((c) => !c.needsJava)];
  const runs = new Map<VerifyCheck, Promise<CheckOutcome>>(order.map((c) => [c, c.run(ctx)]));
  const outcomes = await Promise.all(selected.map((c) => runs.get(c)!));

  const findings: VerifyFinding[] = outcomes.flatMap((o) => o.findings);
  if (jvm) {
    // Never drop what the jar reports: a finding no selected check claimed by name is still one.
    const claimed = new Set<string>(selected.map((c) => c.name));
    findings.push(
      ...withSeverity(
        (await jvm).findings.filter((f) => !claimed.has(f.check)),
        'error',
      ),
    );
  }
  const ms: Record<TimedPart, number> = { jvm: 0, codenarc: 0, secrets: 0 };
  for (const o of outcomes) Object.assign(ms, o.ms);
  return {
    findings: (findings as VerifyFinding<VerifyCheckName>[]).sort(compareFindings),
    files: outcomes.find((o) => o.files !== undefined)?.files ?? 0,
    ms: { total: Math.round(performance.now() - started), ...ms },
  };
}

/**
 * Verifies a library held in memory (what `synth` returns): written to a temporary directory, checked with
 * {@link verifyLibrary}, removed. `jslc build --verify` and `jslc publish` prove exactly the files they will write.
 */
export async function verifyFiles(files: LibraryFiles, checks: readonly VerifyCheckName[] = VERIFY_CHECKS): Promise<VerifyResult> {
  const staging = mkdtempSync(join(tmpdir(), 'jslc-verify-'));
  try {
    const dir = join(staging, 'lib');
    writeLibrary(dir, files);
    return await verifyLibrary(dir, checks);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
