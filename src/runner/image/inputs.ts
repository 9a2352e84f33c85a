/** The host's inputs of the runner image: Go toolchain, docker CLI, cosign and the executor jar, with their hashes. */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureJar, isClone, shippedJar } from '../../jars/index.js';
import { readElf } from './elf.js';
import { runCommand } from './proc.js';

/** The repository root (this file is src/runner/image/ or dist/runner/image/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The sha256 of a file, hex. */
export function sha256File(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', rej)
      .on('end', () => res(h.digest('hex')));
  });
}

/** The host's Go toolchain: `go version` and `go env GOROOT`. */
export async function goToolchain(): Promise<{ version: string; goroot: string }> {
  const [version, goroot] = await Promise.all([runCommand('go', ['version']), runCommand('go', ['env', 'GOROOT'])]);
  return { version: version.trim(), goroot: goroot.trim() };
}

/** Whether a file is a 64-bit little-endian ELF executable without an interpreter (statically linked). */
export function isStaticElf(path: string): boolean {
  const elf = readElf(path);
  return elf !== undefined && elf.is64 && elf.littleEndian && elf.interpreter === undefined;
}

/** The docker CLI to copy into the image: the first statically linked candidate, else the first one found. */
export async function dockerClientBinary(): Promise<string> {
  const onPath = await runCommand('sh', ['-c', 'command -v docker || true']).then((s) => s.trim());
  const candidates = [...new Set([onPath, '/usr/local/bin/docker', '/usr/bin/docker'].filter((p) => p && existsSync(p)))];
  for (const c of candidates) if (isStaticElf(c)) return c;
  const first = candidates[0];
  if (!first) throw new Error('no docker CLI found (PATH, /usr/local/bin/docker, /usr/bin/docker)');
  return first;
}

/** The last non-empty line a script prints (the build scripts print the artifact's path). */
async function scriptOutput(script: string, onLog?: (line: string) => void): Promise<string> {
  const out = await runCommand('bash', [join(REPO_ROOT, 'scripts', script)], { cwd: REPO_ROOT, onLog });
  const path = out.trim().split('\n').pop()?.trim();
  if (!path || !existsSync(path)) throw new Error(`scripts/${script} printed no existing path: ${out}`);
  return path;
}

/** cosign, built once by scripts/build-cosign.sh. */
export function cosignBinary(onLog?: (line: string) => void): Promise<string> {
  return scriptOutput('build-cosign.sh', onLog);
}

/** The executor jar: the one the package ships (`dist/jars/`), else built once by scripts/build-jar.sh (see ../../jars/index.ts). */
export async function executorJar(onLog?: (line: string) => void): Promise<string> {
  const shipped = shippedJar('jslc-executor.jar');
  if (shipped) return shipped;
  if (isClone()) return scriptOutput('build-executor.sh', onLog);
  return ensureJar('jslc-executor.jar');
}

/** The host's local CA certificates (`dir/*.crt`), name → sha256; empty when there are none. */
export async function localCaCertificates(dir: string): Promise<Record<string, string>> {
  if (!existsSync(dir)) return {};
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.crt'))
    .sort();
  const out: Record<string, string> = {};
  for (const n of names) out[n] = await sha256File(join(dir, n));
  return out;
}
