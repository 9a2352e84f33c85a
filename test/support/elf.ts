/**
 * Reading an ELF file's header and program headers, to check a Go binary from the outside: its machine, and whether
 * it has an interpreter (PT_INTERP, i.e. it is dynamically linked) or is static.
 */
import { readFileSync } from 'node:fs';

const MACHINES: Record<number, string> = { 0x3e: 'x86-64', 0xb7: 'aarch64', 0x03: 'x86', 0x28: 'arm' };

function header(path: string): { buf: Buffer; le: boolean; is64: boolean } {
  const buf = readFileSync(path);
  if (buf.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${path} is not an ELF file`);
  return { buf, is64: buf[4] === 2, le: buf[5] === 1 };
}

/** The ELF machine of a binary ('x86-64', 'aarch64', …). */
export function elfMachine(path: string): string {
  const { buf, le } = header(path);
  const m = le ? buf.readUInt16LE(18) : buf.readUInt16BE(18);
  return MACHINES[m] ?? `machine-${m}`;
}

/** The interpreter a dynamically linked binary names (PT_INTERP), or undefined for a static one. */
export function elfInterpreter(path: string): string | undefined {
  const { buf, le, is64 } = header(path);
  const u16 = (o: number): number => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const word = (o: number): number => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));
  const phoff = word(is64 ? 0x20 : 0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (u32(ph) !== 3) continue; // PT_INTERP
    const offset = word(ph + (is64 ? 0x08 : 0x04));
    const size = word(ph + (is64 ? 0x20 : 0x10));
    return buf.subarray(offset, offset + size).toString('latin1').replace(/\0+$/, '');
  }
  return undefined;
}
