/**
 * The jars the package ships are reproducible: the same sources give the same bytes whatever the directory they are
 * built in, so every clone (and every `npm pack`) gives the same jslc-verifier.jar and jslc-executor.jar, and the
 * runner image, tagged by a hash of its recipe (the executor jar's sha256 included), is built once per machine, not
 * once per clone.
 *
 * - jslc-verifier.jar: built from a clean target dir in two copies of the Maven sources (two temp dirs); sha256 equal.
 * - jslc-executor.jar: built in two fresh `git clone`s of this repository (at HEAD); sha256 equal, and so is the
 *   runner image's tag computed with the project's recipe hash (`runnerHash`, `imageRef`), without building it.
 *
 * Needs Java 17 and Maven with Maven Central (skipped with a notice without Maven; a failure in CI).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageRef, runnerHash } from '../src/runner/image/recipe.js';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const withMaven = whenTool('Maven (mvn) with Java 17', onPath('mvn') && javaHome() ? 'mvn' : undefined);

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Builds `module`'s jar with scripts/build-jar.sh in `root` (target/ removed first); returns the jar's path. */
function buildJar(root: string, module: string, name: string): string {
  rmSync(join(root, module, 'target'), { recursive: true, force: true });
  const out = execFileSync('bash', [join(root, 'scripts', 'build-jar.sh'), module, name], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 900_000,
  });
  const jar = out.trim().split('\n').pop()!;
  expect(existsSync(jar)).toBe(true);
  expect(jar.startsWith(root)).toBe(true);
  return jar;
}

const dirs: string[] = [];
const tempDir = (tag: string): string => {
  const d = mkdtempSync(join(tmpdir(), `jslc-jars-${tag}-`));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the shipped jars are reproducible', () => {
  withMaven(
    'jslc-verifier.jar: two builds from clean target dirs in two directories have the same sha256',
    () => {
      const shas = ['a', 'b'].map((tag) => {
        const root = tempDir(`verifier-${tag}`);
        for (const p of ['pom.xml', 'scripts/build-jar.sh', 'verifier/pom.xml', 'verifier/src/main']) {
          mkdirSync(dirname(join(root, p)), { recursive: true });
          cpSync(join(ROOT, p), join(root, p), { recursive: true });
        }
        const out = tempDir(`verifier-out-${tag}`);
        const jar = join(out, 'jslc-verifier.jar');
        cpSync(buildJar(root, 'verifier', 'jslc-verifier.jar'), jar);
        return sha256(jar);
      });
      expect(shas[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(shas[1]).toBe(shas[0]);
    },
    1_800_000,
  );

  withMaven(
    'jslc-executor.jar: two fresh clones give the same jar, so the same runner image tag',
    () => {
      const head = execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
      const results = ['a', 'b'].map((tag) => {
        const clone = join(tempDir(`clone-${tag}`), 'jslc');
        execFileSync('git', ['clone', '-q', '--no-checkout', ROOT, clone], { stdio: 'ignore' });
        execFileSync('git', ['-C', clone, 'checkout', '-q', head], { stdio: 'ignore' });
        const jar = buildJar(clone, 'runner/executor', 'jslc-executor.jar');
        const jarSha256 = sha256(jar);
        // The runner level's tag, with a fixed tools image: only the jar differs between clones.
        return { jarSha256, tag: imageRef('runner', runnerHash({ toolsImage: 'jslc-runner-tools:fixed', jarSha256 })) };
      });
      expect(results[1]!.jarSha256).toBe(results[0]!.jarSha256);
      expect(results[1]!.tag).toBe(results[0]!.tag);
    },
    1_800_000,
  );
});
