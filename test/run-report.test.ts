/**
 * `jslc run`'s report: stage statuses and durations read from recorded executor logs (fixtures/run-logs/) and from a
 * log in Jenkins' shape, the progress lines as the log arrives (no `▶` for a skipped stage), the stage status file,
 * the summary table, the findings (the unpullable agent image names `--agent-image`) and the `--json` envelope.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEnvelope, runFindings, type RunEnvelope, stageEndLine, stageStartLine, summaryTable, treeOrder, unpullableImages } from '../src/cli/run-report.js';
import { mergeStageFile, parseStageFile, StageTracker, stageRecordsOfLog } from '../src/runner/stages.js';
import type { BuildResult, StageRecord } from '../src/runner/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A recorded log's lines; line i arrived at i * 10 ms. */
function fixture(name: string): { lines: string[]; times: number[]; log: string } {
  const log = readFileSync(join(ROOT, 'fixtures', 'run-logs', `${name}.log`), 'utf8');
  const lines = log.trimEnd().split('\n');
  return { lines, times: lines.map((_, i) => i * 10), log };
}

function statuses(records: readonly StageRecord[]): string[] {
  return records.map((r) => `${[...r.parents, r.name].join(' / ')}: ${r.status}`);
}

/** The progress lines `jslc run` prints while the log arrives. */
function progress(name: string): string[] {
  const { lines, times } = fixture(name);
  const out: string[] = [];
  const t = new StageTracker({ onStart: (e) => out.push(stageStartLine(e)), onEnd: (r) => out.push(stageEndLine(r)) });
  lines.forEach((l, i) => t.line(l, times[i]!));
  return out;
}

describe('stage statuses from the executor log', () => {
  test('a when-skipped stage, a parallel stage, a failing nested stage, stages skipped after the failure', () => {
    const { lines, times } = fixture('executor-when-failure-skip');
    const { records, errors } = stageRecordsOfLog(lines, times, 'FAILURE');
    expect(statuses(records)).toEqual([
      'Build: success',
      'Docs: skipped-by-when',
      'Checks: success',
      'Checks / Vet: success',
      'Checks / Lint: skipped-by-when',
      'Test: failed',
      'Test / Unit: failed',
      'Test / Integration: skipped-after-failure',
      'Deploy: skipped-after-failure',
      'Declarative: Post Actions: success',
    ]);
    // Build opens on line 7 and closes on line 11 (0-based 6 and 10).
    expect(records[0]).toEqual({ name: 'Build', parents: [], startMs: 60, durationMs: 40, status: 'success' });
    expect(errors).toEqual(['script returned exit code 3']);
  });

  test('progress: a start line only for stages that run, an end line with duration and status for each', () => {
    expect(progress('executor-when-failure-skip')).toEqual([
      'jslc run: ▶ Build (+0.1 s)',
      'jslc run: ✔ Build 0.0 s',
      'jslc run: - Docs skipped (when)',
      'jslc run: ▶ Checks (+0.2 s)',
      'jslc run: ▶ Vet (+0.2 s)',
      'jslc run: ✔ Vet 0.0 s',
      'jslc run: - Lint skipped (when)',
      'jslc run: ✔ Checks 0.2 s',
      'jslc run: ▶ Test (+0.4 s)',
      'jslc run: ▶ Unit (+0.4 s)',
      'jslc run: ✘ Unit 0.1 s (failed)',
      'jslc run: - Integration skipped (earlier failure)',
      'jslc run: ✘ Test 0.2 s (failed)',
      'jslc run: - Deploy skipped (earlier failure)',
      'jslc run: ▶ Declarative: Post Actions (+0.6 s)',
      'jslc run: ✔ Declarative: Post Actions 0.0 s',
    ]);
  });

  test('unstable step, catchError, a failFast parallel', () => {
    const { lines, times } = fixture('executor-unstable-catcherror-failfast');
    const { records, errors } = stageRecordsOfLog(lines, times, 'FAILURE');
    expect(statuses(records)).toEqual(['Warn: unstable', 'Caught: failed', 'Race: failed', 'Race / Fails: failed']);
    expect(errors).toEqual(['script returned exit code 4', 'fails here']);
  });

  test('a stage stopped by its timeout is aborted; the next is skipped after the failure', () => {
    const { lines, times } = fixture('executor-timeout');
    expect(statuses(stageRecordsOfLog(lines, times, 'ABORTED').records)).toEqual(['Quick: success', 'Hang: aborted', 'After: skipped-after-failure']);
    expect(progress('executor-timeout')).toContain('jslc run: ✘ Hang 0.1 s (aborted)');
  });

  test('a stage still open when the log ends is aborted in an aborted build, failed in a failed one', () => {
    const lines = ['[Pipeline] stage', '[Pipeline] { (Long)', '[Pipeline] sh', '+ sleep 100'];
    const times = [0, 5, 6, 1000];
    for (const [result, status] of [
      ['ABORTED', 'aborted'],
      ['FAILURE', 'failed'],
    ] as const) {
      expect(stageRecordsOfLog(lines, times, result).records).toEqual([{ name: 'Long', parents: [], startMs: 5, durationMs: 995, status }]);
    }
  });

  test('output lines in brackets are no branch prefix; a failFast sibling is aborted', () => {
    const lines = [
      '[Pipeline] { (Par)',
      '[Pipeline] parallel',
      '[Pipeline] { (Branch: A)',
      '[Pipeline] { (Branch: B)',
      '[A] [Pipeline] { (A)',
      '[B] [Pipeline] { (B)',
      '[A] [INFO] building',
      '[A] ERROR: boom',
      '[A] [Pipeline] // stage',
      '[B] ERROR: Failed in branch A',
      '[B] [Pipeline] // stage',
      '[Pipeline] // parallel',
      'ERROR: boom',
      '[Pipeline] // stage',
    ];
    const { records, errors } = stageRecordsOfLog(
      lines,
      lines.map((_, i) => i),
      'FAILURE',
    );
    expect(statuses(records)).toEqual(['Par: failed', 'Par / A: failed', 'Par / B: aborted']);
    expect(errors).toEqual(['boom', 'Failed in branch A']);
  });
});

