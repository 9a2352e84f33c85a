/**
 * The stage tree (src/ir/tree.ts): the one closed set of container kinds drives children, containers and leaves,
 * and a stage count that is the same for the written IR and for the scheduler's lowered tree.
 */
import { stage } from '../src/index.js';
import { CONTAINER_KINDS, childrenOf, isContainer, isContainerKind, leavesOf, stageNamesOf } from '../src/ir/tree.js';

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
});
