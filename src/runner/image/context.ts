/** Builds an image with the engine's classic builder from a tar context streamed by the tar CLI. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type Dockerode from 'dockerode';
import { followStream } from './docker.js';

/** A build: a Dockerfile, small generated files, and host files or directories (sent under their base names). */
export interface ContextBuild {
  /** The image reference to tag (name:tag). */
  readonly ref: string;
  /** Image labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The Dockerfile text. */
  readonly dockerfile: string;
  /** Generated files by name (mode 0755). */
  readonly files?: Readonly<Record<string, string>>;
  /** Host paths, each in the context under its base name (names must be unique). */
  readonly hostPaths?: readonly string[];
}

/** Runs the build; rejects with the builder's error message when it fails. */
export async function buildFromContext(docker: Dockerode, build: ContextBuild, onLog: (line: string) => void): Promise<void> {
  const dir = await mkdtemp('/var/tmp/jslc-context-');
  try {
    const names = ['Dockerfile', ...Object.keys(build.files ?? {})];
    await writeFile(join(dir, 'Dockerfile'), build.dockerfile);
    for (const [name, text] of Object.entries(build.files ?? {})) await writeFile(join(dir, name), text, { mode: 0o755 });
    const args = ['-c', '-f', '-', '-C', dir, ...names];
    for (const p of build.hostPaths ?? []) {
      if (names.includes(basename(p))) throw new Error(`build context: two entries named ${basename(p)}`);
      names.push(basename(p));
      args.push('-C', dirname(p), basename(p));
    }
    const tar = spawn('tar', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tarErr = '';
    tar.stderr.setEncoding('utf8').on('data', (c: string) => (tarErr += c));
    const tarDone = new Promise<number | null>((res) => tar.on('close', res));
    const stream = await docker.buildImage(tar.stdout, { t: build.ref, labels: { ...build.labels }, rm: true, forcerm: true, pull: false });
    await followStream(docker, stream, onLog);
    const code = await tarDone;
    if (code !== 0) throw new Error(`tar of the build context failed (exit ${code}): ${tarErr}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
