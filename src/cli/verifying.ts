/**
 * Running `jslc verify`'s checks for a command (verify itself, `build --verify`): Java checked first (an environment
 * error when a check needs it and there is none), findings printed as `file:line:col [check] message`, a summary,
 * and the outcome with the findings for the `--json` envelope.
 */
import { CHECKS, type VerifyCheckName } from '../verify/checks.js';
import type { VerifyFinding, VerifyResult } from '../verify/verify.js';
import type { LibraryFiles } from '../library/files.js';
import type { CliFinding } from './envelope.js';
import type { CommandContext } from './command.js';
import { missingJava } from './errors.js';

/** The checks of `checks` that need no Java. */
export const NO_JAVA_CHECKS: readonly string[] = CHECKS.filter((c) => !c.needsJava).map((c) => c.name);

/** Whether a Java runtime is found (JAVA_HOME, /usr/lib/jvm, the PATH). */
export async function javaFound(): Promise<boolean> {
  const { javaExecutable } = await import('../verify/jvm.js');
  return javaExecutable() !== undefined;
}

/** A verify finding in the envelope's shape. */
export function verifyCliFinding(f: VerifyFinding): CliFinding {
  return { severity: f.severity, message: f.message, code: f.check, check: f.check, file: f.file, line: f.line, column: f.column };
}

/** What running the checks gave. */
export interface ChecksRun {
  /** The verifier's result. */
  readonly result: VerifyResult;
  /** Its findings in the envelope's shape. */
  readonly findings: readonly CliFinding[];
}

/**
 * Runs `checks` over a library directory or a library in memory; throws an EnvError when a check needs Java and
 * none is found. Prints a progress line per check as it ends (stderr); the findings: see {@link printChecks}.
 */
export async function runChecks(target: string | LibraryFiles, checks: readonly VerifyCheckName[], ctx: CommandContext): Promise<ChecksRun> {
  // Loaded on demand: build and check do not pay for the verifier's modules.
  const { ensureVerifier, verifyFiles, verifyLibrary, needsJvm } = await import('../verify/verify.js');
  if (needsJvm(checks)) {
    const { javaExecutable } = await import('../verify/jvm.js');
    const missing = missingJava(
      javaExecutable(),
      checks.filter((c) => !NO_JAVA_CHECKS.includes(c)),
      NO_JAVA_CHECKS,
    );
    if (missing) throw missing;
    ensureVerifier();
  }
  // One progress line per ended check, on stderr (with --json too: stdout stays one document).
  const { formatVerifyProgress } = await import('../verify/report/index.js');
  const onProgress = (e: Parameters<typeof formatVerifyProgress>[0]): void => {
    const line = formatVerifyProgress(e);
    if (line !== undefined) ctx.progress(line);
  };
  const result = typeof target === 'string' ? await verifyLibrary(target, checks, { onProgress }) : await verifyFiles(target, checks, { onProgress });
  return { result, findings: result.findings.map(verifyCliFinding) };
}

/** Prints the findings (stderr) and a summary: `jslc verify: <label>: N files, <checks>: N finding(s) in S s`. */
export async function printChecks(run: ChecksRun, checks: readonly VerifyCheckName[], label: string, ctx: CommandContext): Promise<void> {
  const { formatVerifyFinding } = await import('../verify/verify.js');
  const r = run.result;
  for (const f of r.findings) ctx.err(formatVerifyFinding(f));
  (r.findings.length ? ctx.err : ctx.out)(checksSummary(run, checks, label));
}

/** `jslc verify: <label>: N files, <checks>: N finding(s) in S s`. */
export function checksSummary(run: ChecksRun, checks: readonly VerifyCheckName[], label: string): string {
  const r = run.result;
  return `jslc verify: ${label}: ${r.files} files, ${checks.join(', ')}: ${r.findings.length} finding(s) in ${(r.ms.total / 1000).toFixed(1)} s`;
}
