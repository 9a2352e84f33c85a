import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, statSync, rmdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { MANIFEST, parseManifest } from './manifest.js';
import type { LibraryFiles } from './files.js';

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

/**
 * The file system operations `writeLibrary` writes with; tests replace one to
 * make a write fail for real (e.g. `writeFileSync` aimed at `/dev/full`).
 */
export interface WriterFs {
  writeFileSync(path: string, text: string): void;
  renameSync(from: string, to: string): void;
}

const NODE_FS: WriterFs = { writeFileSync: (path, text) => writeFileSync(path, text), renameSync: (from, to) => renameSync(from, to) };

/** A library could not be written (a file system error); `outDir` is as it was before. */
export class WriteError extends Error {
  constructor(
    readonly outDir: string,
    override readonly cause: unknown,
  ) {
    super(`cannot write ${outDir}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'WriteError';
  }
}

function writeTree(root: string, files: LibraryFiles, fs: WriterFs): void {
  for (const [path, text] of files) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
}

function removeEmptyDirs(dir: string, stop: string): void {
  let d = dir;
  while (d.startsWith(stop) && d !== stop && existsSync(d) && readdirSync(d).length === 0) {
    rmdirSync(d);
    d = dirname(d);
  }
}

/** Best effort: clean-up must never hide the error that made it necessary. */
function quietly(f: () => void): void {
  try {
    f();
  } catch {
    // ignored
  }
}

/** `mkdir -p`, with a clear message when some ancestor is a file; returns the first directory it created. */
function makeParent(dir: string): string | undefined {
  try {
    return mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      for (let d = dir; dirname(d) !== d; d = dirname(d)) {
        if (existsSync(d) && !statSync(d).isDirectory()) throw Object.assign(new Error(`${d} is a file, not a directory`), { code: 'ENOTDIR' });
      }
    }
    throw e;
  }
}

/**
 * Write a library to `outDir` without ever leaving a half-written tree:
 * everything is first written to a temporary directory next to `outDir`.
 * When `outDir` holds only files of a previous build (per its manifest), the
 * whole directory is swapped by rename. Otherwise (a library repository with
 * `.git` or hand-written files) each file is renamed into place, the file it
 * replaces moved aside first, and files of the previous build that are no
 * longer produced are deleted; foreign files are left alone.
 *
 * On any failure (a full disk, a read-only or missing parent, a parent that is
 * a file) every step is undone: `outDir` is as it was, no `.jslc-tmp-*`
 * directory is left beside it, and a `WriteError` is thrown.
 */
export function writeLibrary(outDir: string, files: LibraryFiles, fs: WriterFs = NODE_FS): { written: number; deleted: string[] } {
  const parent = dirname(outDir);
  let createdParent: string | undefined;
  const tmp = join(parent, `.jslc-tmp-${basename(outDir)}-${randomBytes(6).toString('hex')}`);
  const old = `${tmp}-old`;
  try {
    createdParent = makeParent(parent);
    if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
      throw Object.assign(new Error('it exists and is not a directory'), { code: 'ENOTDIR' });
    }
    writeTree(tmp, files, fs);
    const previous = previousFiles(outDir);
    const present = listFiles(outDir);
    const foreign = existsSync(join(outDir, '.git')) || present.some((p) => !previous.includes(p));
    const deleted = previous.filter((p) => !files.has(p) && present.includes(p));
    if (!existsSync(outDir)) {
      fs.renameSync(tmp, outDir);
    } else if (!foreign) {
      fs.renameSync(outDir, old);
      try {
        fs.renameSync(tmp, outDir);
      } catch (e) {
        fs.renameSync(old, outDir);
        throw e;
      }
      quietly(() => rmSync(old, { recursive: true, force: true }));
    } else {
      replaceFiles(outDir, tmp, old, files, deleted, fs);
      quietly(() => rmSync(old, { recursive: true, force: true }));
      quietly(() => rmSync(tmp, { recursive: true, force: true }));
    }
    return { written: files.size, deleted };
  } catch (e) {
    quietly(() => rmSync(tmp, { recursive: true, force: true }));
    quietly(() => rmSync(old, { recursive: true, force: true }));
    if (createdParent !== undefined) quietly(() => rmSync(createdParent!, { recursive: true, force: true }));
    throw new WriteError(outDir, e);
  }
}

/**
 * Move each file from `tmp` into `outDir`, the file it replaces (and each
 * stale file) first moved to `old`; on failure, put everything back.
 */
function replaceFiles(outDir: string, tmp: string, old: string, files: LibraryFiles, deleted: readonly string[], fs: WriterFs): void {
  const placed: { path: string; replaced: boolean }[] = [];
  const removed: string[] = [];
  const createdDirs: string[] = [];
  const moveAside = (path: string): void => {
    const aside = join(old, path);
    mkdirSync(dirname(aside), { recursive: true });
    fs.renameSync(join(outDir, path), aside);
  };
  try {
    for (const path of files.keys()) {
      const target = join(outDir, path);
      const made = mkdirSync(dirname(target), { recursive: true });
      if (made !== undefined) createdDirs.push(made);
      const replaced = existsSync(target);
      if (replaced) moveAside(path);
      placed.push({ path, replaced });
      fs.renameSync(join(tmp, path), target);
    }
    for (const p of deleted) {
      moveAside(p);
      removed.push(p);
    }
  } catch (e) {
    for (const p of removed.reverse()) quietly(() => fs.renameSync(join(old, p), join(outDir, p)));
    for (const { path, replaced } of placed.reverse()) {
      quietly(() => rmSync(join(outDir, path), { force: true }));
      if (replaced) quietly(() => fs.renameSync(join(old, path), join(outDir, path)));
    }
    for (const d of createdDirs.reverse()) quietly(() => rmSync(d, { recursive: true, force: true }));
    throw e;
  }
  for (const p of deleted) removeEmptyDirs(dirname(join(outDir, p)), outDir);
}
