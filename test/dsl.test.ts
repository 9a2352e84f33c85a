import { cmd, credentials, custom, defineLibrary, goPipeline, param, stage, step, tag, when } from '../src/index.js';

describe('builders produce plain, serializable IR with every default applied', () => {
  test('goPipeline defaults', () => {
    const p = goPipeline({ description: 'd', go: { version: '1.26.8' }, stages: [] });
    expect(p.agent).toEqual({ type: 'any' });
    expect(p.go).toEqual({
      version: '1.26.8',
      toolchain: 'pin',
      proxy: ['https://proxy.golang.org', 'direct'],
      private: [],
      flags: ['-mod=readonly'],
      modules: 'on',
      cache: { root: '/var/tmp/jslc-cache', volume: 'jslc-go-cache' },
    });
    expect(p.options).toEqual({
      timeout: { time: 60, unit: 'MINUTES' },
      timestamps: true,
      buildDiscarder: { numToKeep: 20 },
      disableConcurrentBuilds: { abortPrevious: false },
      skipDefaultCheckout: true,
      parallelsAlwaysFailFast: false,
      skipStagesAfterUnstable: false,
      newContainerPerStage: false,
    });
    expect(p.triggers).toEqual({});
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  test('stage defaults', () => {
    expect(stage.checkout()).toMatchObject({ kind: 'checkout', name: 'Checkout', source: { type: 'scm' }, fetchTags: true });
    expect(stage.modules()).toMatchObject({ kind: 'modules', verify: true, tidyCheck: false, forbidLocalReplace: true });
    expect(stage.vet()).toMatchObject({ kind: 'vet', packages: ['./...'], linters: [] });
    expect(stage.test({ coverProfile: 'c.out', junit: true })).toMatchObject({ race: true, coverMode: 'atomic', junit: 'report.xml' });
    expect(stage.test({ race: false, coverProfile: 'c.out' })).toMatchObject({ coverMode: 'set' });
    expect(stage.build()).toMatchObject({ static: true, trimpath: true, ldflags: ['-s', '-w'], platforms: ['linux/amd64'], output: 'bin/app', package: '.' });
    expect(stage.image({ repository: 'r/a' })).toMatchObject({
      tags: [{ type: 'gitDescribe' }],
      builder: { type: 'generated', base: 'scratch', binary: 'bin/app-linux-amd64', expose: [] },
      ociLabels: true,
      digestFile: 'image-digest.txt',
    });
    // The daemonless form: nonroot 65532, /app, scratch; the platforms are filled in by goPipeline from its builds.
    expect(stage.image({ repository: 'r/a', oci: { binary: 'bin/app' } }).builder).toEqual({
      type: 'oci',
      binary: 'bin/app',
      platforms: [],
      base: 'scratch',
      user: '65532',
      entrypoint: '/app',
      expose: [],
      files: [],
      tzdata: false,
    });
    const filled = goPipeline({
      description: 'd',
      go: { version: '1.27.4' },
      stages: [
        stage.build({ platforms: ['linux/amd64', 'windows/amd64', 'linux/arm64'] }),
        stage.image({ repository: 'r/a', oci: { binary: 'bin/app' }, push: { credentialsId: 'c' } }),
      ],
    }).stages[1];
    expect(filled?.kind === 'image' && filled.builder.type === 'oci' ? filled.builder.platforms : undefined).toEqual(['linux/amd64', 'linux/arm64']);
    expect(stage.sign({ cosign: { keyCredentialsId: 'k', passwordCredentialsId: 'p' } })).toMatchObject({ verify: true, transparencyLog: true });
    expect(stage.parallel('P', [])).toMatchObject({ kind: 'parallel', failFast: true, branches: [] });
  });

  test('values: param refs, custom, credentials, tags, when, steps, commands', () => {
    expect(param('image')).toEqual({ kind: 'param', name: 'image' });
    expect(custom('plan9/amd64')).toEqual({ kind: 'custom', value: 'plan9/amd64' });
    expect(credentials('id')).toEqual({ credentials: 'id' });
    expect(tag.literal(param('t'))).toEqual({ type: 'literal', value: { kind: 'param', name: 't' } });
    expect(when.allOf(when.branch('main'), when.not(when.changeRequest()))).toEqual({
      type: 'allOf',
      conditions: [
        { type: 'branch', pattern: 'main' },
        { type: 'not', condition: { type: 'changeRequest', filters: {} } },
      ],
    });
    expect(step.archive('bin/**')).toMatchObject({ kind: 'archive', artifacts: ['bin/**'], fingerprint: true });
    expect(cmd('x', ['a'], { env: { B: '1', A: '2' } })).toEqual({
      command: 'x',
      args: ['a'],
      env: [
        { name: 'A', value: '2' },
        { name: 'B', value: '1' },
      ],
    });
  });

  test('defineLibrary names each pipeline after its key, in name order', () => {
    const p = goPipeline({ description: 'd', go: { version: '1.26.8' }, stages: [] });
    const lib = defineLibrary({ name: 'l', pipelines: { zeta: p, alpha: p } });
    expect(lib.pipelines.map((x) => x.name)).toEqual(['alpha', 'zeta']);
  });

  test('builders record where in the user source they were called', () => {
    const s = stage.vet();
    expect(s.loc?.file).toMatch(/test[/\\]dsl\.test\.ts$/);
    expect(s.loc?.line).toBeGreaterThan(1);
  });
});
