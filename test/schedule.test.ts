/**
 * The scheduler: stages start as soon as their dependencies allow, in a shape Declarative can express, and never
 * before a stage they depend on. Example shapes, the rules one by one, and a property over random pipelines.
 */
import fc from 'fast-check';
import { cmd, goPipeline, stage, when } from '../src/index.js';
import type { PipelineIR, StageIR } from '../src/ir/types.js';
import { dependsOn } from '../src/schedule/deps.js';
import { LARGE_PIPELINE_STAGES } from '../src/ir/size.js';
import { MAX_BRANCHES, scheduledStages } from '../src/schedule/schedule.js';
import { toUnits } from '../src/schedule/units.js';

const pipeline = (stages: StageIR[], schedule?: 'auto' | 'as-written'): PipelineIR =>
  goPipeline({ description: 'd', go: { version: '1.26.8' }, stages, ...(schedule ? { schedule } : {}) });

/** The shape of a stage list: names, `[a | b]` for parallel, `(a > b)` for sequences. */
function shape(stages: readonly StageIR[]): string {
  const one = (s: StageIR): string =>
    s.kind === 'parallel' ? `${s.name}[${s.branches.map(one).join(' | ')}]` : s.kind === 'sequence' ? `(${s.stages.map(one).join(' > ')})` : s.name;
  return stages.map(one).join(' ; ');
}

const image = (o: { push?: boolean; binary?: string; dockerfile?: string } = {}): StageIR =>
  stage.image({
    repository: 'registry.example.com/app',
    dockerfile: o.dockerfile ? { path: o.dockerfile } : { binary: o.binary ?? 'bin/app-linux-amd64' },
    ...(o.push === false ? {} : { push: { credentialsId: 'registry' } }),
  });
const sign = (): StageIR => stage.sign({ cosign: { keyCredentialsId: 'k', passwordCredentialsId: 'p' } });
const build = (): StageIR => stage.build({ platforms: ['linux/amd64', 'linux/arm64'], output: 'bin/app' });

describe('schedule', () => {
  test('the seed pipeline: quality, builds and the image build side by side; push and signing after every check', () => {
    const stages = [stage.checkout(), stage.modules(), stage.parallel('Quality', [stage.vet(), stage.test()]), build(), image(), sign()];
    expect(shape(scheduledStages(pipeline(stages)))).toBe(
      'Checkout ; Modules ; Quality + Build + Image[Vet | Test | (Build linux/amd64 > Image) | Build linux/arm64] ; Push ; Sign',
    );
    const quality = scheduledStages(pipeline(stages))[2]!;
    expect(quality).toMatchObject({ kind: 'parallel', failFast: true });
  });

  test("'as-written' keeps the stages exactly", () => {
    const p = pipeline([stage.checkout(), stage.modules(), stage.vet(), stage.test(), build(), image(), sign()], 'as-written');
    expect(scheduledStages(p)).toBe(p.stages);
  });

  test('sequential vet and test written one after the other run side by side', () => {
    const stages = [stage.checkout(), stage.modules(), stage.vet(), stage.test(), stage.build({ platforms: ['linux/amd64'] })];
    expect(shape(scheduledStages(pipeline(stages)))).toBe('Checkout ; Modules ; Vet + Test + Build[Vet | Test | Build]');
  });

  test('commands, archives and checkouts are barriers; a later vet does not move before a command', () => {
    const stages = [
      stage.checkout(),
      stage.vet(),
      stage.run('Generate', cmd('go', ['generate', './...'])),
      stage.test(),
      stage.archive({ artifacts: ['x'] }),
      stage.vet({ name: 'Vet again' }),
    ];
    expect(shape(scheduledStages(pipeline(stages)))).toBe('Checkout ; Vet ; Generate ; Test ; Archive ; Vet again');
  });

  test('an image around an existing Dockerfile waits for everything before it, and is not split', () => {
    const stages = [stage.checkout(), stage.vet(), build(), image({ dockerfile: 'Dockerfile' })];
    expect(shape(scheduledStages(pipeline(stages)))).toBe('Checkout ; Vet + Build[Vet | Build linux/amd64 | Build linux/arm64] ; Image');
  });

  test('an image that is not pushed is only built, beside the other checks, after its binary', () => {
    const stages = [stage.checkout(), build(), stage.test(), image({ push: false, binary: 'bin/app-linux-arm64' })];
    expect(shape(scheduledStages(pipeline(stages)))).toBe('Checkout ; Build + Test + Image[Build linux/amd64 | (Build linux/arm64 > Image) | Test]');
  });

  test('user groups with settings of their own stay whole and never end up inside another parallel group', () => {
    const group = stage.parallel('Checks', [stage.vet(), stage.test()], { when: when.branch('main') });
    const stages = [stage.checkout(), stage.build({ platforms: ['linux/amd64'] }), group, stage.vet({ name: 'Lint' })];
    const out = scheduledStages(pipeline(stages));
    expect(shape(out)).toBe('Checkout ; Build ; Checks[Vet | Test] ; Lint');
    expect(out[2]).toBe(group);
  });

  test('branches of a user group stay side by side even when one is a command', () => {
    const stages = [stage.checkout(), stage.parallel('Checks', [stage.vet(), stage.run('Lint', cmd('golangci-lint', ['run']))])];
    expect(shape(scheduledStages(pipeline(stages)))).toBe('Checkout ; Checks[Vet | Lint]');
  });

  test('the builds of several platforms are never put one after another in a branch', () => {
    const stages = [stage.checkout(), stage.parallel('Checks', [stage.vet(), stage.run('Generate', cmd('go', ['generate', './...']))]), build(), image()];
    expect(shape(scheduledStages(pipeline(stages)))).toBe(
      'Checkout ; Checks[Vet | Generate] ; Build + Image[(Build linux/amd64 > Image) | Build linux/arm64] ; Push',
    );
    const single = [
      stage.checkout(),
      stage.parallel('Checks', [stage.vet(), stage.run('Generate', cmd('go', ['generate', './...']))]),
      stage.build({ platforms: ['linux/amd64'] }),
    ];
    expect(shape(scheduledStages(pipeline(single)))).toBe('Checkout ; Checks + Build[Vet | (Generate > Build)]');
  });

  test('groups the scheduler forms hold at most MAX_BRANCHES branches; large pipelines run as written', () => {
    const vets = (n: number): StageIR[] => Array.from({ length: n }, (_, i) => stage.vet({ name: `Vet ${i}` }));
    const wide = scheduledStages(pipeline([stage.checkout(), ...vets(MAX_BRANCHES + 8)]));
    expect(wide.map((s) => (s.kind === 'parallel' ? s.branches.length : 1))).toEqual([1, MAX_BRANCHES, 8]);
    const large = pipeline([stage.checkout(), ...vets(LARGE_PIPELINE_STAGES)]);
    expect(scheduledStages(large)).toBe(large.stages);
  });

  test('generated group names never collide with stage names', () => {
    const stages = [stage.checkout(), stage.vet({ name: 'Vet + Test' }), stage.test()];
    expect(shape(scheduledStages(pipeline(stages)))).toBe('Checkout ; Vet + Test + Test[Vet + Test | Test]');
    const clash = [stage.checkout(), stage.parallel('Q', [stage.vet(), stage.test()]), stage.run('Q + Build', cmd('true', [])), build()];
    expect(shape(scheduledStages(pipeline(clash)))).toBe('Checkout ; Q[Vet | Test] ; Q + Build ; Build[Build linux/amd64 | Build linux/arm64]');
  });
});

