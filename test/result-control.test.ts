/**
 * Result control (issue 16, item 6): the DSL's `onFailure`, `retry: { times, delaySeconds, backoff }` and the test
 * stage's `coverage`, as IR, as generated Groovy (exactly what Jenkins' catchError, warnError, retry, sleep and
 * unstable steps accept), and as validation diagnostics. `jslc verify` of the executor's result-control library
 * has zero findings. The executor runs are in test/executor-result-control.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cmd, defineLibrary, goPipeline, stage, validate } from '../src/index.js';
import type { GoPipelineSpec, LibraryIR } from '../src/index.js';
import { synth } from '../src/driver/driver.js';
import { hasOwnSettings } from '../src/ir/tree.js';
import { retryDelays } from '../src/emit/pipeline/stage.js';
import { BUILD_VERIFIER_SCRIPT, javaHome } from '../src/verify/jvm.js';
import { onPath, whenTool } from './support/tools.js';

function lib(spec: Partial<GoPipelineSpec>): LibraryIR {
  return defineLibrary({ name: 'lib', pipelines: { app: goPipeline({ description: 'd', go: { version: '1.26.8' }, stages: [], ...spec }) } });
}

function groovy(spec: Partial<GoPipelineSpec>): string {
  return synth(lib(spec)).get('vars/app.groovy')!;
}

/** The lines of a stage's block in the generated pipeline, indentation removed. */
function stageLines(text: string, name: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `stage('${name}') {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const indent = lines[start]!.length - lines[start]!.trimStart().length;
  const end = lines.findIndex((l, i) => i > start && l.length - l.trimStart().length === indent && l.trim() === '}');
  return lines.slice(start + 1, end).map((l) => l.trim());
}

describe('DSL', () => {
  it('maps onFailure shorthands to catchError and warnError result pairs', () => {
    expect(stage.vet({ onFailure: 'unstable' }).onFailure).toEqual({ type: 'catchError', buildResult: 'UNSTABLE', stageResult: 'UNSTABLE' });
    expect(stage.vet({ onFailure: 'continue' }).onFailure).toEqual({ type: 'catchError', buildResult: 'SUCCESS', stageResult: 'FAILURE' });
    expect(stage.vet({ onFailure: { buildResult: 'FAILURE', stageResult: 'UNSTABLE' } }).onFailure).toEqual({
      type: 'catchError',
      buildResult: 'FAILURE',
      stageResult: 'UNSTABLE',
    });
    expect(stage.vet({ onFailure: { warn: 'lint' } }).onFailure).toEqual({ type: 'warnError', message: 'lint' });
    expect('onFailure' in stage.vet({ onFailure: 'fail' })).toBe(false);
  });

  it('keeps a plain retry a count and applies the defaults of a retry policy', () => {
    const plain = stage.test({ retry: { times: 2 } });
    expect(plain.retry).toBe(2);
    expect(plain.retryDelay).toBeUndefined();
    expect(stage.test({ retry: { times: 3, delaySeconds: 5 } })).toMatchObject({ retry: 3, retryDelay: { delaySeconds: 5, backoff: 1 } });
    expect(stage.test({ retry: { times: 3, backoff: 2 } })).toMatchObject({ retry: 3, retryDelay: { delaySeconds: 0, backoff: 2 } });
  });

  it('records the coverage threshold of the test stage', () => {
    expect(stage.test({ coverProfile: 'c.out', coverage: { minPercent: 80 } }).coverage).toEqual({ minPercent: 80 });
  });

  it('counts onFailure and retry waits as settings of the stage (never chunked or split)', () => {
    expect(hasOwnSettings(stage.vet({ onFailure: 'unstable' }))).toBe(true);
    expect(hasOwnSettings(stage.vet())).toBe(false);
  });
});

describe('emitted Groovy', () => {
  it('computes the waits before attempts 2..n from delay and backoff', () => {
    expect(retryDelays(4, { delaySeconds: 5, backoff: 2 })).toEqual([5, 10, 20]);
    expect(retryDelays(3, { delaySeconds: 3, backoff: 1.5 })).toEqual([3, 5]);
    expect(retryDelays(1, { delaySeconds: 5, backoff: 2 })).toEqual([]);
  });

  it('wraps the steps in catchError for onFailure unstable and continue', () => {
    const text = groovy({ stages: [stage.vet({ onFailure: 'unstable' }), stage.test({ onFailure: 'continue' })] });
    expect(stageLines(text, 'Vet')).toEqual([
      'steps {',
      "catchError(buildResult: 'UNSTABLE', stageResult: 'UNSTABLE') {",
      "goVet(packages: ['./...'], trimpath: true)",
      '}',
      '}',
    ]);
    expect(stageLines(text, 'Test').slice(0, 2)).toEqual(['steps {', "catchError(buildResult: 'SUCCESS', stageResult: 'FAILURE') {"]);
  });

  it('wraps the steps in warnError with the message as an escaped literal', () => {
    const text = groovy({ stages: [stage.vet({ onFailure: { warn: "lint's ${x} dirty" } })] });
    expect(stageLines(text, 'Vet')[1]).toBe("warnError('lint\\'s ${x} dirty') {");
  });

  it('keeps a plain retry a stage option, and moves it inside catchError with onFailure', () => {
    expect(stageLines(groovy({ stages: [stage.vet({ retry: 2 })] }), 'Vet').slice(0, 3)).toEqual(['options {', 'retry(2)', '}']);
    const lines = stageLines(groovy({ stages: [stage.vet({ retry: 2, onFailure: 'unstable' })] }), 'Vet');
    expect(lines.some((l) => l.startsWith('options'))).toBe(false);
    expect(lines.slice(0, 4)).toEqual([
      'steps {',
      "catchError(buildResult: 'UNSTABLE', stageResult: 'UNSTABLE') {",
      'retry(count: 2) {',
      "goVet(packages: ['./...'], trimpath: true)",
    ]);
  });

  it('retries with waits through the jslcRetry helper method, in a script block', () => {
    const text = groovy({ stages: [stage.run('Fetch', cmd('./fetch.sh'), { retry: { times: 3, delaySeconds: 10, backoff: 2 } })] });
    expect(stageLines(text, 'Fetch')).toEqual([
      'steps {',
      'script {',
      'jslcRetry(3, [10, 20]) {',
      "runCommand(command: './fetch.sh', args: [])",
      '}',
      '}',
      '}',
    ]);
    // The helper: a CPS method (no @NonCPS) around retry(count:), sleeping before every attempt but the first.
    expect(text).toContain(
      [
        'void jslcRetry(int count, List<Integer> delays, Closure body) {',
        '    int attempt = 0',
        '    retry(count: count) {',
        '        if (attempt > 0) {',
        "            sleep(time: delays[attempt - 1], unit: 'SECONDS')",
        '        }',
        '        attempt++',
        '        body()',
        '    }',
        '}',
      ].join('\n'),
    );
    expect(text).not.toContain('NonCPS');
    // Without waits, no helper.
    expect(groovy({ stages: [stage.vet({ retry: 2 })] })).not.toContain('jslcRetry');
  });

  it('passes the coverage minimum to goTest, which reads the profile and minimum from the environment', () => {
    const files = synth(lib({ stages: [stage.test({ coverProfile: 'c.out', coverage: { minPercent: 80 } })] }));
    expect(stageLines(files.get('vars/app.groovy')!, 'Test')).toContain(
      "goTest(race: true, packages: ['./...'], coverProfile: 'c.out', coverMode: 'atomic', coverMin: 80, trimpath: true)",
    );
    const goTest = files.get('vars/goTest.groovy')!;
    expect(goTest).toContain("withEnv(['JSLC_COVER_PROFILE=' + cfg.coverProfile, 'JSLC_COVER_MIN=' + cfg.coverMin]) {");
    expect(goTest).toContain("unstable('coverage ' + cover.substring(6) + '% is below the minimum of ' + cfg.coverMin + '%')");
    expect(goTest).toContain('total=$(go tool cover -func="$JSLC_COVER_PROFILE" |');
  });
});

describe('validation', () => {
  const codes = (spec: Partial<GoPipelineSpec>): string[] => validate(lib(spec)).map((d) => `${d.code} ${d.path}`);

  it('accepts the edges of every range', () => {
    expect(
      codes({
        stages: [
          stage.vet({ retry: { times: 1, delaySeconds: 0, backoff: 1 }, onFailure: { warn: 'w' } }),
          stage.test({ retry: { times: 2, delaySeconds: 3600, backoff: 10 }, coverProfile: 'c.out', coverage: { minPercent: 0 } }),
          stage.run('R', cmd('true'), { onFailure: { buildResult: 'SUCCESS', stageResult: 'FAILURE' } }),
          stage.test({ name: 'T2', coverProfile: 'd.out', coverage: { minPercent: 100 } }),
        ],
      }),
    ).toEqual([]);
  });

  it('reports times below 1, out-of-range waits and backoff, bad results and conflicts', () => {
    expect(codes({ stages: [stage.vet({ retry: { times: 0, delaySeconds: 1 } })] })).toEqual(['JSLC015 pipelines.app.stages[0].vet.retry']);
    expect(codes({ stages: [stage.vet({ retry: { times: 2, delaySeconds: 1.5 } })] })).toEqual(['JSLC042 pipelines.app.stages[0].vet.retry.delaySeconds']);
    expect(codes({ stages: [stage.vet({ retry: { times: 2, delaySeconds: 3601 } })] })).toEqual(['JSLC042 pipelines.app.stages[0].vet.retry.delaySeconds']);
    expect(codes({ stages: [stage.vet({ retry: { times: 2, backoff: 11 } })] })).toEqual(['JSLC043 pipelines.app.stages[0].vet.retry.backoff']);
    expect(codes({ stages: [stage.vet({ onFailure: { buildResult: 'ABORTED', stageResult: 'FAILURE' } as never })] })).toEqual([
      'JSLC044 pipelines.app.stages[0].vet.onFailure.buildResult',
    ]);
    expect(codes({ stages: [stage.vet({ onFailure: { warn: 'a\nb' } })] })).toEqual(['JSLC044 pipelines.app.stages[0].vet.onFailure.warn']);
    expect(codes({ stages: [stage.test({ coverProfile: 'c.out', coverage: { minPercent: 79.5 } })] })).toEqual([
      'JSLC045 pipelines.app.stages[0].test.coverage.minPercent',
    ]);
    expect(codes({ stages: [stage.sequence('S', [stage.vet()], { onFailure: 'unstable' } as never)] })).toEqual([
      'JSLC046 pipelines.app.stages[0].sequence.onFailure',
    ]);
    expect(codes({ stages: [stage.build({ platforms: ['linux/amd64', 'linux/arm64'], retry: 2, onFailure: 'unstable' })] })).toEqual([
      'JSLC046 pipelines.app.stages[0].build.onFailure',
    ]);
  });
});

const verifier = javaHome() && onPath('mvn') ? true : undefined;
const itVerify = whenTool('Java 17 and Maven (jslc verify)', verifier);

itVerify(
  'jslc verify: the executor result-control library passes all six checks with zero findings',
  () => {
    execFileSync('bash', [BUILD_VERIFIER_SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
    const out = mkdtempSync(join(tmpdir(), 'jslc-verify-results-'));
    try {
      execFileSync(process.execPath, ['bin/jslc.js', 'build', 'fixtures/executor/result-control/library.ts', '--out', out], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const r = spawnSync(process.execPath, ['bin/jslc.js', 'verify', out], { encoding: 'utf8', env: { ...process.env, CI: '' } });
      expect(r.stdout).toMatch(/: \d+ files, groovy, cps, codenarc, declarative, sandbox, secrets: 0 finding\(s\) in [\d.]+ s\n$/);
      expect(r.status).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
  900_000,
);
