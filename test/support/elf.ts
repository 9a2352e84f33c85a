/**
 * A Go binary checked from the outside (e2e): its machine, and whether it has an interpreter (PT_INTERP, i.e. it is
 * dynamically linked) or is static. The reading is the image build's (src/runner/image/elf.ts).
 */
import { readElf } from '../../src/runner/image/elf.js';

function elf(path: string): NonNullable<ReturnType<typeof readElf>> {
  const e = readElf(path);
  if (!e) throw new Error(`${path} is not an ELF file`);
  return e;
}

/** The ELF machine of a binary ('x86-64', 'aarch64', …). */
export function elfMachine(path: string): string {
  return elf(path).machine;
}

/** The interpreter a dynamically linked binary names (PT_INTERP), or undefined for a static one. */
export function elfInterpreter(path: string): string | undefined {
  return elf(path).interpreter;
}
