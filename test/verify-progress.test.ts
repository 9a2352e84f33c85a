/**
 * Progress of `jslc verify` per check (issue 13): `verifyLibrary(dir, checks, { onProgress })` and `verifyFiles`
 * report each check's start and end (files examined, findings, wall time, or the error that stopped it), and
 * `--checks codenarc` alone counts the Groovy files CodeNarc examined (it used to report 0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '../src/library/writer.js';
import { ensureVerifier, verifyFiles, verifyLibrary, type VerifyProgress } from '../src/verify/verify.js';
import { javaHome, whenTool } from './support/tools.js';

const it = whenTool('Java 17 (jslc verify)', javaHome() ? true : undefined);
const groovyFiles = (dir: string) => listFiles(dir).filter((p) => /^(vars|src)\/.*\.groovy$/.test(p));

beforeAll(() => {
  if (javaHome()) ensureVerifier();
}, 900_000);

it('codenarc alone counts the Groovy files it examined, and reports its start and end', async () => {
  const events: VerifyProgress[] = [];
  const r = await verifyLibrary('vars-out', ['codenarc'], { onProgress: (e) => events.push(e) });
  expect(r.findings).toEqual([]);
  // Every Groovy file of the library (vars/*.groovy of the example; not 0, as it was).
  expect(r.files).toBe(groovyFiles('vars-out').length);
  expect(r.files).toBeGreaterThan(10);
  expect(events.map((e) => `${e.check} ${e.phase}`)).toEqual(['codenarc start', 'codenarc end']);
  const end = events[1]!;
  expect(end).toEqual({ check: 'codenarc', phase: 'end', files: r.files, findings: 0, ms: expect.any(Number) });
  expect(end.phase === 'end' && end.ms).toBeGreaterThan(0);
}, 300_000);

it('every selected check starts, then ends with its own files and findings; verifyFiles passes the option on', async () => {
  const dir = join('fixtures', 'verify', 'sandbox');
  const events: VerifyProgress[] = [];
  const r = await verifyLibrary(dir, ['groovy', 'sandbox', 'secrets'], { onProgress: (e) => events.push(e) });
  // All start before any ends (they run at the same time), each ends once.
  expect(events.slice(0, 3).every((e) => e.phase === 'start')).toBe(true);
  expect(events.filter((e) => e.phase === 'start').map((e) => e.check)).toEqual(['groovy', 'sandbox', 'secrets']);
  const ends = new Map(events.filter((e) => e.phase === 'end').map((e) => [e.check, e]));
  expect([...ends.keys()].sort()).toEqual(['groovy', 'sandbox', 'secrets']);
  for (const check of ['groovy', 'sandbox', 'secrets'] as const) {
    expect(ends.get(check)).toEqual({
      check,
      phase: 'end',
      files: 1,
      findings: r.findings.filter((f) => f.check === check).length,
      ms: expect.any(Number),
    });
  }
  expect(ends.get('sandbox')!.phase === 'end' && ends.get('sandbox')!.findings).toBeGreaterThan(0);

  const inMemory: VerifyProgress[] = [];
  const files = new Map(listFiles(dir).map((p) => [p, readFileSync(join(dir, p), 'utf8')]));
  const again = await verifyFiles(files, ['sandbox'], { onProgress: (e) => inMemory.push(e) });
  expect(again.findings).toEqual(r.findings.filter((f) => f.check === 'sandbox'));
  expect(inMemory.map((e) => `${e.check} ${e.phase}`)).toEqual(['sandbox start', 'sandbox end']);
}, 300_000);

test('a check that cannot run ends with its error, and the run rejects with it', async () => {
  const saved = process.env['JSLC_GROOVY_CPS_JAR'];
  process.env['JSLC_GROOVY_CPS_JAR'] = '/nonexistent/groovy-cps-1.31.jar';
  try {
    const events: VerifyProgress[] = [];
    await expect(verifyLibrary('vars-out', ['codenarc'], { onProgress: (e) => events.push(e) })).rejects.toThrow(
      'jslc verify (codenarc): groovy-cps jar not found at /nonexistent/groovy-cps-1.31.jar',
    );
    expect(events).toEqual([
      { check: 'codenarc', phase: 'start' },
      { check: 'codenarc', phase: 'end', findings: 0, ms: expect.any(Number), error: expect.stringContaining('groovy-cps jar not found') },
    ]);
  } finally {
    if (saved === undefined) delete process.env['JSLC_GROOVY_CPS_JAR'];
    else process.env['JSLC_GROOVY_CPS_JAR'] = saved;
  }
});
