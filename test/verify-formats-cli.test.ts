/**
 * `jslc verify --format sarif|github` and the progress lines, through the CLI (issue 13, item 4): the SARIF log on
 * stdout validates against the official SARIF 2.1.0 schema (fixtures/sarif/), GitHub annotations point at files from
 * the working directory, the summary and one line per check go to stderr, and `--json` with another format is a usage
 * error. The secrets and sandbox checks here need no JVM build beyond the verifier jar (built on first use).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Ajv04Import from 'ajv-draft-04';
import addFormatsImport from 'ajv-formats';
import { javaHome, whenTool } from './support/tools.js';

type AjvClass = typeof Ajv04Import.default;
type AddFormats = typeof addFormatsImport.default;
// CommonJS with `exports.default`: the default import is the module object under NodeNext, the export under Jest.
const Ajv04: AjvClass = (Ajv04Import as unknown as { default?: AjvClass }).default ?? (Ajv04Import as unknown as AjvClass);
const addFormats: AddFormats = (addFormatsImport as unknown as { default?: AddFormats }).default ?? (addFormatsImport as unknown as AddFormats);
const ajv = new Ajv04({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync('fixtures/sarif/sarif-schema-2.1.0.json', 'utf8')) as object);

const it = whenTool('Java 17 (jslc verify --checks sandbox)', javaHome());

function jslc(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/jslc.js', 'verify', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '', NO_COLOR: '1' },
    timeout: 300_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('--format sarif: a valid SARIF 2.1.0 log on stdout with one result per finding, exit 1 on findings', () => {
  const r = jslc('fixtures/verify/sandbox', '--checks', 'sandbox,secrets', '--format', 'sarif');
  expect(r.status).toBe(1);
  const log = JSON.parse(r.stdout) as {
    version: string;
    runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string }[] }[];
  };
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  expect(log.version).toBe('2.1.0');
  expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(['sandbox', 'secrets']);
  expect(log.runs[0]!.results.length).toBeGreaterThan(0);
  expect(log.runs[0]!.results.every((x) => x.ruleId === 'sandbox' && x.level === 'error')).toBe(true);
  // The findings are in the log, not on stderr; stderr has the progress lines and the summary.
  expect(r.stderr).toMatch(/^jslc verify: sandbox: 1 file, \d+ finding\(s\) in \d+\.\d s$/m);
  expect(r.stderr).toMatch(/^jslc verify: fixtures\/verify\/sandbox: 1 files, sandbox, secrets: \d+ finding\(s\) in/m);
  expect(r.stderr).not.toContain('[sandbox]');
  const clean = jslc('vars-out', '--checks', 'secrets', '--format', 'sarif');
  expect(clean.status).toBe(0);
  const cleanLog = JSON.parse(clean.stdout) as { runs: { results: unknown[] }[] };
  expect(validate(cleanLog) ? [] : validate.errors).toEqual([]);
  expect(cleanLog.runs[0]!.results).toEqual([]);
});

it('--format github: one ::error annotation per finding, file= from the working directory', () => {
  const r = jslc('fixtures/verify/sandbox', '--checks', 'sandbox', '--format', 'github');
  expect(r.status).toBe(1);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThan(0);
  for (const l of lines) expect(l).toMatch(/^::error file=fixtures\/verify\/sandbox\/vars\/dangerous\.groovy,line=\d+,col=\d+,title=jslc verify \[sandbox\]::/);
  expect(jslc('vars-out', '--checks', 'secrets', '--format', 'github').stdout).toBe('');
});

test('an unknown format, or --json with another format, is a usage error', () => {
  const bad = jslc('vars-out', '--format', 'xml');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/^jslc verify: unknown --format "xml"; formats: text, sarif, github\n\nUsage: jslc verify/);
  const both = jslc('vars-out', '--format', 'sarif', '--json');
  expect(both.status).toBe(2);
  expect(JSON.parse(both.stdout)).toMatchObject({ ok: false, exitCode: 2, findings: [{ code: 'usage' }] });
});

it('progress: one line per check on stderr as it ends, with --json too (stdout stays one document)', () => {
  const r = jslc('vars-out', '--checks', 'secrets,declarative', '--json');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, command: 'verify', checks: ['secrets', 'declarative'] });
  expect(r.stderr.trimEnd().split('\n').sort()).toEqual([
    expect.stringMatching(/^jslc verify: declarative: \d+ files, 0 finding\(s\) in \d+\.\d s$/),
    expect.stringMatching(/^jslc verify: secrets: \d+ files, 0 finding\(s\) in \d+\.\d s$/),
  ]);
});
