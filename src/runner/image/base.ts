/** The base level: a Debian root filesystem from debootstrap, imported into the engine (no registry involved). */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { followStream } from './docker.js';
import { runCommand } from './proc.js';
import type { BaseRecipe } from './recipe.js';

/** Unmounts whatever debootstrap left mounted under the root filesystem (deepest first), so removing it is safe. */
async function unmountUnder(rootfs: string): Promise<void> {
  const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
  const points = mounts
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((p) => p === rootfs || p.startsWith(`${rootfs}/`))
    .sort((a, b) => b.length - a.length);
  for (const p of points) await runCommand('umount', ['-l', p]).catch(() => undefined);
}

/** Removes the contents of a directory in the root filesystem. */
async function emptyDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(entries.map((e) => rm(join(dir, e), { recursive: true, force: true })));
}

/** Options of {@link buildBaseImage}. */
export interface BaseBuild {
  /** The image reference to create (name:tag). */
  readonly ref: string;
  /** The debootstrap recipe. */
  readonly recipe: BaseRecipe;
  /** Image labels (set with LABEL changes). */
  readonly labels: Readonly<Record<string, string>>;
}

/** debootstrap into a temporary directory under /var/tmp, clean the apt caches, and `docker import` the tree. */
export async function buildBaseImage(docker: Dockerode, build: BaseBuild, onLog: (line: string) => void): Promise<void> {
  const dir = await mkdtemp('/var/tmp/jslc-rootfs-');
  const rootfs = join(dir, 'rootfs');
  const { recipe } = build;
  try {
    await runCommand('debootstrap', [`--variant=${recipe.variant}`, `--include=${recipe.packages.join(',')}`, recipe.suite, rootfs, recipe.mirror], {
      onLog,
      logStdout: true,
    });
    await unmountUnder(rootfs);
    for (const d of ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/info']) {
      await emptyDir(join(rootfs, d));
    }
    await rm(join(rootfs, 'var/cache/apt/pkgcache.bin'), { force: true });
    await rm(join(rootfs, 'var/cache/apt/srcpkgcache.bin'), { force: true });
    onLog(`importing ${rootfs} as ${build.ref}`);
    const tar = spawn('tar', ['--numeric-owner', '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '-C', rootfs, '-c', '.'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tarErr = '';
    tar.stderr.setEncoding('utf8').on('data', (c: string) => (tarErr += c));
    const tarDone = new Promise<number | null>((res) => tar.on('close', res));
    const [repo, tag] = build.ref.split(':');
    const labels = Object.entries(build.labels).map(([k, v]) => `LABEL ${k}=${JSON.stringify(v)}`);
    const stream = await docker.importImage(tar.stdout, { repo, tag, changes: [...recipe.changes, ...labels] });
    await followStream(docker, stream, onLog);
    const code = await tarDone;
    if (code !== 0) {
      // The engine imported a truncated tree: drop it.
      await docker
        .getImage(build.ref)
        .remove({ force: true })
        .catch(() => undefined);
      throw new Error(`tar of ${rootfs} failed (exit ${code}): ${tarErr}`);
    }
  } finally {
    await unmountUnder(rootfs);
    await rm(dir, { recursive: true, force: true });
  }
}
