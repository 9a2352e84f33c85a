/**
 * The stage tree (src/ir/tree.ts): the one closed set of container kinds drives children, containers and leaves,
 * and a stage count that is the same for the written IR and for the scheduler's lowered tree.
 */
import { stage } from '../src/index.js';
import type { StageIR } from '../src/ir/types.js';
import { CONTAINER_KINDS, childrenOf, countStages, isContainer, isContainerKind, leavesOf, stageNamesOf } from '../src/ir/tree.js';
import { lowerStages } from '../src/schedule/lower.js';

const build3 = (): StageIR => stage.build({ platforms: ['linux/amd64', 'linux/arm64', 'darwin/arm64'], output: 'bin/app' });

describe('stage tree', () => {
  test('the container kinds are parallel and sequence, and only they have children', () => {
    expect(CONTAINER_KINDS).toEqual(['parallel', 'sequence']);
    const vet = stage.vet();
    const test = stage.test();
    const group = stage.parallel('Quality', [vet, test]);
    const seq = stage.sequence('Steps', [group, stage.modules()]);
    expect(childrenOf(group)).toEqual([vet, test]);
    expect(childrenOf(seq).map((s) => s.name)).toEqual(['Quality', 'Modules']);
    expect(childrenOf(vet)).toEqual([]);
    expect([group, seq, vet].map(isContainer)).toEqual([true, true, false]);
    expect(['parallel', 'sequence', 'build', 'chunk', 'branches'].map(isContainerKind)).toEqual([true, true, false, false, false]);
    expect(leavesOf([seq]).map((s) => s.kind)).toEqual(['vet', 'test', 'modules']);
    expect(stageNamesOf(seq)).toEqual(['Steps', 'Quality', 'Vet', 'Test', 'Modules']);
  });

  test('a kind outside the closed set has no children, even with a stages field (a scheduler chunk)', () => {
    expect(childrenOf({ kind: 'chunk', name: 'A … B', stages: [{ kind: 'vet', name: 'Vet' }] })).toEqual([]);
  });

  test('countStages counts each platform of a multi-platform build, the same on the IR and on the lowered tree', () => {
    const written = [stage.checkout(), build3(), stage.parallel('Quality', [stage.vet(), stage.test()])];
    // checkout 1; build 1 + 3 platforms; group 1 + 2 branches.
    expect(countStages(written)).toBe(8);
    const lowered = lowerStages(written);
    expect(lowered[1]).toMatchObject({ kind: 'parallel', fannedOutBuild: true });
    expect(countStages(lowered)).toBe(8);
    // A one-platform build is one stage; a build node without a platforms list counts once (the guard checks for the list).
    expect(countStages([stage.build({ platforms: ['linux/amd64'] })])).toBe(1);
    expect(countStages([{ kind: 'build', name: 'Build' }])).toBe(1);
  });
});
