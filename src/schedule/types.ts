import type { ImageBinary } from '../ir/image-binaries.js';
import type { ImageStageIR, LeafStageIR, LibraryIR, ParallelStageIR, PipelineIR, SequenceStageIR, SignStageIR, StageIR } from '../ir/types.js';

/**
 * The scheduled IR: what the scheduler hands the emitter. Its stages are in the order and shape they run, already
 * lowered to what Declarative can say, so the emitter prints them and decides nothing:
 * - a multi-platform build outside a parallel group is a parallel group of one build per platform;
 * - an image stage that pushes may be split into its build and its push (when stages are reordered);
 * - a sign stage knows the registry push it signs;
 * - in a large pipeline, runs of simple stages are chunks, run from a helper var's methods.
 */

/** A sign stage with the push of the image it signs resolved (the last image stage that pushes before it). */
export interface ScheduledSignStage extends SignStageIR {
  /** Registry login of that push, or `null` when no earlier stage pushes (then cosign uses the agent's login). */
  readonly registryPush: NonNullable<ImageStageIR['push']> | null;
  /**
   * The Go binaries in that image, for its SBOM and provenance: each linux platform with the workspace path of the
   * binary built for it. Empty when no earlier image stage pushes or jslc cannot know them (a repository Dockerfile).
   */
  readonly imageBinaries: readonly ImageBinary[];
}

/** A leaf stage as scheduled: one platform per build when it was fanned out. */
export type ScheduledLeaf = Exclude<LeafStageIR, SignStageIR> | ScheduledSignStage;

/** A parallel group as scheduled. */
export interface ScheduledParallel extends Omit<ParallelStageIR, 'branches'> {
  readonly branches: readonly ScheduledStage[];
  /** Set when the group is a multi-platform build opened up into one branch per platform. */
  readonly fannedOutBuild?: true;
}

/** A sequence as scheduled. */
export interface ScheduledSequence extends Omit<SequenceStageIR, 'stages'> {
  readonly stages: readonly ScheduledStage[];
}

/** A stage of the scheduled tree. */
export type ScheduledStage = ScheduledLeaf | ScheduledParallel | ScheduledSequence;

/**
 * A run of simple stages of a large pipeline, emitted as one Declarative stage that calls method `part<index>` of
 * the pipeline's helper var (see `chunks.ts`).
 */
export interface ScheduledChunk {
  readonly kind: 'chunk';
  /** The Declarative stage's name: its first and last stage names. */
  readonly name: string;
  readonly index: number;
  readonly stages: readonly ScheduledLeaf[];
}

/** A top-level entry of a scheduled pipeline. */
export type ScheduledTop = ScheduledStage | ScheduledChunk;

/** A pipeline as it will run. */
export interface ScheduledPipeline extends Omit<PipelineIR, 'stages'> {
  readonly stages: readonly ScheduledTop[];
  /** The stages as the user wrote them (validated), for what describes the source rather than the run. */
  readonly written: readonly StageIR[];
}

/** A library whose pipelines are scheduled. */
export interface ScheduledLibrary {
  readonly library: LibraryIR;
  readonly pipelines: readonly ScheduledPipeline[];
}
