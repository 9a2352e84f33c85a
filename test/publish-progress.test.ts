/**
 * Progress of `jslc publish` per step (issue 13): `publish({ …, onStep })` reports clone, check, api-diff, verify,
 * commit, tag and push as each starts and ends, with its duration, into a real local bare git repository; a dry run
 * reports no push, and a refusal ends the step that refused with its message and starts no later one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cmd, defineLibrary, goPipeline, stage } from '../src/index.js';
import { synth } from '../src/driver/driver.js';
import type { LibraryFiles } from '../src/library/files.js';
import { PUBLISH_STEPS, PublishError, formatPublishStep, publish, type PublishOptions, type PublishStep } from '../src/publish/publish.js';
import { formatVerifyFinding, verifyFiles } from '../src/verify/verify.js';
import { onPath, whenTool } from './support/tools.js';

const it = whenTool('git (jslc publish commits, tags and pushes)', onPath('git') ? true : undefined);

/** A small library; `extra` adds an optional parameter (a minor API change). */
function library(extra: boolean): LibraryFiles {
  return synth(
    defineLibrary({
      name: 'progress-lib',
      pipelines: {
        hello: goPipeline({
          description: 'Greets',
          go: { version: '1.27.4', cache: false },
          params: {
            who: { type: 'string', required: true, description: 'Whom to greet' },
            ...(extra ? { loud: { type: 'boolean' as const, default: false, description: 'Shout' } } : {}),
          },
          stages: [stage.run('Greet', cmd('echo', ['hello']))],
        }),
      },
    }),
  );
}

/** The real secrets check of jslc verify (no Java needed), as `jslc publish` passes verification in. */
const verify = async (files: LibraryFiles): Promise<string[]> => (await verifyFiles(files, ['secrets'])).findings.map(formatVerifyFinding);

let tmp = '';
let bare = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jslc-publish-progress-'));
  bare = join(tmp, 'progress-lib.git');
  execFileSync('git', ['init', '-q', '--bare', bare]);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function options(version: string, files: LibraryFiles, events: PublishStep[], more: Partial<PublishOptions> = {}): PublishOptions {
  return { files, library: 'progress-lib', repo: bare, version, source: 'progress.ts', generator: '0.1.0', verify, onStep: (s) => events.push(s), ...more };
}

/** `step phase` for every event, with `!` after an end that carries an error. */
const trace = (events: readonly PublishStep[]) => events.map((e) => `${e.step} ${e.phase}${e.phase === 'end' && e.error !== undefined ? '!' : ''}`);
const tags = () => execFileSync('git', ['-C', bare, 'tag', '--list'], { encoding: 'utf8' });

it('a release reports every step in order, each ended with its duration, and is pushed', async () => {
  const events: PublishStep[] = [];
  const r = await publish(options('1.0.0', library(false), events));
  expect(r.pushed).toBe(true);
  expect(tags()).toBe('v1.0.0\n');
  expect(trace(events)).toEqual(PUBLISH_STEPS.flatMap((s) => [`${s} start`, `${s} end`]));
  for (const e of events) {
    if (e.phase === 'end') {
      expect(Number.isInteger(e.ms)).toBe(true);
      expect(e.ms).toBeGreaterThanOrEqual(0);
      expect(e.error).toBeUndefined();
    }
  }
});

it('a dry run reports no push; without verify there is no verify step', async () => {
  const events: PublishStep[] = [];
  const r = await publish(options('1.1.0', library(true), events, { dryRun: true, verify: undefined }));
  expect(r.pushed).toBe(false);
  expect(r.changes.map((c) => c.bump)).toEqual(['minor']);
  expect(trace(events)).toEqual(['clone', 'check', 'api-diff', 'commit', 'tag'].flatMap((s) => [`${s} start`, `${s} end`]));
  expect(tags()).toBe('v1.0.0\n');
});

it('a refusal ends the step that refused with its message and starts no later step', async () => {
  const events: PublishStep[] = [];
  await expect(publish(options('1.0.0', library(true), events))).rejects.toThrow(PublishError);
  expect(trace(events)).toEqual(['clone start', 'clone end', 'check start', 'check end!']);
  const last = events[events.length - 1]!;
  expect(last.phase === 'end' && last.error).toBe(`v1.0.0 is already published in ${bare}; choose the next version`);

  // A verification problem stops the publish at the verify step.
  const refused: PublishStep[] = [];
  const failing = async () => ['vars/hello.groovy:1:1 [secrets] a problem'];
  await expect(publish(options('1.1.0', library(true), refused, { verify: failing }))).rejects.toThrow(
    'verification found 1 problem(s); nothing was published',
  );
  expect(trace(refused)).toEqual(['clone start', 'clone end', 'check start', 'check end', 'api-diff start', 'api-diff end', 'verify start', 'verify end!']);
  expect(tags()).toBe('v1.0.0\n');
});

test('a progress line per ended step; none for a start', () => {
  expect(formatPublishStep({ step: 'clone', phase: 'start' })).toBeUndefined();
  expect(formatPublishStep({ step: 'clone', phase: 'end', ms: 123 })).toBe('jslc publish: clone in 0.1 s');
  expect(formatPublishStep({ step: 'verify', phase: 'end', ms: 12_345, error: 'verification found 1 problem(s); nothing was published\nmore' })).toBe(
    'jslc publish: verify failed after 12.3 s: verification found 1 problem(s); nothing was published',
  );
});