// ------------------------------------------------------------------ property

const kinds = ['checkout', 'modules', 'vet', 'test', 'build1', 'build2', 'image', 'imageNoPush', 'sign', 'run', 'archive', 'group'] as const;
type Kind = (typeof kinds)[number];

function makeStage(kind: Kind, i: number): StageIR {
  const name = `S${i}`;
  const platforms = ['linux/amd64', 'linux/arm64'] as const;
  switch (kind) {
    case 'checkout':
      return stage.checkout({ name });
    case 'modules':
      return stage.modules({ name });
    case 'vet':
      return stage.vet({ name });
    case 'test':
      return stage.test({ name });
    case 'build1':
      return stage.build({ name, platforms: [platforms[i % 2]!], output: `bin/b${i % 3}` });
    case 'build2':
      return stage.build({ name, platforms: [...platforms], output: `bin/b${i % 3}` });
    case 'image':
    case 'imageNoPush':
      return stage.image({
        name,
        repository: 'r.example.com/a',
        dockerfile: { binary: `bin/b${i % 3}-${platforms[i % 2]}` },
        ...(kind === 'image' ? { push: { credentialsId: 'c' } } : {}),
      });
    case 'sign':
      return stage.sign({ name, cosign: { keyCredentialsId: 'k', passwordCredentialsId: 'p' } });
    case 'run':
      return stage.run(name, cmd('true', []));
    case 'archive':
      return stage.archive({ name, artifacts: ['x'] });
    case 'group':
      return stage.parallel(name, [stage.vet({ name: `${name}a` }), stage.test({ name: `${name}b` })]);
  }
}

/** Position of every leaf: its top-level slot, its branch there, and its place in that branch. */
function positions(stages: readonly StageIR[]): Map<string, { slot: number; lane: number; step: number }> {
  const pos = new Map<string, { slot: number; lane: number; step: number }>();
  const leaf = (s: StageIR, slot: number, lane: number, step: number): void => {
    if (s.kind === 'sequence') s.stages.forEach((x, k) => leaf(x, slot, lane, k));
    else if (s.kind === 'parallel') throw new Error(`parallel ${s.name} inside a parallel branch`);
    else pos.set(s.name, { slot, lane, step });
  };
  stages.forEach((s, slot) => {
    if (s.kind === 'parallel') s.branches.forEach((b, lane) => leaf(b, slot, lane, 0));
    else if (s.kind === 'sequence') s.stages.forEach((x, k) => leaf(x, slot, 0, k));
    else leaf(s, slot, 0, 0);
  });
  return pos;
}

function unitLeaves(s: StageIR): string[] {
  if (s.kind === 'parallel') return s.branches.flatMap(unitLeaves);
  if (s.kind === 'sequence') return s.stages.flatMap(unitLeaves);
  return [s.name];
}

test('property: every stage runs once, after every stage it depends on, and no parallel group is nested', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 14 }), (ks) => {
      const stages = ks.map(makeStage);
      const p = pipeline(stages);
      const out = scheduledStages(p);
      const pos = positions(out);
      const units = toUnits(p.stages);
      const leaves = units.flatMap((u) => unitLeaves(u.stage));
      expect([...pos.keys()].sort()).toEqual([...leaves].sort());
      units.forEach((u, i) => {
        for (const e of units.slice(0, i)) {
          if (!dependsOn(u, e)) continue;
          for (const a of unitLeaves(e.stage)) {
            for (const b of unitLeaves(u.stage)) {
              const pa = pos.get(a)!;
              const pb = pos.get(b)!;
              const before = pa.slot < pb.slot || (pa.slot === pb.slot && pa.lane === pb.lane && pa.step < pb.step);
              if (!before) throw new Error(`${b} (${shape(out)}) may start before ${a}, which it depends on`);
            }
          }
        }
      });
    }),
    { numRuns: 500, seed: 20261126 },
  );
});
