/**
 * `jslc verify`, the JVM checks: one run of `jslc-verifier.jar` (shipped in `dist/jars/` of a packed
 * package; built on demand by `scripts/build-verifier.sh` in a clone, see `../jars/index.ts`) over every `vars/**\/*.groovy` and `src/**\/*.groovy` of a library.
 *
 * - `groovy`: full compilation (up to class generation) with Groovy 2.4.21, each file as a script
 *   the way Jenkins' CpsGroovyShell compiles vars (library `src/` and `vars/` on the class path).
 * - `cps`: the same with groovy-cps 1.31's `CpsTransformer` applied, as Jenkins applies it:
 *   `synchronized`, list literals over 250 elements, map literals over 125 entries, blocks and calls
 *   that turn into calls of 255+ arguments, and methods whose CPS form exceeds 64 KiB of bytecode.
 * - `sandbox`: a static pass over the resolved AST that resolves each call, property access and
 *   constructor the way Script Security's sandbox does at run time and looks the signature up in
 *   the whitelists (`generic-whitelist`, `jenkins-whitelist`) and the `blacklist`.
 * - `declarative-tree`: the call tree of every top-level `pipeline { … }` block
 *   (format: `./declarative/tree.ts`).
 *
 * One call is one JVM. The JVM runs with C1 only and the serial collector: the verifier is short
 * lived, and on two cores C2's compiler threads cost more than they save.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { jarPath } from '../jars/index.js';
import type { Node as DeclarativeTree } from './declarative/tree.js';
import { forStream } from '../util/ansi.js';
import { formatVerifyFinding, type UnratedFinding } from './finding.js';

/** The checks the JVM tool runs. */
export type JvmCheck = 'groovy' | 'cps' | 'sandbox' | 'declarative-tree';

/** All of them, in the order the tool runs them. */
export const JVM_CHECKS: readonly JvmCheck[] = ['groovy', 'cps', 'sandbox', 'declarative-tree'];

/** One finding of the tool (rated by the check it belongs to, see `./checks.ts`). */
export type Finding = UnratedFinding<Exclude<JvmCheck, 'declarative-tree'>>;

/** The call tree of one `pipeline { … }` block. */
export interface TreeOfFile {
  /** Path relative to the library directory. */
  file: string;
  tree: DeclarativeTree;
}

export interface VerifierResult {
  findings: Finding[];
  trees: TreeOfFile[];
  /** Number of Groovy files checked. */
  files: number;
  /** Wall time of the run measured here, JVM start included. */
  ms: number;
  /** The JVM's own measure (from its start to its summary line). */
  jvmMs: number;
}

export interface VerifierOptions {
  /** The jar. Default: `$JSLC_VERIFIER_JAR`, else {@link VERIFIER_JAR}. */
  jar?: string;
  /** The java executable. Default: `bin/java` of the JAVA_HOME that {@link javaHome} finds, else `java` on the PATH. */
  java?: string;
}

/** The verifier jar: the one the package ships (`dist/jars/`), else where the on-demand build puts it (in a clone, `verifier/target/`). */
export const VERIFIER_JAR = jarPath('jslc-verifier.jar');

/** The script that builds (and caches) the jar. */
export const BUILD_VERIFIER_SCRIPT = fileURLToPath(new URL('../../scripts/build-verifier.sh', import.meta.url));

/** A JAVA_HOME that has bin/java: $JAVA_HOME, Debian's default-java, or any JDK 17 under /usr/lib/jvm. */
export function javaHome(): string | undefined {
  const candidates = [process.env['JAVA_HOME'], '/usr/lib/jvm/default-java'];
  if (existsSync('/usr/lib/jvm')) {
    for (const d of readdirSync('/usr/lib/jvm').sort()) if (d.includes('17')) candidates.push(join('/usr/lib/jvm', d));
  }
  return candidates.find((c): c is string => !!c && existsSync(join(c, 'bin', 'java')));
}

/** The java to run: `bin/java` of {@link javaHome}, else `java` on the PATH. */
export function javaExecutable(): string | undefined {
  const home = javaHome();
  return home ? join(home, 'bin', 'java') : onPath('java');
}

function onPath(cmd: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not there
    }
  }
  return undefined;
}

function isFinding(v: unknown): v is Finding {
  const f = v as Partial<Finding>;
  return (
    typeof f.file === 'string' && typeof f.line === 'number' && typeof f.column === 'number' && typeof f.message === 'string' && typeof f.check === 'string'
  );
}

/**
 * Runs the verifier over `libDir` and returns its findings and declarative trees.
 *
 * Throws when no Java or no jar is found, when the tool rejects its arguments, or when it dies
 * without its summary line; findings themselves never make it throw.
 */
export async function runVerifier(libDir: string, checks: readonly JvmCheck[] = JVM_CHECKS, options: VerifierOptions = {}): Promise<VerifierResult> {
  const jar = options.jar ?? process.env['JSLC_VERIFIER_JAR'] ?? VERIFIER_JAR;
  if (!existsSync(jar)) {
    throw new Error(
      `jslc verify: the verifier jar ${jar} is missing; build it with scripts/build-verifier.sh (needs Java 17 and Maven), or set JSLC_VERIFIER_JAR`,
    );
  }
  const home = javaHome();
  const java = options.java ?? javaExecutable();
  if (!java || !existsSync(java)) {
    throw new Error('jslc verify: no Java found: set JAVA_HOME to a Java 17 installation (or put java on the PATH)');
  }
  if (checks.length === 0) throw new Error('jslc verify: no JVM check selected');
  const dir = resolve(libDir);
  const env = { ...process.env, ...(home ? { JAVA_HOME: home } : {}) };
  const args = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Dfile.encoding=UTF-8', '-jar', jar, '--checks', checks.join(','), dir];

  const started = performance.now();
  const {
    code,
    stdout,
    stderr: rawStderr,
  } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(java, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => fail(new Error(`jslc verify: cannot start ${java}: ${e.message}`)));
    child.on('close', (c) => done({ code: c, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
  const ms = Math.round(performance.now() - started);
  // The JVM's stderr reaches the user only inside these errors, printed on jslc's stderr: colour-free unless allowed there.
  const stderr = forStream(rawStderr, process.stderr);

  if (code === 2) throw new Error(`jslc verify: the verifier rejected its arguments: ${stderr.trim()}`);
  const findings: Finding[] = [];
  const trees: TreeOfFile[] = [];
  let summary: { files: number; findings: number; ms: number } | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const obj = JSON.parse(line) as Record<string, unknown>;
    if (obj['summary']) {
      summary = obj['summary'] as { files: number; findings: number; ms: number };
    } else if (obj['check'] === 'declarative-tree') {
      trees.push({ file: obj['file'] as string, tree: obj['tree'] as DeclarativeTree });
    } else if (isFinding(obj)) {
      findings.push({ file: obj.file, line: obj.line, column: obj.column, check: obj.check, message: obj.message });
    }
  }
  if (code !== 0 || !summary) {
    throw new Error(`jslc verify: the verifier failed (exit ${code ?? 'signal'})${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
  }
  return { findings, trees, files: summary.files, ms, jvmMs: summary.ms };
}

/** `file:line:col [check] message`, the way `jslc verify` prints a finding. */
export const formatFinding: (f: Finding) => string = formatVerifyFinding;
