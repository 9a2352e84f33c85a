import type { LeafStageIR, StageCommon, StageIR } from './types.js';

/**
 * The stage tree, for every pass: the one place that knows which stages hold other stages. A pass that walks
 * stages uses these instead of a walk of its own, so a new container kind (a matrix) is taught here once.
 */

/**
 * What the tree functions need of a stage: its kind and, for containers, its children. The IR's stages and the
 * scheduler's lowered stages (`schedule/types.ts`) both have this shape.
 */
export interface StageNode {
  readonly kind: string;
  readonly name: string;
  readonly branches?: readonly StageNode[];
  readonly stages?: readonly StageNode[];
}

/** The stages that hold other stages instead of running steps. */
type ContainerStageIR = Exclude<StageIR, LeafStageIR>;

/** The fields of `StageNode` that hold a container's children. */
type ChildrenField = 'branches' | 'stages';

/**
 * The closed set of container kinds, each with the field that holds its children: the one place that lists them
 * (`CONTAINER_KINDS`, `isContainer` and `childrenOf` read it). It maps every container kind of `StageIR`, so a new
 * one (a matrix) does not compile without its entry here.
 */
const CHILDREN_FIELD: { readonly [K in ContainerStageIR['kind']]: Extract<keyof Extract<ContainerStageIR, { readonly kind: K }>, ChildrenField> } = {
  parallel: 'branches',
  sequence: 'stages',
};

/** A kind of stage that holds other stages. */
export type ContainerKind = keyof typeof CHILDREN_FIELD;

/** The kinds of stage that hold other stages instead of running steps. */
export const CONTAINER_KINDS: readonly ContainerKind[] = Object.keys(CHILDREN_FIELD) as ContainerKind[];

/** Whether a stage kind is one that holds other stages. */
export function isContainerKind(kind: string): kind is ContainerKind {
  return (CONTAINER_KINDS as readonly string[]).includes(kind);
}

/** The stages directly inside a stage: a parallel group's branches, a sequence's stages, none for a leaf. */
export function childrenOf<S extends StageNode>(s: S): readonly S[] {
  if (!isContainerKind(s.kind)) return [];
  return (s[CHILDREN_FIELD[s.kind]] ?? []) as readonly S[];
}

/** Whether a stage holds other stages (a parallel group or a sequence). */
export function isContainer(s: StageNode): boolean {
  return isContainerKind(s.kind);
}

/** Whether a stage runs steps (a leaf of the tree, with an entry in the stage catalogue). */
export function isLeaf(s: StageIR): s is LeafStageIR {
  return !isContainer(s);
}

/** The stages that run steps, in the order written (depth first). */
export function leavesOf(stages: readonly StageIR[]): LeafStageIR[] {
  const out: LeafStageIR[] = [];
  const visit = (s: StageIR): void => {
    if (isLeaf(s)) out.push(s);
    else childrenOf<StageIR>(s).forEach(visit);
  };
  stages.forEach(visit);
  return out;
}

/** Every stage name of a subtree, containers first. */
export function stageNamesOf(s: StageNode): string[] {
  return [s.name, ...childrenOf(s).flatMap(stageNamesOf)];
}

/**
 * Stages Declarative will show, counting each platform of a multi-platform build (one stage per platform). The
 * same count for the IR and for the scheduled tree, where such a build is a parallel group of one stage per platform.
 */
export function countStages(stages: readonly StageNode[]): number {
  let n = 0;
  for (const s of stages) {
    n += 1 + countStages(childrenOf(s));
    if (isBuildNode(s) && s.platforms.length > 1) n += s.platforms.length;
  }
  return n;
}

/** A build stage as the tree sees it: the IR's builds and the scheduler's both carry their platforms. */
interface BuildNode extends StageNode {
  readonly kind: 'build';
  readonly platforms: readonly unknown[];
}

/** Whether a stage is a build with its list of platforms. */
function isBuildNode(s: StageNode): s is BuildNode {
  return s.kind === 'build' && 'platforms' in s && Array.isArray(s.platforms);
}

/**
 * A stage has settings of its own (when, agent, timeout, retry, onFailure, post): it cannot be moved into a helper method
 * (chunking) or opened up into parts (scheduling) without changing what those settings apply to.
 */
export function hasOwnSettings(s: StageCommon): boolean {
  return (
    s.when !== undefined ||
    s.agent !== undefined ||
    s.timeout !== undefined ||
    s.retry !== undefined ||
    s.retryDelay !== undefined ||
    s.onFailure !== undefined ||
    s.post !== undefined
  );
}
