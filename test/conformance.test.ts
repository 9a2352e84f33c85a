/**
 * The executor's Declarative conformance suite: each case under fixtures/conformance/<case>/ is a Jenkinsfile ported
 * from an upstream test (pipeline-model-definition's, named in the case's expected.json) with the result, the log
 * lines in order, the lines that must not appear and the stage statuses that upstream test asserts. The executor runs
 * each case exactly as test/executor.test.ts runs it, with JSLC_STAGES_FILE set, so the stage statuses are the ones
 * it writes to the stage status file.
 *
 * expected.json: { "upstream": "...", "result": "SUCCESS"|…, "log": [...], "notLog": [...],
 *                  "stages": { "name": "status" }, "args": [...] (optional extra executor arguments; ${CASE} is the
 *                  case's directory) }
 * A stage name that occurs more than once (a matrix cell, a parallel branch of a skipped parent) is checked on each
 * occurrence. Optional library/ next to the Jenkinsfile is loaded as @Library('conformance') _; optional workspace/ is
 * copied into the workspace first (files the upstream test puts there).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { javaHome, onPath, whenTool } from './support/tools.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CASES = join(ROOT, 'fixtures', 'conformance');
const JAR = join(ROOT, 'runner', 'executor', 'target', 'jslc-executor.jar');

const tools = javaHome() && onPath('mvn') ? { java: javaHome() } : undefined;
const it = whenTool('Java 17 and Maven (to build and run runner/executor/target/jslc-executor.jar)', tools);

/** A case's expected.json. */
interface Expected {
  upstream: string;
  result: 'SUCCESS' | 'UNSTABLE' | 'FAILURE' | 'NOT_BUILT' | 'ABORTED';
  log: string[];
  notLog?: string[];
  stages?: Record<string, string>;
  args?: string[];
}

/** One line of the stage status file. */
interface StageLine {
  name: string;
  parents: string[];
  status: string;
  startMs: number;
  durationMs: number;
}

const EXIT: Record<Expected['result'], number> = { SUCCESS: 0, UNSTABLE: 1, FAILURE: 2, NOT_BUILT: 3, ABORTED: 4 };

let tmp = '';

beforeAll(() => {
  if (!tools) return;
  execFileSync('bash', [join(ROOT, 'scripts', 'build-executor.sh')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  tmp = mkdtempSync(join(tmpdir(), 'jslc-conformance-'));
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The lines of `expected` missing from `log` in order: [] when each appears after the previous one. */
function missingInOrder(log: string, expected: string[]): string[] {
  let at = 0;
  const missing: string[] = [];
  for (const line of expected) {
    const i = log.indexOf(line, at);
    if (i < 0) missing.push(line);
    else at = i + line.length;
  }
  return missing;
}

const names = readdirSync(CASES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('executor conformance with upstream Declarative tests', () => {
  test('has the cases', () => {
    // Issue 14: at least 60 upstream-derived cases.
    expect(names.length).toBeGreaterThanOrEqual(60);
  });

  for (const name of names) {
    const dir = join(CASES, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    it(`${name} (${expected.upstream})`, () => {
      const workspace = join(tmp, name, 'workspace');
      const stagesFile = join(tmp, name, 'stages.jsonl');
      const lib = join(dir, 'library');
      if (existsSync(join(dir, 'workspace'))) cpSync(join(dir, 'workspace'), workspace, { recursive: true });
      const args = (expected.args ?? []).map((a) => a.replaceAll('${CASE}', dir));
      const extra = [...(existsSync(lib) ? ['--library', `conformance=${lib}`] : []), ...args];
      const r = spawnSync(
        join(tools!.java!, 'bin', 'java'),
        ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', JAR, '--workspace', workspace, ...extra, join(dir, 'Jenkinsfile')],
        { encoding: 'utf8', timeout: 120_000, env: { ...process.env, JSLC_STAGES_FILE: stagesFile } },
      );
      const log = r.stdout + r.stderr;
      const report = `--- log of ${name} ---\n${log}`;
      expect({ finished: /Finished: (\w+)\s*$/.exec(log)?.[1], report }).toEqual({ finished: expected.result, report });
      expect(r.status).toBe(EXIT[expected.result]);
      expect({ missing: missingInOrder(log, expected.log), report }).toEqual({ missing: [], report });
      for (const line of expected.notLog ?? []) expect({ unexpected: log.includes(line) ? line : null, report }).toEqual({ unexpected: null, report });
      if (expected.stages) {
        const lines = existsSync(stagesFile)
          ? readFileSync(stagesFile, 'utf8')
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l) as StageLine)
          : [];
        for (const [stage, status] of Object.entries(expected.stages)) {
          const seen = lines.filter((l) => l.name === stage).map((l) => l.status);
          expect({ stage, statuses: seen.length > 0 ? [...new Set(seen)] : ['(not in the stage file)'] }).toEqual({ stage, statuses: [status] });
        }
      }
    });
  }
});
