import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCodeNarc } from './codenarc.js';
import { checkDeclarative } from './declarative/check.js';
import { BUILD_VERIFIER_SCRIPT, type JvmCheck, runVerifier } from './jvm.js';
import { checkSecrets } from './secrets.js';
import type { LibraryFiles } from '../library/files.js';
import { writeLibrary } from '../library/writer.js';

/** The six independent checks of `jslc verify`. */
export const VERIFY_CHECKS = ['groovy', 'cps', 'codenarc', 'declarative', 'sandbox', 'secrets'] as const;
export type VerifyCheck = (typeof VERIFY_CHECKS)[number];

/** One finding of any check, printed as `file:line:col [check] message`. */
export interface VerifyFinding {
  /** Path relative to the library directory, with `/` separators. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly check: VerifyCheck;
  readonly message: string;
}

/** What `verifyLibrary` found, and how long each part took. */
export interface VerifyResult {
  readonly findings: readonly VerifyFinding[];
  /** Number of Groovy files checked. */
  readonly files: number;
  /** Wall time in ms: the whole run, the JVM tool (groovy, cps, sandbox, declarative trees), CodeNarc and the secrets scan. */
  readonly ms: { readonly total: number; readonly jvm: number; readonly codenarc: number; readonly secrets: number };
}

/** Whether any of the checks needs Java (all but `secrets`, which is TypeScript). */
export function needsJvm(checks: readonly VerifyCheck[]): boolean {
  return checks.some((c) => c !== 'secrets');
}

/**
 * Builds the verifier jar when it is missing or its sources changed (cached by
 * a hash of its sources; needs Java 17 and Maven with Maven Central).
 * `JSLC_VERIFIER_JAR` names a prebuilt jar instead.
 */
export function ensureVerifier(): void {
  if (process.env['JSLC_VERIFIER_JAR']) return;
  if (!existsSync(BUILD_VERIFIER_SCRIPT)) throw new Error(`jslc verify: ${BUILD_VERIFIER_SCRIPT} is missing`);
  execFileSync('bash', [BUILD_VERIFIER_SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function compare(a: VerifyFinding, b: VerifyFinding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0) || (a.message < b.message ? -1 : 1);
}

/**
 * Runs the selected checks over every `vars/**\/*.groovy` and `src/**\/*.groovy`
 * of a library: Groovy 2.4.21 compilation, the groovy-cps 1.31 transform and
 * the script-security sandbox lists in one JVM, CodeNarc with the Jenkins CPS
 * rules in another (both at once), then the Declarative model of each
 * `pipeline { }` block against Jenkins' JSON AST schema and validator rules,
 * and the secrets scan (src/verify/secrets.ts) over the Groovy files and the
 * library's `resources/**\/*.sh`.
 */
export async function verifyLibrary(libDir: string, checks: readonly VerifyCheck[] = VERIFY_CHECKS): Promise<VerifyResult> {
  const dir = resolve(libDir);
  if (!existsSync(join(dir, 'vars')) && !existsSync(join(dir, 'src'))) {
    throw new Error(`jslc verify: ${libDir} has neither vars/ nor src/: not a shared library`);
  }
  const started = performance.now();
  const jvmChecks: JvmCheck[] = checks.filter((c): c is 'groovy' | 'cps' | 'sandbox' => c === 'groovy' || c === 'cps' || c === 'sandbox');
  if (checks.includes('declarative')) jvmChecks.push('declarative-tree');
  const pending = Promise.all([
    jvmChecks.length ? runVerifier(dir, jvmChecks) : undefined,
    checks.includes('codenarc') ? runCodeNarc(dir) : undefined,
  ]);
  // In this thread while the two JVMs run.
  const secretsStarted = performance.now();
  const secrets = checks.includes('secrets') ? checkSecrets(dir) : undefined;
  const secretsMs = Math.round(performance.now() - secretsStarted);
  const [jvm, codenarc] = await pending;
  const findings: VerifyFinding[] = [...(jvm?.findings ?? []), ...(secrets?.findings ?? [])];
  for (const f of codenarc?.findings ?? []) {
    findings.push({ file: f.file, line: f.line, column: f.column, check: 'codenarc', message: `${f.severity} ${f.message}` });
  }
  for (const t of jvm?.trees ?? []) {
    for (const f of checkDeclarative(t.file, t.tree)) findings.push({ file: f.file, line: f.line, column: f.column, check: 'declarative', message: f.message });
  }
  return {
    findings: findings.sort(compare),
    files: jvm?.files ?? secrets?.files ?? 0,
    ms: { total: Math.round(performance.now() - started), jvm: jvm?.ms ?? 0, codenarc: codenarc?.ms ?? 0, secrets: secretsMs },
  };
}

/**
 * Verifies a library held in memory (what `synth` returns): written to a temporary directory, checked with
 * {@link verifyLibrary}, removed. `jslc build --verify` and `jslc publish` prove exactly the files they will write.
 */
export async function verifyFiles(files: LibraryFiles, checks: readonly VerifyCheck[] = VERIFY_CHECKS): Promise<VerifyResult> {
  const staging = mkdtempSync(join(tmpdir(), 'jslc-verify-'));
  try {
    const dir = join(staging, 'lib');
    writeLibrary(dir, files);
    return await verifyLibrary(dir, checks);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `file:line:col [check] message`. */
export function formatVerifyFinding(f: VerifyFinding): string {
  return `${f.file}:${f.line}:${f.column} [${f.check}] ${f.message}`;
}
