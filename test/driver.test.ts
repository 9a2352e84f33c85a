/**
 * The pass driver (src/driver/driver.ts): the passes in order, findings end a build before anything is emitted,
 * and every place that shows a pipeline's stages (the pipeline var, its help, the README, jslc graph) shows the
 * stages the scheduler placed.
 */
import { PASSES, compileModel, defineLibrary, goPipeline, mermaidGraph, stage, synth, validate, ValidationError } from '../src/index.js';
import type { ScheduledStage, ScheduledTop } from '../src/index.js';

const go = { version: '1.26.8' };

function library(stages: Parameters<typeof goPipeline>[0]['stages']) {
  return defineLibrary({
    name: 'driver-test',
    pipelines: {
      svc: goPipeline({
        description: 'd',
        go,
        // The generated Dockerfile runs docker build: the agent declares a daemon (JSLC057).
        agent: { docker: { image: 'golang:1.26.8', dockerDaemon: true } },
        params: { image: { type: 'string', required: true } },
        stages,
      }),
    },
  });
}

const stages = [
  stage.checkout(),
  stage.modules(),
  stage.vet(),
  stage.test(),
  stage.build({ platforms: ['linux/amd64', 'linux/arm64'] }),
  stage.image({ repository: { kind: 'param', name: 'image' }, push: { credentialsId: 'registry' } }),
  stage.sign({ cosign: { keyCredentialsId: 'k', passwordCredentialsId: 'p' } }),
];

/** Stage names of a scheduled tree, depth first. */
function names(top: readonly ScheduledTop[]): string[] {
  const visit = (s: ScheduledStage): string[] => [
    s.name,
    ...(s.kind === 'parallel' ? s.branches.flatMap(visit) : s.kind === 'sequence' ? s.stages.flatMap(visit) : []),
  ];
  return top.flatMap((s) => (s.kind === 'chunk' ? s.stages.flatMap(visit) : visit(s)));
}

test('the passes are named in the order they run', () => {
  expect(PASSES).toEqual(['validate', 'schedule', 'emit', 'mark']);
});

test('an invalid model ends at validation with the same findings, and nothing is emitted', () => {
  const bad = library([stage.checkout(), stage.vet({ packages: [] })]);
  const result = compileModel(bad);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.diagnostics).toEqual(validate(bad));
  expect(result.diagnostics.map((d) => d.code)).toContain('JSLC005');
  expect(() => synth(bad)).toThrow(ValidationError);
});

test('synth gives exactly the files compileModel gives', () => {
  const lib = library(stages);
  const result = compileModel(lib, { source: 'x.ts' });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect([...synth(lib, { source: 'x.ts' })]).toEqual([...result.files]);
});

test('the pipeline var, its help, the README and the graph show the scheduled stages', () => {
  const lib = library(stages);
  const result = compileModel(lib);
  if (!result.ok) throw new Error('expected a valid model');
  const scheduled = result.scheduled.pipelines[0]!;
  const order = names(scheduled.stages);
  // Scheduled, not as written: the image build runs right after its binary's build, the push waits for everything.
  expect(order).toEqual([
    'Checkout',
    'Modules',
    'Vet + Test + Build + Image',
    'Vet',
    'Test',
    'Build linux/amd64 + Image',
    'Build linux/amd64',
    'Image',
    'Build linux/arm64',
    'Push',
    'Sign',
  ]);

  const groovy = result.files.get('vars/svc.groovy')!;
  const declared = [...groovy.matchAll(/stage\('([^']+)'\)/g)].map((m) => m[1]);
  expect(declared).toEqual(order);

  const listed = (text: string): string[] => [...text.matchAll(/^ {2,}- (.+)$/gm)].map((m) => m[1]!);
  expect(listed(result.files.get('vars/svc.txt')!)).toEqual(order);
  const readme = result.files.get('README.md')!;
  const section = readme.slice(readme.indexOf('### svc'), readme.indexOf('```mermaid'));
  expect(listed(section)).toEqual(order);

  // The graph in the README is the public mermaidGraph, and draws every leaf stage of the schedule.
  const graph = mermaidGraph(lib.pipelines[0]!);
  expect(readme).toContain(graph.trimEnd());
  const nodes = [...graph.matchAll(/\["([^"]+)"\]/g)].map((m) => m[1]);
  expect(nodes).toEqual(['Checkout', 'Modules', 'Vet', 'Test', 'Build linux/amd64', 'Image', 'Build linux/arm64', 'Push', 'Sign']);
});

test('a sign stage signs the push of the last image stage before it, resolved by the scheduler', () => {
  const result = compileModel(library(stages));
  if (!result.ok) throw new Error('expected a valid model');
  const sign = names(result.scheduled.pipelines[0]!.stages).indexOf('Sign');
  expect(sign).toBeGreaterThan(0);
  expect(result.files.get('vars/svc.groovy')).toMatch(/cosignSign\([^\n]*registryCredentialsId: 'registry'/);
});

test('a pipeline that only the schedule takes over 100 stages is chunked (the image pushes count)', () => {
  // 52 stages as written; each image stage splits into its build and its push when scheduled: over 100.
  const images = Array.from({ length: 49 }, (_, i) =>
    stage.image({ name: `Image ${i}`, repository: `registry.example.com/app${i}`, push: { credentialsId: 'registry' } }),
  );
  const lib = library([stage.checkout(), stage.modules(), stage.build(), ...images]);
  const result = compileModel(lib);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const p = result.scheduled.pipelines[0]!;
  expect(p.written.length).toBe(52);
  expect(p.stages.some((s) => s.kind === 'chunk')).toBe(true);
  expect(result.files.get('vars/svc.groovy')).toMatch(/svcStages\(0, cfg\)/);
  expect(result.files.has('vars/svcStages.groovy')).toBe(true);
});
