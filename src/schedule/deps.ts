import type { StageIR } from '../ir/types.js';
import { buildOutputPath } from '../ir/naming.js';
import type { Unit } from './units.js';

/**
 * Stages that only read the checked-out sources and the downloaded modules and write files no other such stage
 * reads: vet, tests, builds, and the build (not the push) of an image around a generated Dockerfile (which
 * reads one binary). They may run beside each other. Everything else (checkout, modules, commands, archive, image push,
 * signing) runs after every stage before it and before every stage after it, as written.
 */
function independent(s: StageIR): boolean {
  switch (s.kind) {
    case 'vet':
    case 'test':
    case 'build':
      return true;
    case 'image':
      // A generated image reads one binary; it is published only by a push, which waits for everything.
      return s.dockerfile.type === 'generated' && (s.phase === 'build' || (s.phase === undefined && !s.push));
    case 'parallel':
      // Jenkins forbids a parallel group inside a parallel branch: a group kept whole runs on its own.
      return false;
    case 'sequence':
      return s.stages.every(independent);
    default:
      return false;
  }
}

function leaves(s: StageIR): StageIR[] {
  if (s.kind === 'parallel') return s.branches.flatMap(leaves);
  if (s.kind === 'sequence') return s.stages.flatMap(leaves);
  return [s];
}

/** Whether `later` must wait for `earlier` (which comes before it in the pipeline as written). */
export function dependsOn(later: Unit, earlier: Unit): boolean {
  if (later.group !== undefined && later.group === earlier.group) return false;
  if (!independent(later.stage) || !independent(earlier.stage)) return true;
  // An image build needs the binary it copies.
  const binaries = leaves(later.stage).flatMap((l) => (l.kind === 'image' && l.dockerfile.type === 'generated' ? [l.dockerfile.binary] : []));
  const outputs = leaves(earlier.stage).flatMap((e) => (e.kind === 'build' ? e.platforms.map((p) => buildOutputPath(e.output, p)) : []));
  return binaries.some((b) => outputs.includes(b));
}
