/**
 * A ustar reader for tests that look inside image layers: enough for the OCI builder's layers (names under 100
 * bytes, or split into prefix and name) and for reading files back out of a pushed image.
 */

/** One entry of a tar archive. */
export interface TarEntry {
  /** Path inside the archive, without a leading `./` or `/` (as the builder writes it). */
  readonly name: string;
  /** The ustar type flag: `'0'` a file, `'5'` a directory, `'2'` a symlink. */
  readonly type: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Modification time, seconds since the epoch. */
  readonly mtime: number;
  readonly uname: string;
  readonly gname: string;
  /** The entry's content (empty for anything but a file). */
  readonly data: Buffer;
}

/** The entries of an uncompressed tar archive, in archive order. */
export function untar(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  const str = (b: Buffer): string => b.toString('latin1').replace(/\0.*$/s, '');
  const oct = (b: Buffer): number => parseInt(str(b).trim() || '0', 8);
  for (let off = 0; off + 512 <= tar.length;) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const size = oct(h.subarray(124, 136));
    const prefix = str(h.subarray(345, 500));
    out.push({
      name: (prefix ? prefix + '/' : '') + str(h.subarray(0, 100)),
      type: String.fromCharCode(h[156]!),
      mode: oct(h.subarray(100, 108)),
      uid: oct(h.subarray(108, 116)),
      gid: oct(h.subarray(116, 124)),
      mtime: oct(h.subarray(136, 148)),
      uname: str(h.subarray(265, 297)),
      gname: str(h.subarray(297, 329)),
      data: tar.subarray(off + 512, off + 512 + size),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
