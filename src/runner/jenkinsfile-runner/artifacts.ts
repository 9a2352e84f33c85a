/**
 * Copies the build's archived artifacts (`archiveArtifacts`) out of the stopped container.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type Docker from 'dockerode';
import { ARCHIVE_DIR } from './paths.js';

/** Extracts the container's archive directory into `dest`; resolves `false` when the build archived nothing. */
export async function copyArtifacts(container: Docker.Container, dest: string): Promise<boolean> {
  let tarStream: NodeJS.ReadableStream;
  try {
    tarStream = await container.getArchive({ path: ARCHIVE_DIR });
  } catch {
    return false; // 404: nothing archived
  }
  mkdirSync(dest, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const tar = spawn('tar', ['-x', '-f', '-', '-C', dest, '--strip-components=1'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    tar.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}: ${stderr.trim()}`))));
    tarStream.pipe(tar.stdin);
  });
  return true;
}
