import type { ImageBuilderIR, LeafStageIR } from './types.js';
import { assertNever } from '../util/never.js';
import { buildOutputPath } from './naming.js';

/**
 * The stage catalogue: what every pass needs to know about each kind of leaf stage, in one table. Adding a stage
 * kind to `LeafStageIR` without its entry here is a compile error (`StageCatalogue` maps every kind), and so is a
 * pass's own per-kind table (the emitter's `STEP_VAR_SPECS`) or switch (validation's `checkLeaf`) that forgets it.
 */

/** The leaf stage of one kind. */
export type LeafOfKind<K extends LeafStageIR['kind']> = Extract<LeafStageIR, { readonly kind: K }>;

/** What the passes know about one kind of leaf stage. */
export interface StageKindInfo<S> {
  /** The reusable step var it is emitted as (`vars/<stepVar>.groovy`): the one place its name is written; the var's spec reads it. */
  readonly stepVar: string;
  /**
   * Whether the stage may run beside other such stages: it reads only the checked-out sources, the downloaded
   * modules and the files in `consumes`, and writes files no other such stage reads. Everything else runs after
   * every stage before it and before every stage after it, as written (see `schedule/deps.ts`).
   */
  readonly sideBySide: (s: S) => boolean;
  /** Workspace files the stage writes that later stages may read (a build's binaries). */
  readonly produces: (s: S) => readonly string[];
  /** Workspace files the stage reads that an earlier stage must have written (a generated image's binary). */
  readonly consumes: (s: S) => readonly string[];
}

/** A table with one entry per kind of a stage union: the type that makes a forgotten kind a compile error. */
export type StageCatalogue<U extends { readonly kind: string }> = { readonly [K in U['kind']]: StageKindInfo<Extract<U, { readonly kind: K }>> };

const none = (): readonly string[] => [];
const always = (): boolean => true;
const never = (): boolean => false;

/** Every leaf stage kind. */
export const STAGE_CATALOGUE: StageCatalogue<LeafStageIR> = {
  checkout: { stepVar: 'goCheckout', sideBySide: never, produces: none, consumes: none },
  modules: { stepVar: 'goModules', sideBySide: never, produces: none, consumes: none },
  vet: { stepVar: 'goVet', sideBySide: always, produces: none, consumes: none },
  test: { stepVar: 'goTest', sideBySide: always, produces: none, consumes: none },
  build: {
    stepVar: 'goBuild',
    sideBySide: always,
    produces: (s) => s.platforms.map((p) => buildOutputPath(s.output, p)),
    consumes: none,
  },
  image: {
    stepVar: 'containerImage',
    // A generated or oci image reads only binaries; it is published only by a push, which waits for everything.
    sideBySide: (s) => s.builder.type !== 'existing' && (s.phase === 'build' || (s.phase === undefined && !s.push)),
    produces: none,
    consumes: (s) => imageInputs(s.builder),
  },
  sign: { stepVar: 'cosignSign', sideBySide: never, produces: none, consumes: none },
  archive: { stepVar: 'archiveOutputs', sideBySide: never, produces: none, consumes: none },
  run: { stepVar: 'runCommand', sideBySide: never, produces: none, consumes: none },
  // A user script may read and write anything in the workspace: it runs in the order written.
  script: { stepVar: 'shellScript', sideBySide: never, produces: none, consumes: none },
};

/** The binaries an image is built from: the generated Dockerfile's one, or the oci form's one per platform. */
export function imageInputs(b: ImageBuilderIR): readonly string[] {
  switch (b.type) {
    case 'existing':
      return [];
    case 'generated':
      return [b.binary];
    case 'oci':
      return b.platforms.map((p) => buildOutputPath(b.binary, p));
    default:
      return assertNever(b, 'image builder');
  }
}

/** The catalogue entry of a leaf stage. */
export function stageInfo<S extends LeafStageIR>(s: S): StageKindInfo<S> {
  return STAGE_CATALOGUE[s.kind] as unknown as StageKindInfo<S>;
}
