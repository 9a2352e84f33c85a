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
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (this file is `src/jars/` or `dist/jars/`, two levels below it). */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

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
 * The jar, built first when none is shipped (Maven's output goes to stderr, or to `onLog` line by line).
 * Throws with the script's message when the build fails.
 */
export function ensureJar(name: JarName, root: string = PACKAGE_ROOT): string {
  const shipped = shippedJar(name, root);
  if (shipped) return shipped;
  const buildRoot = devBuildRoot(root);
  const module = JAR_MODULES[name];
  if (buildRoot !== root) {
    // Refresh the copy (build-jar.sh rebuilds only when the copied sources' hash changes).
    mkdirSync(join(buildRoot, module), { recursive: true });
    for (const p of ['pom.xml', 'scripts/build-jar.sh', `${module}/pom.xml`, `${module}/src/main`]) {
      cpSync(join(root, p), join(buildRoot, p), { recursive: true, force: true });
    }
  }
  const out = execFileSync('bash', [join(buildRoot, 'scripts', 'build-jar.sh'), module, name], {
    cwd: buildRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const path = out.trim().split('\n').pop()?.trim();
  if (!path || !existsSync(path)) throw new Error(`scripts/build-jar.sh ${module} ${name} printed no existing path: ${out}`);
  return path;
}
