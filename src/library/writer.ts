import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, statSync, rmdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { MANIFEST, parseManifest } from './manifest.js';
import type { LibraryFiles } from './synth.js';

/** All files under a directory, as sorted POSIX relative paths (`.git` excluded). */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

/** The files a previous build wrote, from the manifest of `outDir`. */
export function previousFiles(outDir: string): string[] {
  const path = join(outDir, MANIFEST);
  if (!existsSync(path)) return [];
  const m = parseManifest(readFileSync(path, 'utf8'));
  return m ? [...Object.keys(m.files), MANIFEST] : [];
}

function writeTree(root: string, files: LibraryFiles): void {
  for (const [path, text] of files) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

function removeEmptyDirs(dir: string, stop: string): void {
  let d = dir;
  while (d.startsWith(stop) && d !== stop && existsSync(d) && readdirSync(d).length === 0) {
    rmdirSync(d);
    d = dirname(d);
  }
}

/**
 * Write a library to `outDir` without ever leaving a half-written tree:
 * everything is first written to a temporary directory next to `outDir`.
 * When `outDir` holds only files of a previous build (per its manifest), the
 * whole directory is swapped by rename. Otherwise (a library repository with
 * `.git` or hand-written files) each file is renamed into place and files of
 * the previous build that are no longer produced are deleted; foreign files
 * are left alone.
 */
export function writeLibrary(outDir: string, files: LibraryFiles): { written: number; deleted: string[] } {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.jslc-tmp-${basename(outDir)}-${randomBytes(6).toString('hex')}`);
  try {
    writeTree(tmp, files);
    const previous = previousFiles(outDir);
    const present = listFiles(outDir);
    const foreign = existsSync(join(outDir, '.git')) || present.some((p) => !previous.includes(p));
    const deleted = previous.filter((p) => !files.has(p) && present.includes(p));
    if (!existsSync(outDir)) {
      renameSync(tmp, outDir);
    } else if (!foreign && statSync(outDir).isDirectory()) {
      const old = `${tmp}-old`;
      renameSync(outDir, old);
      renameSync(tmp, outDir);
      rmSync(old, { recursive: true, force: true });
    } else {
      for (const path of files.keys()) {
        const target = join(outDir, path);
        mkdirSync(dirname(target), { recursive: true });
        renameSync(join(tmp, path), target);
      }
      for (const p of deleted) {
        rmSync(join(outDir, p), { force: true });
        removeEmptyDirs(dirname(join(outDir, p)), outDir);
      }
      rmSync(tmp, { recursive: true, force: true });
    }
    return { written: files.size, deleted };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