test('without an ERROR line, the errors are the uncaught exceptions the log shows', () => {
  const lines = [
    '[Pipeline] }',
    '[Pipeline] // node',
    'groovy.lang.MissingMethodException: No signature of method: Directive.steps() is applicable for argument types: (CpsClosure)',
    'Possible solutions: grep(), sleep(long)',
    '\tat org.codehaus.groovy.runtime.ScriptBytecodeAdapter.unwrap(ScriptBytecodeAdapter.java:71)',
    '[Pipeline] End of Pipeline',
    'Finished: FAILURE',
  ];
  expect(
    stageRecordsOfLog(
      lines,
      lines.map((_, i) => i),
      'FAILURE',
    ),
  ).toEqual({
    records: [],
    errors: ['groovy.lang.MissingMethodException: No signature of method: Directive.steps() is applicable for argument types: (CpsClosure)'],
  });
});

describe('stage statuses from a log in Jenkins’ shape', () => {
  test('the error printed at the end is blamed on the last stage that ran before the skipped ones, and its parents', () => {
    const { lines, times } = fixture('jenkins-failure-at-end');
    const { records, errors } = stageRecordsOfLog(lines, times, 'FAILURE');
    expect(statuses(records)).toEqual([
      'Build: success',
      'Docs: skipped-by-when',
      'Test: failed',
      'Test / Unit: failed',
      'Test / Integration: skipped-after-failure',
      'Deploy: skipped-after-failure',
      'Declarative: Post Actions: success',
    ]);
    expect(errors).toEqual(['script returned exit code 3']);
  });

  test('parallel branches: unprefixed [Pipeline] lines, errors and skip messages found by the branch name', () => {
    const lines = [
      '[Pipeline] stage',
      '[Pipeline] { (Checks)',
      '[Pipeline] parallel',
      '[Pipeline] { (Branch: Vet)',
      '[Pipeline] { (Branch: Lint)',
      '[Pipeline] stage',
      '[Pipeline] { (Vet)',
      '[Pipeline] stage',
      '[Pipeline] { (Lint)',
      '[Lint] Stage "Lint" skipped due to when conditional',
      '[Pipeline] }',
      '[Pipeline] // stage',
      '[Pipeline] }',
      '[Pipeline] catchError',
      '[Pipeline] {',
      '[Pipeline] sh',
      '[Vet] + go vet ./...',
      '[Vet] ERROR: script returned exit code 1',
      '[Pipeline] }',
      '[Pipeline] // catchError',
      '[Pipeline] }',
      '[Pipeline] // stage',
      '[Pipeline] }',
      '[Pipeline] // parallel',
      '[Pipeline] }',
      '[Pipeline] // stage',
    ];
    const { records } = stageRecordsOfLog(
      lines,
      lines.map((_, i) => i),
      'FAILURE',
    );
    expect(statuses(records)).toEqual(['Checks: failed', 'Checks / Vet: failed', 'Checks / Lint: skipped-by-when']);
  });

  test('a stage whose agent started before its when condition was evaluated is still skipped by when', () => {
    const lines = [
      '[Pipeline] { (Deploy)',
      '[Pipeline] node',
      'Running on agent-1',
      '[Pipeline] // node',
      'Stage "Deploy" skipped due to when conditional',
      '[Pipeline] // stage',
    ];
    const out: string[] = [];
    const t = new StageTracker({ onEnd: (r) => out.push(stageEndLine(r)) });
    lines.forEach((l, i) => t.line(l, i));
    expect(out).toEqual(['jslc run: - Deploy skipped (when)']);
    expect(t.finish('SUCCESS').map((r) => r.status)).toEqual(['skipped-by-when']);
  });
});

