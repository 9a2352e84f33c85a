import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CheckContext, CheckOutcome, TimedPart, VerifyCheck } from './check.js';
import { CHECKS, VERIFY_CHECKS, type VerifyCheckName, checkNamed, unknownChecks, unknownChecksMessage } from './checks.js';
import { type VerifyFinding, compareFindings, withSeverity } from './finding.js';
import { BUILD_VERIFIER_SCRIPT, JVM_CHECKS, type VerifierResult, runVerifier } from './jvm.js';
import { ensureJar, isClone, runBuildScript, shippedJar } from '../jars/index.js';
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

/**
 * One event of a verify run, reported through {@link VerifyOptions.onProgress}: a check started, or it ended.
 *
 * The checks run at the same time (the JVM checks share one JVM, CodeNarc has its own, the secrets scan runs in this
 * thread), so every `start` comes first, then each check's `end` as it finishes; `ms` is the check's own wall time,
 * from its start to its end (the checks of the shared JVM end together). The CLI prints one line per `end` on stderr.
 */
export type VerifyProgress = VerifyCheckStart | VerifyCheckEnd;

/** A check has started. */
export interface VerifyCheckStart {
  /** The check, a name of {@link VERIFY_CHECKS}. */
  readonly check: VerifyCheckName;
  readonly phase: 'start';
}

/** A check has ended: with its findings, or with the error that stopped it (the run then rejects with it). */
export interface VerifyCheckEnd {
  /** The check, a name of {@link VERIFY_CHECKS}. */
  readonly check: VerifyCheckName;
  readonly phase: 'end';
  /** The number of Groovy files it examined, when the check counts them (every check does today). */
  readonly files?: number;
  /** The number of its findings (0 when it failed). */
  readonly findings: number;
  /** Its wall time in ms. */
  readonly ms: number;
  /** The error message, when the check could not run (no Java, CodeNarc did not start …). */
  readonly error?: string;
}

/** Options of {@link verifyLibrary} and {@link verifyFiles}. */
export interface VerifyOptions {
  /**
   * Called when each check starts and ends (see {@link VerifyProgress}). An exception it throws is not caught: it
   * stops nothing already running but rejects the verify run.
   */
  readonly onProgress?: (event: VerifyProgress) => void;
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
  if (isClone()) runBuildScript(BUILD_VERIFIER_SCRIPT, []);
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
export async function verifyLibrary(libDir: string, checks: readonly VerifyCheckName[] = VERIFY_CHECKS, options: VerifyOptions = {}): Promise<VerifyResult> {
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
  const runs = new Map<VerifyCheck, Promise<CheckOutcome>>(order.map((c) => [c, runReporting(c, ctx, options.onProgress)]));
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

/** Runs one check, reporting its start and end to `onProgress`. */
async function runReporting(check: VerifyCheck, ctx: CheckContext, onProgress: VerifyOptions['onProgress']): Promise<CheckOutcome> {
  if (onProgress === undefined) return check.run(ctx);
  const name = check.name as VerifyCheckName;
  const started = performance.now();
  onProgress({ check: name, phase: 'start' });
  let outcome: CheckOutcome;
  try {
    outcome = await check.run(ctx);
  } catch (e) {
    onProgress({ check: name, phase: 'end', findings: 0, ms: Math.round(performance.now() - started), error: (e as Error).message });
    throw e;
  }
  onProgress({
    check: name,
    phase: 'end',
    ...(outcome.files === undefined ? {} : { files: outcome.files }),
    findings: outcome.findings.length,
    ms: Math.round(performance.now() - started),
  });
  return outcome;
}

/**
 * Verifies a library held in memory (what `synth` returns): written to a temporary directory, checked with
 * {@link verifyLibrary}, removed. `jslc build --verify` and `jslc publish` prove exactly the files they will write.
 */
export async function verifyFiles(files: LibraryFiles, checks: readonly VerifyCheckName[] = VERIFY_CHECKS, options: VerifyOptions = {}): Promise<VerifyResult> {
  const staging = mkdtempSync(join(tmpdir(), 'jslc-verify-'));
  try {
    const dir = join(staging, 'lib');
    writeLibrary(dir, files);
    return await verifyLibrary(dir, checks, options);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
