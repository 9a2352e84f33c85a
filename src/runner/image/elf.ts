/**
 * An ELF file's header and program headers, read without loading the file: its class, byte order, machine, and
 * interpreter (PT_INTERP: dynamically linked) if any. The image build picks a static docker CLI with it; the e2e
 * tests check the pipeline's Go binaries with it.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** What jslc reads of an ELF file. */
export interface ElfInfo {
  /** 64-bit (ELFCLASS64). */
  readonly is64: boolean;
  /** Little-endian (ELFDATA2LSB). */
  readonly littleEndian: boolean;
  /** `x86-64`, `aarch64`, `x86`, `arm`, or `machine-<n>`. */
  readonly machine: string;
  /** The interpreter a dynamically linked binary names; undefined for a static one. */
  readonly interpreter?: string;
}

const MACHINES: Readonly<Record<number, string>> = { 0x3e: 'x86-64', 0xb7: 'aarch64', 0x03: 'x86', 0x28: 'arm' };
const PT_INTERP = 3;

/** Reads an ELF file's headers; undefined when the file is no ELF file. */
export function readElf(path: string): ElfInfo | undefined {
  const fd = openSync(path, 'r');
  try {
    const read = (offset: number, length: number): Buffer => {
      const b = Buffer.alloc(length);
      readSync(fd, b, 0, length, offset);
      return b;
    };
    const h = read(0, 64);
    if (h.readUInt32BE(0) !== 0x7f454c46) return undefined;
    const is64 = h[4] === 2;
    const le = h[5] === 1;
    const u16 = (b: Buffer, o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const word = (b: Buffer, o: number): number => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o));
    const machine = MACHINES[u16(h, 18)] ?? `machine-${u16(h, 18)}`;
    const phoff = word(h, is64 ? 0x20 : 0x1c);
    const phentsize = u16(h, is64 ? 0x36 : 0x2a);
    const phnum = u16(h, is64 ? 0x38 : 0x2c);
    const ph = read(phoff, phentsize * phnum);
    for (let i = 0; i < phnum; i++) {
      const p = i * phentsize;
      if (u32(ph, p) !== PT_INTERP) continue;
      const interp = read(word(ph, p + (is64 ? 0x08 : 0x04)), word(ph, p + (is64 ? 0x20 : 0x10)));
      return { is64, littleEndian: le, machine, interpreter: interp.toString('latin1').replace(/\0+$/, '') };
    }
    return { is64, littleEndian: le, machine };
  } finally {
    closeSync(fd);
  }
}
