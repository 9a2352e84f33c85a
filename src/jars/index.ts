/**
 * Where jslc's two jars come from: `jslc-verifier.jar` (`jslc verify`) and `jslc-executor.jar` (`jslc run`'s
 * runner image).
 *
 * - A packed package ships both, built by `npm pack` (`prepack`, scripts/pack-jars.sh) in `dist/jars/`; at run time
 *   they need Java 17 only.
 * - In a clone (developer mode: the package root has `.git`, or no jar is shipped) scripts/build-jar.sh builds the
 *   jar on demand with Maven, cached by a hash of its sources. In a clone it builds in place (`<module>/target/`);
 *   anywhere else (an installed package without jars) it first copies the Maven sources into the user cache dir
 *   ({@link cacheDir}), so that nothing is written inside `node_modules`.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ColourEnv, type MaybeTty, colourAllowed, stripAnsi } from '../util/ansi.js';

/** Where {@link runBuildScript} writes the child's stderr, and what decides whether it keeps its colour. */
export interface BuildOutput {
  /** The stream for the child's stderr (Maven's log). Default `process.stderr`. */
  readonly stderr?: MaybeTty & { write(text: string): unknown };
  /** The environment read by `colourAllowed` (and given to the child). Default `process.env`. */
  readonly env?: ColourEnv;
  /** The child's working directory. */
  readonly cwd?: string;
}

/**
 * Runs a build script (`bash <script> <args>`: build-jar.sh and the Maven it starts) synchronously and returns its
 * stdout. Its stderr, Maven's log, goes to `out.stderr`: straight through while it runs when that stream may show
 * colour (see ../util/ansi.ts), else collected and written once the script ends, without ANSI escapes (Maven writes
 * `ESC[0m` even with `-B -Dstyle.color=never`). Throws with the script's exit status when it fails.
 */
export function runBuildScript(script: string, args: readonly string[], out: BuildOutput = {}): string {
  const stream = out.stderr ?? process.stderr;
  const env = out.env ?? process.env;
  const live = stream === process.stderr && colourAllowed(stream, env);
  const r = spawnSync('bash', [script, ...args], {
    ...(out.cwd === undefined ? {} : { cwd: out.cwd }),
    env: { ...env },
    stdio: ['ignore', 'pipe', live ? 'inherit' : 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (!live && r.stderr) stream.write(colourAllowed(stream, env) ? r.stderr : stripAnsi(r.stderr));
  if (r.error) throw new Error(`cannot run ${script}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${r.status ?? r.signal ?? 'unknown'}); its output is above`);
  return r.stdout;
}

/** The package root (this file is `src/jars/` or `dist/jars/`, two levels below it). */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The jars jslc builds. */
export type JarName = 'jslc-verifier.jar' | 'jslc-executor.jar';

/** The Maven module of each jar, relative to the package root. */
export const JAR_MODULES: Record<JarName, string> = {
  'jslc-verifier.jar': 'verifier',
  'jslc-executor.jar': 'runner/executor',
};

/** The user cache dir: `$JSLC_CACHE_DIR`, else `$XDG_CACHE_HOME/jslc`, else `~/.cache/jslc`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['JSLC_CACHE_DIR']) return resolve(env['JSLC_CACHE_DIR']);
  if (env['XDG_CACHE_HOME']) return join(resolve(env['XDG_CACHE_HOME']), 'jslc');
  return join(homedir(), '.cache', 'jslc');
}

/** Whether the package root is a git clone or worktree (developer mode: shipped jars, if any, are ignored). */
export function isClone(root: string = PACKAGE_ROOT): boolean {
  return existsSync(join(root, '.git'));
}

/**
 * The jar the package ships (`dist/jars/<name>`), when it ships one and is not a clone. Besides the two jars it
 * builds, the package ships `groovy-cps-1.31.jar` (for CodeNarc's Jenkins rules, see ../verify/codenarc.ts).
 */
export function shippedJar(name: JarName | 'groovy-cps-1.31.jar', root: string = PACKAGE_ROOT): string | undefined {
  if (isClone(root)) return undefined;
  const p = join(root, 'dist', 'jars', name);
  return existsSync(p) ? p : undefined;
}

/** The directory scripts/build-jar.sh runs in: the clone itself, else a copy of the Maven sources in the cache dir. */
export function devBuildRoot(root: string = PACKAGE_ROOT): string {
  return isClone(root) ? root : join(cacheDir(), 'build');
}

/** Where the jar is (or will be) when built on demand: `<build root>/<module>/target/<name>`. */
export function devJarPath(name: JarName, root: string = PACKAGE_ROOT): string {
  return join(devBuildRoot(root), JAR_MODULES[name], 'target', name);
}

/** The jar to use without building: the shipped one, else the on-demand build's path (which may not exist yet). */
export function jarPath(name: JarName, root: string = PACKAGE_ROOT): string {
  return shippedJar(name, root) ?? devJarPath(name, root);
}

/**
 * The jar, built first when none is shipped (Maven's output goes to stderr, without colour codes when stderr may
 * not show colour: see {@link runBuildScript}). Throws with the script's message when the build fails.
 */
export function ensureJar(name: JarName, root: string = PACKAGE_ROOT): string {
  const shipped = shippedJar(name, root);
  if (shipped) return shipped;
  const buildRoot = devBuildRoot(root);
  const module = JAR_MODULES[name];
  if (buildRoot !== root) {
    // Refresh the copy (build-jar.sh rebuilds only when the copied sources' hash changes).
    mkdirSync(join(buildRoot, module), { recursive: true });
    // The whitelists are an input of the executor's jar too (runner/executor/pom.xml copies them in).
    for (const p of ['pom.xml', 'scripts/build-jar.sh', `${module}/pom.xml`, `${module}/src/main`, 'verifier/src/main/resources/whitelists']) {
      cpSync(join(root, p), join(buildRoot, p), { recursive: true, force: true });
    }
  }
  const out = runBuildScript(join(buildRoot, 'scripts', 'build-jar.sh'), [module, name], { cwd: buildRoot });
  const path = out.trim().split('\n').pop()?.trim();
  if (!path || !existsSync(path)) throw new Error(`scripts/build-jar.sh ${module} ${name} printed no existing path: ${out}`);
  return path;
}