describe('the stage status file (JSLC_STAGES_FILE)', () => {
  const log: StageRecord[] = [
    { name: 'Build', parents: [], startMs: 0, durationMs: 10, status: 'success' },
    { name: 'Unit', parents: ['Test'], startMs: 10, durationMs: 5, status: 'failed' },
  ];

  test('its statuses win over the log’s, matched by name and parents; unknown stages are added without timing', () => {
    const entries = parseStageFile(
      [
        '{"name":"Unit","parents":["Test","Unit"],"status":"unstable"}',
        'not json',
        '{"name":"Build","parents":[],"status":"bogus"}',
        '{"name":"Extra","parents":[],"status":"success"}',
        '{"name":"Cut',
        '',
      ].join('\n'),
    );
    expect(entries).toEqual([
      { name: 'Unit', parents: ['Test', 'Unit'], status: 'unstable' },
      { name: 'Extra', parents: [], status: 'success' },
    ]);
    expect(mergeStageFile(log, entries)).toEqual([
      log[0],
      { name: 'Unit', parents: ['Test'], startMs: 10, durationMs: 5, status: 'unstable' },
      { name: 'Extra', parents: [], startMs: 0, durationMs: 0, status: 'success' },
    ]);
  });
});

describe('the report', () => {
  const { lines, times, log } = fixture('executor-when-failure-skip');
  const { records, errors } = stageRecordsOfLog(lines, times, 'FAILURE');

  test('the summary table: every stage, nested ones indented, skipped ones without a duration', () => {
    expect(summaryTable(records)).toEqual([
      'jslc run: stages',
      '  STAGE                      STATUS                 DURATION',
      '  Build                      success                0.0 s',
      '  Docs                       skipped-by-when        -',
      '  Checks                     success                0.2 s',
      '    Vet                      success                0.0 s',
      '    Lint                     skipped-by-when        -',
      '  Test                       failed                 0.2 s',
      '    Unit                     failed                 0.1 s',
      '    Integration              skipped-after-failure  -',
      '  Deploy                     skipped-after-failure  -',
      '  Declarative: Post Actions  success                0.0 s',
    ]);
    expect(summaryTable([])).toEqual(['jslc run: no stage ran']);
  });

  test('the table nests a stage under its own parallel branch, not under a sibling branch that started earlier', () => {
    // The example's fan-out: a branch "Build linux/amd64 + Image" runs Build, then Image, while "Build linux/arm64"
    // started in between: start order alone would show Image under Build linux/arm64.
    const rec = (name: string, parents: string[], startMs: number, durationMs: number): StageRecord => ({
      name,
      parents,
      startMs,
      durationMs,
      status: 'success',
    });
    const q = 'Quality + Build + Image';
    const records = [
      rec(q, [], 0, 100),
      rec('Vet', [q], 1, 50),
      rec('Build linux/amd64 + Image', [q], 2, 90),
      rec('Build linux/amd64', [q, 'Build linux/amd64 + Image'], 3, 40),
      rec('Build linux/arm64', [q], 4, 45),
      rec('Image', [q, 'Build linux/amd64 + Image'], 50, 40),
      rec('Push', [], 101, 1),
    ];
    expect(treeOrder(records).map((r) => r.name)).toEqual([q, 'Vet', 'Build linux/amd64 + Image', 'Build linux/amd64', 'Image', 'Build linux/arm64', 'Push']);
    expect(summaryTable(records).slice(2)).toEqual([
      '  Quality + Build + Image      success  0.1 s',
      '    Vet                        success  0.1 s',
      '    Build linux/amd64 + Image  success  0.1 s',
      '      Build linux/amd64        success  0.0 s',
      '      Image                    success  0.0 s',
      '    Build linux/arm64          success  0.0 s',
      '  Push                         success  0.0 s',
    ]);
    // A retried parent: each child stays under the attempt it ran in.
    const retried = [rec('Deploy', [], 0, 10), rec('Step', ['Deploy'], 1, 5), rec('Deploy', [], 20, 10), rec('Step', ['Deploy'], 21, 5)];
    expect(treeOrder(retried).map((r) => `${r.name}@${r.startMs}`)).toEqual(['Deploy@0', 'Step@1', 'Deploy@20', 'Step@21']);
  });

  test('the --json envelope of a failed run', () => {
    const env = runEnvelope({ exitCode: 2, findings: runFindings('FAILURE', errors, log), result: 'FAILURE', durationMs: 1234, stages: records });
    expect(env).toMatchObject({
      ok: false,
      command: 'run',
      exitCode: 2,
      findings: [{ severity: 'error', message: 'script returned exit code 3' }],
      result: 'FAILURE',
      durationMs: 1234,
    });
    expect(env.stages[0]).toEqual({ name: 'Build', startMs: 60, durationMs: 40, status: 'success' });
    expect(env.stages[3]).toEqual({ name: 'Vet', parents: ['Checks'], startMs: 220, durationMs: 40, status: 'success' });
    expect(env.stages.map((s) => s.status)).toEqual(records.map((r) => r.status));
  });

  test('a successful run has no findings; a run that could not happen has no result and no stages', () => {
    expect(runFindings('SUCCESS', ['ignored'], 'ERROR: ignored')).toEqual([]);
    const result: BuildResult = 'SUCCESS';
    expect(runEnvelope({ exitCode: 0, findings: [], result, durationMs: 5, stages: [] })).toEqual({
      ok: true,
      command: 'run',
      exitCode: 0,
      findings: [],
      result: 'SUCCESS',
      durationMs: 5,
      stages: [],
    });
    expect(runEnvelope({ exitCode: 5, findings: [{ severity: 'error', message: 'no Docker engine answers', code: 'docker' }], durationMs: 7 })).toEqual({
      ok: false,
      command: 'run',
      exitCode: 5,
      findings: [{ severity: 'error', message: 'no Docker engine answers', code: 'docker' }],
      durationMs: 7,
      stages: [],
    });
  });

  test('an agent image the machine cannot pull: the finding names the image and --agent-image FROM=TO', () => {
    const f = fixture('executor-agent-image-unpullable');
    const { errors: errs, records: recs } = stageRecordsOfLog(f.lines, f.times, 'FAILURE');
    expect(statuses(recs)).toEqual(['Build: failed']);
    expect(unpullableImages(f.log)).toEqual([
      {
        image: 'jslc-test-nonexistent.invalid/x:1',
        reason: 'Get "https://jslc-test-nonexistent.invalid/v2/": dial tcp: lookup jslc-test-nonexistent.invalid on 10.0.0.53:53: no such host',
      },
    ]);
    expect(runFindings('FAILURE', errs, f.log)).toEqual([
      {
        severity: 'error',
        code: 'agent-image-pull',
        message:
          'the agent image jslc-test-nonexistent.invalid/x:1 could not be pulled (Get "https://jslc-test-nonexistent.invalid/v2/": dial tcp: lookup ' +
          'jslc-test-nonexistent.invalid on 10.0.0.53:53: no such host). If this machine cannot pull it, run it as a local image: ' +
          '--agent-image jslc-test-nonexistent.invalid/x:1=LOCAL_IMAGE (or --agent-image jslc-test-nonexistent.invalid/x:1=runner ' +
          "for jslc's runner image: Go, git, docker CLI, cosign).",
      },
    ]);
    expect(
      unpullableImages('[Build] + docker pull registry.invalid/go:1\nError response from daemon: Get "https://registry.invalid/v2/": no such host\n'),
    ).toEqual([{ image: 'registry.invalid/go:1', reason: 'Get "https://registry.invalid/v2/": no such host' }]);
    expect(unpullableImages('+ docker pull golang:1.22\n1.22: Pulling from library/golang\nDigest: sha256:abc\n')).toEqual([]);
    expect(unpullableImages('Error response from daemon: pull access denied for private/app, repository does not exist')).toEqual([
      { image: 'private/app', reason: 'pull access denied for private/app, repository does not exist' },
    ]);
  });
});

describe('jslc run --json when the run cannot happen (bin/jslc.js, after npm run build)', () => {
  function jslc(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'jslc.js'), 'run', ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('no Docker engine: the envelope with ok false, exit 5 and the finding', () => {
    const r = jslc([join(ROOT, 'package.json'), '--library', `x=${join(ROOT, 'fixtures')}`, '--json'], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(r.status).toBe(5);
    const env = JSON.parse(r.stdout) as RunEnvelope;
    expect(env).toMatchObject({ ok: false, command: 'run', exitCode: 5, stages: [], findings: [{ severity: 'error', code: 'docker' }] });
    expect(env.findings[0]!.message).toMatch(/^no Docker engine answers \(tcp:\/\/127\.0\.0\.1:1\)/);
    expect(env.result).toBeUndefined();
    expect(r.stderr).toContain('jslc run: no Docker engine answers');
  });

  test('a usage error: the envelope with exit 2, the help on stderr', () => {
    const r = jslc(['no-such-Jenkinsfile', '--json']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      command: 'run',
      exitCode: 2,
      findings: [{ severity: 'error', code: 'usage', message: 'no such Jenkinsfile: no-such-Jenkinsfile' }],
    });
    expect(r.stderr).toContain('Usage: jslc run');
  });
});
